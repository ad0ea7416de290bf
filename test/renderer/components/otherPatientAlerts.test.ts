import { describe, expect, it } from 'vitest';
import { OTHER_PATIENT_LINES, otherLinesAllowed } from '../../../renderer/components/otherPatientAlerts.tsx';

/** How the room above the screens is shared by the two lists of other patients' alerts. */
describe('otherLinesAllowed', () => {
  it('never shows more than OTHER_PATIENT_LINES other-patient lines together, and each list with alerts shows at least one', () => {
    for (let critical = 0; critical <= 6; critical++) {
      for (let ekg = 0; ekg <= 6; ekg++) {
        const allowed = otherLinesAllowed({ critical, ekg });
        const shown = Math.min(critical, allowed.critical) + Math.min(ekg, allowed.ekg);
        expect(shown, `${critical} + ${ekg}`).toBeLessThanOrEqual(Math.max(OTHER_PATIENT_LINES, 2));
        if (critical > 0) expect(Math.min(critical, allowed.critical)).toBeGreaterThanOrEqual(1);
        if (ekg > 0) expect(Math.min(ekg, allowed.ekg)).toBeGreaterThanOrEqual(1);
        // Room left unused only when there is nothing more to show.
        expect(shown).toBe(Math.min(OTHER_PATIENT_LINES, critical + ekg));
      }
    }
  });

  it('gives one list the whole room when the other has none', () => {
    expect(otherLinesAllowed({ critical: 4, ekg: 0 }).critical).toBe(2);
    expect(otherLinesAllowed({ critical: 0, ekg: 4 }).ekg).toBe(2);
    expect(otherLinesAllowed({ critical: 3, ekg: 3 })).toEqual({ critical: 1, ekg: 1 });
  });
});
