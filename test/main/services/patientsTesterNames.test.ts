import { afterEach, describe, expect, it } from 'vitest';
import { Patients } from '../../../main/services/patients.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

const ma = { id: 'mia', role: 'ma' as const };
let cleanup = (): void => undefined;
afterEach(() => cleanup());

function setup() {
  const t = tempStore({ clockMs: manualClock().clockMs });
  cleanup = t.cleanup;
  const patients = new Patients(t.store);
  const audit = () => t.store.db.prepare('SELECT verb, outcome, reason, patient_id AS patientId, details FROM audit_log ORDER BY seq').all();
  return { t, patients, audit };
}
const base = { mrn: 'MRN800001', familyName: 'Lee', givenName: 'Ann', birthDate: '1980-05-05', sex: 'female' as const };

describe('Patients: names a UI tester registered', () => {
  it('refuses a hidden control or text-direction character in a name or the MRN (U+202E scrambled every banner), in plain words naming the field only', () => {
    const { t, patients } = setup();
    for (const bad of [{ familyName: 'Lee\u202E' }, { givenName: '\u202EAnn' }, { givenName: 'A\u200Bnn' }, { familyName: 'Le\u2066e' }, { familyName: 'Lee\u0007' }, { mrn: 'MRN800001\u202E' }]) {
      const field = 'familyName' in bad ? 'family name' : 'givenName' in bad ? 'given name' : 'MRN';
      let error: unknown;
      try {
        patients.create({ ...base, ...bad }, ma);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(bad)).toMatchObject({ code: 'invalid-patient', message: `The ${field} holds a hidden control or text-direction character (often pasted along with text): type the ${field} again.` });
      expect((error as Error).message).not.toMatch(/Lee|Ann|MRN800001/);
    }
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
  });

  it('refuses a name the labels or the EKG report cannot print until the operator confirms, saying what will not work; the confirmation is audited', () => {
    const { patients, audit } = setup();
    const chinese = { ...base, familyName: '张', givenName: '伟' };
    expect(() => patients.create(chinese, ma)).toThrow(
      expect.objectContaining({ code: 'patient-name-unprintable', message: expect.stringMatching(/label printer cannot print it.*EKG report cannot print it/) }),
    );
    expect(audit().at(-1)).toMatchObject({ verb: 'create', outcome: 'failure', reason: 'patient-name-unprintable', details: '{"cannotPrint":"labels report"}' });
    // Polish ł: not on labels, but the report prints it.
    const polish = { ...base, mrn: 'MRN2', familyName: 'Łukasz' };
    expect(() => patients.create(polish, ma)).toThrow(expect.objectContaining({ code: 'patient-name-unprintable', message: expect.not.stringMatching(/EKG report/) }));
    const saved = patients.create({ ...chinese, confirmedUnprintableName: true }, ma);
    expect(saved).toMatchObject({ familyName: '张', givenName: '伟' });
    expect(audit().at(-1)).toMatchObject({ verb: 'create', outcome: 'success', patientId: String(saved.id), details: '{"cannotPrint":"labels report"}' });
    // A name every output prints needs no confirmation.
    expect(patients.create({ ...base, mrn: 'MRN3', familyName: 'Müller', givenName: 'José' }, ma).familyName).toBe('Müller');
  });

  it('search folds names as the duplicate check does, whole or by part: "zoe" finds Zoë, "obrien" and "smith" find O\'BRIEN-SMITH, "παπαδοπουλος" finds ΠΑΠΑΔΌΠΟΥΛΟΣ', () => {
    const { patients } = setup();
    const zoe = patients.create({ ...base, mrn: 'Z1', familyName: 'Adams', givenName: 'Zoë' }, ma);
    const obrien = patients.create({ ...base, mrn: 'O1', familyName: "O'BRIEN-SMITH", givenName: 'Kate' }, ma);
    const greek = patients.create({ ...base, mrn: 'G1', familyName: 'ΠΑΠΑΔΌΠΟΥΛΟΣ', givenName: 'Νίκος', confirmedUnprintableName: true }, ma);
    const ids = (q: string) => patients.search(q, 10, ma).map((p) => p.id);
    expect(ids('zoe')).toEqual([zoe.id]);
    expect(ids('adams, zoe')).toEqual([zoe.id]);
    expect(ids('Zoe Adams')).toEqual([zoe.id]);
    expect(ids('obrien')).toEqual([obrien.id]);
    expect(ids("O'Brien")).toEqual([obrien.id]);
    expect(ids('smith')).toEqual([obrien.id]);
    expect(ids('obrien smith')).toEqual([obrien.id]);
    expect(ids('kate smith')).toEqual([obrien.id]);
    expect(ids('smith, kate')).toEqual([obrien.id]);
    expect(ids('παπαδοπουλος')).toEqual([greek.id]);
    expect(ids('νικος παπαδ')).toEqual([greek.id]);
    // Punctuation alone is no name: only an MRN could match it.
    expect(ids("'")).toEqual([]);
    expect(ids('-, -')).toEqual([]);
  });

  it('search is an indexed lookup of the stored keys, not a scan of every patient', () => {
    const { t } = setup();
    const plan = t.store.db
      .prepare("EXPLAIN QUERY PLAN SELECT patient_id FROM patient_name_keys WHERE field = 'family' AND key >= ? AND key < ?")
      .all('smi', 'smi\u{10FFFF}') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH patient_name_keys USING PRIMARY KEY \(field=\? AND key>\? AND key<\?\)/);
  });
});
