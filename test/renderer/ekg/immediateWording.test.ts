import { describe, expect, it } from 'vitest';
import { heldAlertText, heldLeaveText, othersFindingText, pendingMineText, pendingOthersText } from '../../../renderer/ekg/immediateWording.ts';


describe('immediate finding wording, by reader and review state', () => {
  it('the held alert: the assistant gets a provider; a provider who captured it reviews it (never "get a provider")', () => {
    expect(heldAlertText('ma', false)).toEqual({ now: 'get a provider now.', then: 'First record here whom you told and how; then acknowledge.' });
    // Notified: no second call for a provider, only the acknowledgement left.
    expect(heldAlertText('ma', true)).toEqual({ now: 'a provider was notified (see the review trail below).', then: 'Acknowledge the finding before leaving this screen.' });
    // Leaving: main's words (an acknowledgement) for the assistant; the review for a provider.
    expect(heldLeaveText('ma')).toBeNull();
    expect(heldLeaveText('provider')).toBe('Confirm or over-read the EKG with the immediate finding before leaving the EKG screen.');
    for (const notified of [false, true]) {
      const p = heldAlertText('provider', notified);
      expect(p.now).toBe('review this EKG now.');
      expect(`${p.now} ${p.then}`).not.toMatch(/get a provider|tell a provider|acknowledge/i);
    }
  });

  it("someone else's finding, and the pending banner, by role", () => {
    expect(othersFindingText('provider')).toBe('flagged for your review now.');
    expect(othersFindingText('ma')).toMatch(/assistant who captured this EKG notifies a provider/);
    expect(pendingMineText('ma', 'other-screen', 7, false)).toBe('Open the EKG screen, tell a provider now, record it and acknowledge the finding.');
    expect(pendingMineText('ma', 'other-patient', 7, false)).toMatch(/^Select this patient and open the EKG screen, tell a provider now/);
    expect(pendingMineText('provider', 'other-patient', 7, false)).toBe('Select this patient and open the EKG screen and review the EKG now (confirm or over-read it).');
    // Whom she told is recorded: only the acknowledgement is asked for.
    expect(pendingMineText('ma', 'ekg-screen', 7, true)).toBe("Open EKG #7 from this patient's EKG list below and acknowledge the finding: a provider was told, as you recorded.");
    // Already on the EKG screen with the patient: which EKG to open there, not "open the EKG screen".
    expect(pendingMineText('ma', 'ekg-screen', 7, false)).toBe("Open EKG #7 from this patient's EKG list below, tell a provider now, record it and acknowledge the finding.");
    expect(pendingOthersText('ma', 'Mary Assistant', false)).toMatch(/^Make sure a provider knows now: Mary Assistant has not recorded/);
    expect(pendingOthersText('provider', 'Mary Assistant', false)).toMatch(/^Review it now from the worklist: Mary Assistant/);
    for (const text of [pendingMineText('provider', 'other-screen', 7, false), pendingOthersText('provider', 'Mary Assistant', false)]) expect(text).not.toMatch(/tell a provider|make sure a provider/i);
    // The capturer recorded whom they told: nobody is sent for a provider again.
    for (const role of ['ma', 'provider'] as const) {
      const text = pendingOthersText(role, 'Mary Assistant', true);
      expect(text).toMatch(/Mary Assistant recorded that a provider was told and has not acknowledged it yet/);
      expect(text).not.toMatch(/make sure a provider|has not recorded/i);
    }
  });
});
