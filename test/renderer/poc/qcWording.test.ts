import { describe, expect, it } from 'vitest';
import { controlOutcomeText, controlsText, type LoggedControl } from '../../../renderer/poc/qcWording.ts';

const failedHigh: LoggedControl = {
  testName: 'Glucose, capillary (meter)',
  level: 'high',
  value: '118',
  unit: 'mg/dL',
  measured: '2026-11-23 08:21:00 UTC',
  lotNumber: 'GLU-LOT-10',
  passed: false,
};
const head = 'Control FAILED: Glucose, capillary (meter) high control 118 mg/dL, measured 2026-11-23 08:21:00 UTC, lot GLU-LOT-10, is in the QC log.';

describe('a control logged from the meter, in words', () => {
  it('a failed control says the test is locked for that lot and what to run', () => {
    expect(controlOutcomeText(failedHigh, { state: 'failed', failedLevels: ['high'], missingLevels: [] })).toBe(
      `${head} Patient results for Glucose, capillary (meter), lot GLU-LOT-10 are locked: run the high control again until it passes.`,
    );
    expect(controlOutcomeText(failedHigh, { state: 'failed', failedLevels: ['low', 'high'], missingLevels: [] })).toContain('are locked: run the low and high controls again until they pass.');
    // A new lot whose high control failed first: the low one is due as well, and said (a helper found it left out).
    expect(controlOutcomeText(failedHigh, { state: 'failed', failedLevels: ['high'], missingLevels: ['low'] })).toContain('are locked: run the high control again until it passes, and the low control, also due.');
  });

  it('whether the test is locked is main\'s QC state, not this run alone', () => {
    const passedLow = { ...failedHigh, level: 'low', value: '80', passed: true };
    // Passed, but the other level is still due: locked all the same.
    expect(controlOutcomeText(passedLow, { state: 'due', missingLevels: ['high'] })).toBe(
      'Control passed: Glucose, capillary (meter) low control 80 mg/dL, measured 2026-11-23 08:21:00 UTC, lot GLU-LOT-10, is in the QC log. Patient results for Glucose, capillary (meter), lot GLU-LOT-10 are locked until the high control passes.',
    );
    expect(controlOutcomeText(passedLow, { state: 'ok', validUntilMs: 0 })).toMatch(/is in the QC log\. QC for Glucose, capillary \(meter\), lot GLU-LOT-10 is current\.$/);
    expect(controlOutcomeText(passedLow, { state: 'due', missingLevels: ['low', 'high'] })).toContain('locked until the low and high controls pass.');
  });

  it('logged but the QC state could not be read: says to check it, never that QC is current', () => {
    const text = controlOutcomeText(failedHigh, null);
    expect(text).toBe(`${head} Check the QC state of Glucose, capillary (meter), lot GLU-LOT-10 in "Enter a result" before testing patients.`);
    expect(text).not.toMatch(/current/);
  });

  it('a qualitative control has no unit: no stray space', () => {
    const strep = { ...failedHigh, testName: 'Strep A (rapid antigen)', level: 'negative', value: 'Positive', unit: '', passed: false };
    expect(controlOutcomeText(strep, { state: 'failed', failedLevels: ['negative'], missingLevels: [] })).toMatch(/^Control FAILED: Strep A \(rapid antigen\) negative control Positive, measured /);
  });

  it('names the controls as a list', () => {
    expect(controlsText(['high'])).toBe('the high control');
    expect(controlsText(['low', 'high'])).toBe('the low and high controls');
    expect(controlsText(['a', 'b', 'c'])).toBe('the a, b and c controls');
  });
});
