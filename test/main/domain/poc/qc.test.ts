import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../../common/errors.ts';
import { buildCatalogue, getTest } from '../../../../main/domain/poc/catalogue.ts';
import { assertQcCurrent, judgeControl, qcLockoutMessage, qcStatus, type QcRun } from '../../../../main/domain/poc/qc.ts';

const cat = buildCatalogue();
const glucose = getTest(cat, 'glucose-capillary');
const H = 3_600_000;
const run = (level: string, value: string, atMs: number, lot = 'LOT1'): QcRun => ({ testId: 'glucose-capillary', lotNumber: lot, level, value, performedAtMs: atMs, passed: judgeControl(glucose, level, value) });

describe('QC lockout', () => {
  it('is due with no controls, ok once both levels pass, due again after the validity window', () => {
    expect(qcStatus(glucose, 'LOT1', [], 0)).toEqual({ state: 'due', missingLevels: ['low', 'high'] });
    const runs = [run('low', '80', 0), run('high', '300', 1000)];
    expect(qcStatus(glucose, 'LOT1', runs, 2000)).toEqual({ state: 'ok', validUntilMs: 24 * H });
    expect(() => assertQcCurrent(glucose, 'LOT1', runs, 2000, 'now')).not.toThrow();
    expect(qcStatus(glucose, 'LOT1', runs, 24 * H).state).toBe('due');
    expect(() => assertQcCurrent(glucose, 'LOT1', runs, 24 * H, 'now')).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
  });

  it('a failed control locks the test until a later run of that level passes', () => {
    const runs = [run('low', '80', 0), run('high', '300', 0), run('high', '600', 10)];
    expect(runs[2]!.passed).toBe(false);
    expect(qcStatus(glucose, 'LOT1', runs, 20)).toEqual({ state: 'failed', failedLevels: ['high'], missingLevels: [] });
    expect(qcStatus(glucose, 'LOT1', [...runs, run('high', '310', 30)], 40).state).toBe('ok');
  });

  it('a lockout says in plain words which test, lot and controls, and what to do at the test time or now', () => {
    // At the time a downloaded reading was taken: QC run since cannot make it valid, so the test is repeated.
    expect(() => assertQcCurrent(glucose, 'GL-7', [], 0, 'test-time')).toThrow(
      'QC for Glucose, capillary (meter), lot GL-7 was not current when this test was run: no low and high controls passed in the 24 hours before it. A test run before its QC passed cannot be recorded: run QC on this lot until it passes, then repeat the test on the patient.',
    );
    const failed = [run('low', '80', 0, 'GL-7'), run('high', '600', 10, 'GL-7')];
    expect(() => assertQcCurrent(glucose, 'GL-7', failed, 20, 'now')).toThrow(
      'Glucose, capillary (meter), lot GL-7 is locked until QC passes: the last high control run did not pass. Run the high control on this lot, then enter the result.',
    );
    // A new lot whose first high control failed: the low one is due too, and every one must pass.
    const firstFailed = [run('high', '600', 10, 'GL-8')];
    expect(qcStatus(glucose, 'GL-8', firstFailed, 20)).toEqual({ state: 'failed', failedLevels: ['high'], missingLevels: ['low'] });
    expect(() => assertQcCurrent(glucose, 'GL-8', firstFailed, 20, 'now')).toThrow(
      'Glucose, capillary (meter), lot GL-8 is locked until QC passes: the last high control run did not pass, and the low control is due. Run the high and low controls on this lot, then enter the result.',
    );
    // A 30-day QC window reads in days; a single level needs no plural.
    const hba1c = getTest(cat, 'hba1c');
    expect(qcLockoutMessage(hba1c, 'A1-1', { state: 'due', missingLevels: ['high'] }, 'now')).toBe(
      'Hemoglobin A1c, lot A1-1 is locked until QC passes: no high control passed in the last 30 days. Run the high control on this lot, then enter the result.',
    );
  });

  it('QC is per lot: a new lot starts due', () => {
    const runs = [run('low', '80', 0), run('high', '300', 0)];
    expect(qcStatus(glucose, 'LOT2', runs, 10).state).toBe('due');
  });

  it('qualitative controls must read exactly the expected answer; unknown levels are refused', () => {
    const strep = getTest(cat, 'strep-a-rapid');
    expect(judgeControl(strep, 'positive', 'Positive')).toBe(true);
    expect(judgeControl(strep, 'negative', 'Positive')).toBe(false);
    expect(() => judgeControl(strep, 'medium', 'x')).toThrow(expect.objectContaining({ code: 'poc-value' }));
  });

  it('a control value no control can read is refused with the error a patient result gets, never logged as a failed run', () => {
    for (const v of ['8O', '80 mg/dL', '1e2', '', ' ', '0x50', '80.5', '+80', 'NaN']) {
      expect(() => judgeControl(glucose, 'low', v), v).toThrow(expect.objectContaining({ code: 'poc-value' }));
    }
    // Outside what the meter can report: it would have said HI/LO.
    expect(() => judgeControl(glucose, 'high', '700')).toThrow(expect.objectContaining({ code: 'poc-range' }));
    expect(() => judgeControl(glucose, 'high', '>10000')).toThrow(expect.objectContaining({ code: 'poc-range' }));
    // A control that ran and read out of range, or off the meter's scale, is a real failure.
    expect(judgeControl(glucose, 'low', '120')).toBe(false);
    expect(judgeControl(glucose, 'high', 'HI')).toBe(false);
    expect(judgeControl(glucose, 'high', '>600')).toBe(false);
    expect(judgeControl(glucose, 'low', ' 80 ')).toBe(true);
    const inr = getTest(cat, 'inr');
    expect(judgeControl(inr, 'level1', '1.0')).toBe(true);
    expect(() => judgeControl(inr, 'level1', '1.00')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    // Qualitative: an answer the kit gives (Invalid included: a failed run); a typo is refused.
    const strep = getTest(cat, 'strep-a-rapid');
    expect(judgeControl(strep, 'positive', 'positive')).toBe(true);
    expect(judgeControl(strep, 'positive', 'Invalid')).toBe(false);
    expect(() => judgeControl(strep, 'positive', 'Positve')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    // A panel's control reads an answer of one of its members.
    const dip = getTest(cat, 'urine-dipstick');
    expect(judgeControl(dip, 'negative', 'Negative')).toBe(true);
    expect(judgeControl(dip, 'positive', '2+')).toBe(false);
    expect(() => judgeControl(dip, 'positive', 'pos')).toThrow(expect.objectContaining({ code: 'poc-value' }));
  });

  it('property: judging a control either answers or throws a StationError', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('low', 'high'), (v, level) => {
        try {
          expect(typeof judgeControl(glucose, level, v)).toBe('boolean');
        } catch (e) {
          expect(isStationError(e)).toBe(true);
        }
      }),
    );
  });
});

describe('control refusals in the assistant\'s words', () => {
  it('a control result that is no reading names the test, never its id, and says what to type', () => {
    expect(() => judgeControl(glucose, 'low', 'abc')).toThrow(
      'The value typed for Glucose, capillary (meter) is not a reading. Type the number the meter shows (20 to 600 mg/dL), HI or LO if the meter shows that',
    );
    expect(() => judgeControl(glucose, 'medium', '80')).toThrow('Glucose, capillary (meter) has no medium control: choose low or high.');
    expect(() => judgeControl(getTest(cat, 'strep-a-rapid'), 'positive', 'Positve')).toThrow('This is not an answer a Rapid strep A control gives: choose one of Positive, Negative, Invalid.');
  });
});
