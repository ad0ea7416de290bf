import { afterEach, describe, expect, it } from 'vitest';
import { POSSIBLE_DUPLICATE, POSSIBLE_DUPLICATE_MESSAGE, PossibleDuplicatePatientError } from '../../../common/patients/duplicates.ts';
import { Patients } from '../../../main/services/patients.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

const ma = { id: 'mia', role: 'ma' as const };
let cleanup = (): void => undefined;
afterEach(() => cleanup());

function setup() {
  const t = tempStore({ clockMs: manualClock().clockMs });
  cleanup = t.cleanup;
  const patients = new Patients(t.store);
  const audit = () => t.store.db.prepare('SELECT verb, action, outcome, reason, patient_id AS patientId, details FROM audit_log ORDER BY seq').all();
  return { t, patients, audit };
}

describe('Patients', () => {
  it('creates, finds by scanned MRN and by name search; views and searches are audited without names', () => {
    const { t, patients, audit } = setup();
    const jo = patients.create({ mrn: 'MRN100', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-02-03', sex: 'female' }, ma);
    patients.create({ mrn: 'MRN200', familyName: 'Dorsey', givenName: 'Al', birthDate: '1975-11-30', sex: 'male' }, ma);
    expect(patients.view({ mrn: 'MRN100' }, ma)).toEqual(jo);
    expect(patients.search('do', 10, ma).map((p) => p.mrn)).toEqual(['MRN100', 'MRN200']);
    expect(patients.search('doe, j', 10, ma).map((p) => p.mrn)).toEqual(['MRN100']);
    expect(patients.search('mrn200', 10, ma).map((p) => p.mrn)).toEqual(['MRN200']);
    expect(patients.search('%', 10, ma)).toEqual([]);
    expect(() => patients.view({ mrn: 'NOPE' }, ma)).toThrow(expect.objectContaining({ code: 'patient-not-found' }));
    const rows = audit();
    expect(rows[2]).toEqual({ verb: 'view', action: 'read', outcome: 'success', reason: null, patientId: String(jo.id), details: '{"via":"scan"}' });
    expect(rows.at(-1)).toMatchObject({ verb: 'view', outcome: 'failure', reason: 'not-found', patientId: null });
    const log = JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all());
    for (const phi of ['Doe', 'Dorsey', '1980-02-03', 'MRN100']) expect(log).not.toContain(phi);
  });

  it('refuses invalid demographics and duplicate MRNs', () => {
    const { patients } = setup();
    const base = { mrn: 'MRN1', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-02-03', sex: 'female' as const };
    patients.create(base, ma);
    for (const bad of [{ mrn: 'MRN1' }, { mrn: 'bad mrn' }, { birthDate: '1980-02-30' }, { birthDate: '2999-01-01' }, { familyName: '  ' }, { sex: 'x' as never }]) {
      expect(() => patients.create({ ...base, mrn: 'MRN2', ...bad }, ma)).toThrow(expect.objectContaining({ code: expect.stringMatching(/invalid-patient|patient-exists/) }));
    }
  });

  it('refuses a date of birth more than 130 years ago or in the future, in words (1890 was accepted)', () => {
    const { patients } = setup(); // the clock: 2026-01-05
    const base = { mrn: 'MRN1', familyName: 'Doe', givenName: 'Jo', sex: 'female' as const };
    expect(() => patients.create({ ...base, birthDate: '1890-01-01' }, ma)).toThrow(expect.objectContaining({ code: 'invalid-patient', message: expect.stringMatching(/more than 130 years ago/) }));
    expect(() => patients.create({ ...base, birthDate: '2026-01-06' }, ma)).toThrow(expect.objectContaining({ code: 'invalid-patient', message: expect.stringMatching(/future/) }));
    expect(patients.create({ ...base, birthDate: '1896-01-05' }, ma).birthDate).toBe('1896-01-05');
  });

  it('finds "given family" and "family given" without a comma, names with spaces too ("Sam Trialman" found nothing)', () => {
    const { patients } = setup();
    patients.create({ mrn: 'MRN1', familyName: 'Trialman', givenName: 'Sam', birthDate: '1980-02-03', sex: 'male' }, ma);
    patients.create({ mrn: 'MRN2', familyName: 'Van Dyke', givenName: 'Mary Ann', birthDate: '1970-05-06', sex: 'female' }, ma);
    patients.create({ mrn: 'MRN3', familyName: 'Samson', givenName: 'Trude', birthDate: '1960-01-01', sex: 'female' }, ma);
    const mrns = (q: string) => patients.search(q, 10, ma).map((p) => p.mrn);
    expect(mrns('Sam Trialman')).toEqual(['MRN1']);
    expect(mrns('sam tri')).toEqual(['MRN1']);
    expect(mrns('Trialman Sam')).toEqual(['MRN1']);
    expect(mrns('Trialman, Sam')).toEqual(['MRN1']);
    expect(mrns('Mary Ann Van Dyke')).toEqual(['MRN2']);
    expect(mrns('Van Dyke')).toEqual(['MRN2']);
    expect(mrns('Sam Nobody')).toEqual([]);
    expect(mrns('%  _')).toEqual([]);
  });

  it('simulated patients, and only they, carry SIM- MRNs', () => {
    const { patients } = setup();
    const base = { familyName: 'Testperson', givenName: 'Alex', birthDate: '1990-01-01', sex: 'other' as const };
    expect(patients.create({ ...base, mrn: 'SIM-000001' }, ma, { simulated: true }).simulated).toBe(true);
    expect(() => patients.create({ ...base, mrn: 'SIM-000002' }, ma)).toThrow(/SIM-/);
    expect(() => patients.create({ ...base, mrn: 'MRN9' }, ma, { simulated: true })).toThrow(/SIM-/);
  });

  it('treats MRNs that differ only in letter case as one: a scan in any case finds the chart, a second chart is refused', () => {
    const { t, patients } = setup();
    const jane = patients.create({ mrn: 'MRN100', familyName: 'Doe', givenName: 'Jane', birthDate: '1980-02-03', sex: 'female' }, ma);
    expect(() => patients.create({ mrn: 'mrn100', familyName: 'Roe', givenName: 'Rick', birthDate: '1971-05-06', sex: 'male' }, ma)).toThrow(
      expect.objectContaining({ name: 'StationError', code: 'patient-exists' }),
    );
    for (const scanned of ['MRN100', 'mrn100', 'Mrn100', ' mRN100 ']) expect(patients.view({ mrn: scanned }, ma)).toEqual(jane);
    expect(patients.search('mrn100', 10, ma)).toEqual([jane]);
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
    const plan = JSON.stringify(t.store.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM patients WHERE mrn = 'x' COLLATE NOCASE").all());
    expect(plan).toContain('patients_by_mrn_nocase');
  });

  it('refuses a second patient with the same names and date of birth (naming no patient in the message: the form looks them up) until the operator confirms another person (a tester made two TRIALMAN, Taylor)', () => {
    const { t, patients, audit } = setup();
    const taylor = patients.create({ mrn: 'QA-006', familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' }, ma);
    const again = { mrn: 'QA-102', familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' as const };
    // Case, surrounding and repeated spaces, accents and punctuation do not make another name (hidden characters are refused).
    for (const names of [{}, { familyName: '  TRIALMAN ', givenName: 'taylor' }, { familyName: 'Triälman', givenName: 'Tay-lor' }, { givenName: 'TAYLOR  ' }]) {
      expect(() => patients.create({ ...again, ...names }, ma)).toThrow(
        expect.objectContaining({
          name: 'PossibleDuplicatePatientError',
          code: POSSIBLE_DUPLICATE,
          patientIds: [taylor.id],
          message: POSSIBLE_DUPLICATE_MESSAGE,
        }),
      );
    }
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
    // Each refusal is audited (ids only), the warning having been given.
    expect(audit().at(-1)).toEqual({ verb: 'create', action: 'create', outcome: 'failure', reason: 'possible-duplicate', patientId: null, details: `{"possibleDuplicateOf":"${taylor.id}"}` });
    // Another date of birth or another given name is another patient.
    patients.create({ ...again, mrn: 'QA-103', birthDate: '1942-05-14' }, ma);
    patients.create({ ...again, mrn: 'QA-104', givenName: 'Tyler' }, ma);
    // Confirmed: registered, and the confirmation is in the log with the patient it was given against.
    const second = patients.create({ ...again, confirmedDifferentFrom: [taylor.id] }, ma);
    expect(second.mrn).toBe('QA-102');
    expect(audit().at(-1)).toEqual({
      verb: 'create',
      action: 'create',
      outcome: 'success',
      reason: null,
      patientId: String(second.id),
      details: `{"confirmedDifferentPerson":true,"possibleDuplicateOf":"${taylor.id}"}`,
    });
    // Two on file now: both are named, oldest first.
    const third = (() => {
      try {
        patients.create({ ...again, mrn: 'QA-105' }, ma);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(third).toBeInstanceOf(PossibleDuplicatePatientError);
    expect((third as PossibleDuplicatePatientError).patientIds).toEqual([taylor.id, second.id]);
    // The form's lookup: both, oldest first, by the same name rule; audited by count only.
    expect(patients.possibleDuplicates({ familyName: ' TRIALMAN', givenName: 'Täylor', birthDate: '1942-05-13' }, ma).map((p) => p.mrn)).toEqual(['QA-006', 'QA-102']);
    expect(audit().at(-1)).toMatchObject({ verb: 'search', action: 'read', outcome: 'success', details: '{"possibleDuplicates":true,"resultCount":2}' });
    expect(patients.possibleDuplicates({ familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-15' }, ma)).toEqual([]);
    const log = JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all());
    for (const phi of ['Trialman', 'Taylor', '1942-05-13', 'QA-006', 'QA-102']) expect(log).not.toContain(phi);
  });

  it('a confirmation covers only the patients the operator was shown: one registered meanwhile (another window) is refused again, and offered', () => {
    const { t, patients, audit } = setup();
    const again = { familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' as const };
    const first = patients.create({ ...again, mrn: 'QA-006' }, ma);
    expect(() => patients.create({ ...again, mrn: 'QA-102' }, ma)).toThrow(PossibleDuplicatePatientError);
    const shown = patients.possibleDuplicates(again, ma).map((p) => p.id);
    expect(shown).toEqual([first.id]);
    // Meanwhile, another window registers the same person (confirmed against the first, as that window saw).
    const meanwhile = patients.create({ ...again, mrn: 'QA-200', confirmedDifferentFrom: [first.id] }, ma);
    // "This is a different person: save" with the patient shown: refused, naming both; nothing saved.
    expect(() => patients.create({ ...again, mrn: 'QA-102', confirmedDifferentFrom: shown }, ma)).toThrow(
      expect.objectContaining({ code: POSSIBLE_DUPLICATE, patientIds: [first.id, meanwhile.id] }),
    );
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(2);
    expect(audit().at(-1)).toMatchObject({ outcome: 'failure', reason: 'possible-duplicate', details: `{"confirmedDifferentFrom":"${first.id}","possibleDuplicateOf":"${first.id} ${meanwhile.id}"}` });
    // An id that matches nothing confirms nothing.
    expect(() => patients.create({ ...again, mrn: 'QA-102', confirmedDifferentFrom: [first.id, 999] }, ma)).toThrow(PossibleDuplicatePatientError);
    // Shown both, confirmed both: saved, and the log names exactly the patients shown.
    const saved = patients.create({ ...again, mrn: 'QA-102', confirmedDifferentFrom: [first.id, meanwhile.id] }, ma);
    expect(audit().at(-1)).toMatchObject({ outcome: 'success', patientId: String(saved.id), details: `{"confirmedDifferentPerson":true,"possibleDuplicateOf":"${first.id} ${meanwhile.id}"}` });
  });

  it('matches spelling variants of the same names, and the family and given names swapped', () => {
    const { patients } = setup();
    const born = { birthDate: '1956-03-04', sex: 'male' as const };
    const obrien = patients.create({ ...born, mrn: 'P1', familyName: "O'Brien", givenName: 'Mary Ann' }, ma);
    // Ł is not on labels: saved once the operator confirms (see the unprintable-name test).
    const strauss = patients.create({ ...born, mrn: 'P2', familyName: 'Strauß', givenName: 'Łukasz', confirmedUnprintableName: true }, ma);
    const lee = patients.create({ ...born, mrn: 'P3', familyName: 'Smith-Jones', givenName: 'Lee' }, ma);
    const matches = (familyName: string, givenName: string) => patients.possibleDuplicates({ ...born, familyName, givenName }, ma).map((p) => p.id);
    expect(matches('O\u2019Brien', 'Maryann')).toEqual([obrien.id]);
    expect(matches('O Brien', 'Mary-Ann')).toEqual([obrien.id]);
    expect(matches('Strauss', 'Lukasz')).toEqual([strauss.id]);
    expect(matches('Smith\u2013Jones', 'Lee')).toEqual([lee.id]);
    // Swapped: the family name typed as the given name and the other way round.
    expect(matches('Lee', 'Smith Jones')).toEqual([lee.id]);
    expect(matches('Mary Ann', 'OBrien')).toEqual([obrien.id]);
    expect(() => patients.create({ ...born, mrn: 'P4', familyName: 'Lukasz', givenName: 'STRAUSS' }, ma)).toThrow(expect.objectContaining({ patientIds: [strauss.id] }));
    // Different names stay apart, swapped or not.
    expect(matches('Lee', 'Smith')).toEqual([]);
    expect(matches('Strauss', 'Mary Ann')).toEqual([]);
  });

  it('a real registration is not offered demo patients (a real person cannot be a SIM- patient), which stay unchecked among themselves', () => {
    const { patients } = setup();
    const person = { familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' as const };
    patients.create({ ...person, mrn: 'SIM-000001' }, ma, { simulated: true });
    expect(patients.possibleDuplicates(person, ma)).toEqual([]);
    const real = patients.create({ ...person, mrn: 'QA-006' }, ma);
    expect(real.simulated).toBe(false);
    expect(patients.possibleDuplicates(person, ma).map((p) => p.mrn)).toEqual(['QA-006']);
    expect(patients.create({ ...person, mrn: 'SIM-000002' }, ma, { simulated: true }).simulated).toBe(true);
    expect(() => patients.create({ ...person, mrn: 'QA-007' }, ma)).toThrow(expect.objectContaining({ patientIds: [real.id] }));
  });

  it('says a wristband/MRN matched nobody and what to do next, without repeating it (messages carry no patient data)', () => {
    const { patients } = setup();
    expect(() => patients.view({ mrn: ' QA-999 ' }, ma)).toThrow(
      expect.objectContaining({ code: 'patient-not-found', message: 'No patient on this station has that wristband or MRN. Check the band, or search by name and date of birth.' }),
    );
  });
});

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
