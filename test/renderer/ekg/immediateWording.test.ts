import { describe, expect, it } from 'vitest';
import { flagTextFor, heldAlertText, heldLeaveText, othersFindingText, pendingMineText, pendingOthersText } from '../../../renderer/ekg/immediateWording.ts';

const ST = 'ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm): notify the provider now.';
const ROUTINE = 'Fast heart rate (109 per minute): for provider review.';

describe('immediate finding wording, by reader and review state', () => {
  it('the assistant is told to notify the provider; a provider that it is flagged for their review now', () => {
    expect(flagTextFor(ST, 'ma', 'unconfirmed')).toBe(ST);
    expect(flagTextFor(ST, 'provider', 'unconfirmed')).toBe('ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm): flagged for your review now.');
  });

  it('once a provider has confirmed or over-read it, nobody is asked to act on it any more', () => {
    for (const role of ['ma', 'provider', 'admin'] as const) {
      for (const status of ['confirmed', 'over-read'] as const) {
        const text = flagTextFor(ST, role, status);
        expect(text).toBe('ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm).');
        expect(text).not.toMatch(/now|your review/);
      }
    }
  });

  it('other flags read as written', () => {
    expect(flagTextFor(ROUTINE, 'provider', 'unconfirmed')).toBe(ROUTINE);
    expect(flagTextFor(ROUTINE, 'ma', 'confirmed')).toBe(ROUTINE);
  });

  it('the held alert: the assistant gets a provider; a provider who captured it reviews it (never "get a provider")', () => {
    expect(heldAlertText('ma', false)).toEqual({ now: 'get a provider now.', then: 'First record here whom you told and how; then acknowledge.' });
    expect(heldAlertText('ma', true).then).toBe('Then acknowledge before leaving this screen.');
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
    expect(pendingMineText('ma', true)).toBe('Open the EKG screen, tell a provider now, record it and acknowledge the finding.');
    expect(pendingMineText('ma', false)).toMatch(/^Select this patient and open the EKG screen, tell a provider now/);
    expect(pendingMineText('provider', false)).toBe('Select this patient and open the EKG screen and review the EKG now (confirm or over-read it).');
    expect(pendingOthersText('ma', 'mary')).toMatch(/^Make sure a provider knows now: mary has not recorded/);
    expect(pendingOthersText('provider', 'mary')).toMatch(/^Review it now from the worklist: mary/);
    for (const text of [pendingMineText('provider', true), pendingOthersText('provider', 'mary')]) expect(text).not.toMatch(/tell a provider|make sure a provider/i);
  });
});
