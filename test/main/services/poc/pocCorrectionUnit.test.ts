import { afterEach, describe, expect, it } from 'vitest';
import HL7 from 'hl7-standard';
import { tempStore } from '../../../helpers/tempStore.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { PocService } from '../../../../main/services/poc/pocService.ts';
import type { PocActor } from '../../../../main/services/poc/types.ts';

/**
 * A "Wrong unit" correction (a UI tester: a glucose typed as 5.5 mmol/L that the meter showed as
 * 99 mg/dL could not be corrected): the corrected value is judged in the unit chosen, among the
 * units the catalogue reports the test in, and stored with it as a new version (never converted).
 */
const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
const at = (h: number, mi: number) => new Date(2026, 10, 22, h, mi).getTime();

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function setup() {
  // A real store in a temp data dir, removed after each test.
  const t = tempStore({ clockMs: () => at(9, 0) });
  cleanup = t.cleanup;
  const store = t.store;
  const patients = new Patients(store);
  const p = patients.create({ mrn: 'SIM-U-1', familyName: 'Halvorsen', givenName: 'Ingrid', birthDate: '1966-02-11', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
  const svc = new PocService({
    store,
    patientById: (id) => {
      const x = patients.get(id);
      return x && { id: x.id, mrn: x.mrn, familyName: x.familyName, givenName: x.givenName, birthDate: x.birthDate, sex: x.sex, simulated: x.simulated };
    },
  });
  svc.addLot('glucose-capillary', 'GL-U', '2099-12-31', ma, true);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-U', level: 'low', value: '80', performedAtMs: at(8, 0) }, ma);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-U', level: 'high', value: '300', performedAtMs: at(8, 1) }, ma);
  const r = svc.enterResult({ patientId: p.id, confirmBirthDate: '1966-02-11', testId: 'glucose-capillary', value: '5.5', unit: 'mmol/L', observedAt: '2026-11-22T08:50:00', lotNumber: 'GL-U', deviceId: 'SIM-METER' }, ma);
  return { svc, r };
}

describe('PocService.correctResult: a "Wrong unit" correction changes the unit', () => {
  it('5.5 mmol/L corrected to 99 mg/dL: a new version in mg/dL (its own LOINC and ranges), the old one kept', () => {
    const { svc, r } = setup();
    expect(r).toMatchObject({ value: '5.5', unit: 'mmol/L', loinc: '14743-9' });
    const c = svc.correctResult({ resultId: r.id, value: '99', unit: 'mg/dL', reason: 'wrong-unit' }, ma);
    expect(c).toMatchObject({ version: 2, status: 'C', recordId: r.recordId, value: '99', unit: 'mg/dL', loinc: '41653-7', referenceRange: '70-99', flag: null, critical: false, amendReason: 'wrong-unit' });
    expect(svc.history(r.recordId).map((v) => [v.version, v.value, v.unit])).toEqual([
      [1, '5.5', 'mmol/L'],
      [2, '99', 'mg/dL'],
    ]);
    // HL7 carries the corrected version in its own unit (UCUM) and LOINC.
    const h = new HL7(svc.exportHl7(c.id, ma).message);
    h.transform();
    expect([h.get('OBX.3.1'), h.get('OBX.5'), h.get('OBX.6.1'), h.get('OBX.11')]).toEqual(['41653-7', '99', 'mg/dL', 'C']);
  });

  it('the value is judged in the unit chosen, and only a unit the test reports is taken', () => {
    const { svc, r } = setup();
    // 99 kept in mmol/L is outside what the meter measures in mmol/L: said in that unit.
    expect(() => svc.correctResult({ resultId: r.id, value: '99', unit: 'mmol/L', reason: 'wrong-unit' }, ma)).toThrow(expect.objectContaining({ code: 'poc-range', message: expect.stringContaining('(1.1 to 33.3 mmol/L)') }));
    // 5.5 in mg/dL is no reading a meter shows in mg/dL (20 to 600).
    expect(() => svc.correctResult({ resultId: r.id, value: '5.5', unit: 'mg/dL', reason: 'wrong-unit' }, ma)).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => svc.correctResult({ resultId: r.id, value: '99', unit: '%', reason: 'wrong-unit' }, ma)).toThrow(expect.objectContaining({ code: 'poc-unit', message: expect.stringContaining('(mg/dL or mmol/L)') }));
    expect(svc.history(r.recordId)).toHaveLength(1);
  });
});
