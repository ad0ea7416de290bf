import { describe, expect, it } from 'vitest';
import { buildCatalogue, getTest } from '../../../../main/domain/poc/catalogue.ts';
import { assertQcCurrent, judgeControl, qcStatus, type QcRun } from '../../../../main/domain/poc/qc.ts';

const cat = buildCatalogue();
const glucose = getTest(cat, 'glucose-capillary');
const H = 3_600_000;
const run = (level: string, value: string, atMs: number, lot = 'LOT1'): QcRun => ({ testId: 'glucose-capillary', lotNumber: lot, level, value, performedAtMs: atMs, passed: judgeControl(glucose, level, value) });

describe('QC lockout', () => {
  it('is due with no controls, ok once both levels pass, due again after the validity window', () => {
    expect(qcStatus(glucose, 'LOT1', [], 0)).toEqual({ state: 'due', missingLevels: ['low', 'high'] });
    const runs = [run('low', '80', 0), run('high', '300', 1000)];
    expect(qcStatus(glucose, 'LOT1', runs, 2000)).toEqual({ state: 'ok', validUntilMs: 24 * H });
    expect(() => assertQcCurrent(glucose, 'LOT1', runs, 2000)).not.toThrow();
    expect(qcStatus(glucose, 'LOT1', runs, 24 * H).state).toBe('due');
    expect(() => assertQcCurrent(glucose, 'LOT1', runs, 24 * H)).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
  });

  it('a failed control locks the test until a later run of that level passes', () => {
    const runs = [run('low', '80', 0), run('high', '300', 0), run('high', '600', 10)];
    expect(runs[2]!.passed).toBe(false);
    expect(qcStatus(glucose, 'LOT1', runs, 20)).toEqual({ state: 'failed', failedLevels: ['high'] });
    expect(qcStatus(glucose, 'LOT1', [...runs, run('high', '310', 30)], 40).state).toBe('ok');
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
});
