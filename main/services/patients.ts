import { StationError } from '../../common/errors.ts';
import { hiddenCharacterProblem } from '../../common/hiddenCharacters.ts';
import { birthDateProblem, localIsoDate } from '../../common/patients/birthDate.ts';
import { nameMatchKey, PossibleDuplicatePatientError } from '../../common/patients/duplicates.ts';
import { UNPRINTABLE_NAME, unprintableNameCharacters, unprintableNameMessage } from '../../common/patients/labelCharacters.ts';
import { insertPatientNameKeys } from '../storage/migrations/0019_patient_name_keys.ts';
import type { Store } from '../storage/store.ts';
import { assertReportText, ReportTextError } from './ekgReport.ts';
import type { Actor } from './operators.ts';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export interface Patient {
  readonly id: number;
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: Sex;
  readonly simulated: boolean;
}

export interface NewPatient {
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  readonly birthDate: string;
  readonly sex: Sex;
  /**
   * The patients (ids) the operator was shown as possible duplicates (after a
   * PossibleDuplicatePatientError, from possibleDuplicates) and confirmed this is a different person
   * from. Not a blanket pass: a match not in this list (registered since, by another window) is
   * refused all the same, so a confirmation only ever covers patients the operator saw. Audited.
   */
  readonly confirmedDifferentFrom?: readonly number[];
  /**
   * The operator was told that labels (or the EKG report) cannot print these names (an
   * UNPRINTABLE_NAME refusal) and saves them as typed all the same: the EMR is the source of truth.
   * Audited with what cannot print.
   */
  readonly confirmedUnprintableName?: boolean;
}

/** How creating a patient is audited (plus the new id); the role check's refusal reads the same (requireRole). */
export const PATIENT_CREATE = { action: 'create', verb: 'create', objectType: 'patient' } as const;

export const MRN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
/** MRNs of demo patients start with this, so a simulated record is obvious wherever its MRN shows. */
export const SIMULATED_MRN_PREFIX = 'SIM-';

const SELECT = `SELECT id, mrn, family_name AS familyName, given_name AS givenName, birth_date AS birthDate, sex, simulated FROM patients`;
type Row = Omit<Patient, 'simulated'> & { simulated: number };
const toPatient = (r: Row): Patient => ({ ...r, simulated: r.simulated === 1 });

function checkName(field: string, value: string): string {
  const v = value.trim();
  // A direction override (U+202E) in a stored name scrambled the name, MRN and DOB of every banner.
  const hidden = hiddenCharacterProblem(v, field);
  if (hidden !== null) throw new StationError('invalid-patient', hidden);
  if (v.length === 0 || v.length > 100) throw new StationError('invalid-patient', `${field} must be 1-100 printable characters`);
  return v;
}

/** Whether `text` prints on the EKG report (its font and rules, main/services/ekgReport.ts), in both faces. */
function reportPrints(text: string): boolean {
  try {
    assertReportText(text, false);
    assertReportText(text, true);
    return true;
  } catch (e) {
    if (e instanceof ReportTextError) return false;
    throw e;
  }
}

/** What cannot print a patient's names: the label printer's rule (labelCharacters.ts) and the EKG report's. */
export function unprintableNameOutputs(familyName: string, givenName: string): Array<'labels' | 'report'> {
  const outputs: Array<'labels' | 'report'> = [];
  if (unprintableNameCharacters(familyName, givenName).length > 0) outputs.push('labels');
  if (!reportPrints(familyName) || !reportPrints(givenName)) outputs.push('report');
  return outputs;
}

/** The new-patient form checks the same rule before saving; main decides. */
function checkBirthDate(value: string, nowMs: number): string {
  const problem = birthDateProblem(value, localIsoDate(nowMs));
  if (problem !== null) throw new StationError('invalid-patient', problem);
  return value;
}

/**
 * Patients with a name key (patient_name_keys, migration 0019) starting with the folded `typed`:
 * an indexed range scan, two parameters. Text compares as UTF-8 bytes: every key starting with the
 * prefix sorts below the prefix followed by the last code point.
 */
const withKey = (field: 'family' | 'given'): string => `id IN (SELECT patient_id FROM patient_name_keys WHERE field = '${field}' AND key >= ? AND key < ?)`;
const keyRange = (typed: string): [string, string] => {
  const prefix = nameMatchKey(typed);
  return [prefix, `${prefix}\u{10FFFF}`];
};

/** Words written without a comma, cut in two at each space: "Mary Ann Lee" gives ["Mary", "Ann Lee"] and ["Mary Ann", "Lee"]. */
function nameSplits(text: string): Array<readonly [string, string]> {
  const words = text.split(/\s+/);
  return words.slice(1).map((_, i) => [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')] as const);
}

/**
 * Local patient context. Reads that show a patient's record (view, select by scan) and searches
 * are audited; identifiers only go to the log (patient id, counts), never names or dates.
 */
export class Patients {
  constructor(private readonly store: Store) {}

  create(input: NewPatient, actor: Actor, options: { readonly simulated?: boolean } = {}): Patient {
    const simulated = options.simulated === true;
    const mrn = input.mrn.trim();
    const hiddenInMrn = hiddenCharacterProblem(mrn, 'MRN');
    if (hiddenInMrn !== null) throw new StationError('invalid-patient', hiddenInMrn);
    if (!MRN_PATTERN.test(mrn)) throw new StationError('invalid-patient', 'MRN must be 1-32 letters, digits or -');
    if (simulated !== mrn.toUpperCase().startsWith(SIMULATED_MRN_PREFIX)) {
      throw new StationError('invalid-patient', `simulated patients, and only they, have MRNs starting with ${SIMULATED_MRN_PREFIX}`);
    }
    if (!(SEXES as readonly string[]).includes(input.sex)) throw new StationError('invalid-patient', 'unknown sex');
    const familyName = checkName('family name', input.familyName);
    const givenName = checkName('given name', input.givenName);
    const birthDate = checkBirthDate(input.birthDate, this.store.clockMs());
    // A name the labels or the report cannot print is saved only once the operator knows (the form asks).
    const unprintable = simulated ? [] : unprintableNameOutputs(familyName, givenName);
    if (unprintable.length > 0 && input.confirmedUnprintableName !== true) {
      this.store.audit.append({ ...PATIENT_CREATE, operator: actor, outcome: 'failure', reason: UNPRINTABLE_NAME, details: { cannotPrint: unprintable.join(' ') } });
      throw new StationError(UNPRINTABLE_NAME, unprintableNameMessage(unprintable));
    }
    const confirmedFrom = new Set(input.confirmedDifferentFrom ?? []);
    const created = this.store.transaction(() => {
      // The MRN is not repeated here (messages carry no patient data): the form that sent it names it.
      if (this.byMrn(mrn) !== undefined) throw new StationError('patient-exists', 'A patient with this MRN is already registered (MRNs match whatever their letter case).');
      // Demo patients are drawn from a few artificial names and may repeat: no person is split there.
      const sameNamesAndBirth = simulated ? [] : this.withSameNamesAndBirthDate(familyName, givenName, birthDate);
      if (sameNamesAndBirth.some((p) => !confirmedFrom.has(p.id))) return { refusedFor: sameNamesAndBirth };
      const info = this.store.db
        .prepare('INSERT INTO patients (mrn, family_name, given_name, birth_date, sex, simulated, created_at_utc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(mrn, familyName, givenName, birthDate, input.sex, simulated ? 1 : 0, new Date(this.store.clockMs()).toISOString(), actor.id);
      const id = Number(info.lastInsertRowid);
      insertPatientNameKeys(this.store.db, id, familyName, givenName);
      const details = {
        ...(simulated ? { simulated: true } : {}),
        // The confirmation, with the patients it was given against (ids only).
        ...(sameNamesAndBirth.length > 0 ? { confirmedDifferentPerson: true, possibleDuplicateOf: sameNamesAndBirth.map((p) => p.id).join(' ') } : {}),
        // Saved knowing these cannot print the names.
        ...(unprintable.length > 0 ? { cannotPrint: unprintable.join(' ') } : {}),
      };
      this.store.audit.append({
        ...PATIENT_CREATE,
        operator: actor,
        objectId: String(id),
        patientId: String(id),
        outcome: 'success',
        ...(Object.keys(details).length > 0 ? { details } : {}),
      });
      return { patient: this.get(id)! };
    });
    if ('patient' in created) return created.patient;
    // Audited outside the refused transaction, so the entry stays: the warning was given. A
    // confirmation that did not cover every match (one registered since the operator was shown the
    // others) is recorded with the ids it covered.
    this.store.audit.append({
      ...PATIENT_CREATE,
      operator: actor,
      outcome: 'failure',
      reason: 'possible-duplicate',
      details: {
        possibleDuplicateOf: created.refusedFor.map((p) => p.id).join(' '),
        ...(confirmedFrom.size > 0 ? { confirmedDifferentFrom: [...confirmedFrom].join(' ') } : {}),
      },
    });
    throw new PossibleDuplicatePatientError(created.refusedFor.map((p) => p.id));
  }

  /**
   * The patients a registration with these names and date of birth would duplicate (the form asks
   * after a `patient-possible-duplicate` refusal, to offer them): a lookup of patient records, so
   * audited as a search is, by count.
   */
  possibleDuplicates(input: { readonly familyName: string; readonly givenName: string; readonly birthDate: string }, actor: Actor): Patient[] {
    const found = this.withSameNamesAndBirthDate(checkName('family name', input.familyName), checkName('given name', input.givenName), checkBirthDate(input.birthDate, this.store.clockMs()));
    this.store.audit.append({ operator: actor, action: 'read', verb: 'search', objectType: 'patient-list', outcome: 'success', details: { resultCount: found.length, possibleDuplicates: true } });
    return found;
  }

  /**
   * Real patients registered with the same date of birth and the same family and given names,
   * compared as nameMatchKey says (case, accents, punctuation, spaces and invisible characters
   * aside), also with the two names swapped (a family name typed as the given name: "Lee, Mary" and
   * "Mary, Lee"). Oldest first. Demo (simulated) patients are left out: this is only asked for a
   * real registration (demo creations are not checked), and a real person cannot be a demo patient,
   * so offering "Open patient MRN SIM-..." would only invite selecting a demo record for them.
   */
  private withSameNamesAndBirthDate(familyName: string, givenName: string, birthDate: string): Patient[] {
    const family = nameMatchKey(familyName);
    const given = nameMatchKey(givenName);
    return (this.store.db.prepare(`${SELECT} WHERE birth_date = ? AND simulated = 0 ORDER BY id`).all(birthDate) as Row[])
      .filter((r) => {
        const [rowFamily, rowGiven] = [nameMatchKey(r.familyName), nameMatchKey(r.givenName)];
        return (rowFamily === family && rowGiven === given) || (rowFamily === given && rowGiven === family);
      })
      .map(toPatient);
  }

  /** Unaudited lookup for internal use (labels, exports): callers that show the record use view(). */
  get(id: number): Patient | undefined {
    const row = this.store.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : toPatient(row);
  }

  /** Demo patients (for the demo generators). */
  listSimulated(): Patient[] {
    return (this.store.db.prepare(`${SELECT} WHERE simulated = 1 ORDER BY id`).all() as Row[]).map(toPatient);
  }

  /**
   * MRNs match whatever their letter case (a scanner or a person typing must never miss a chart
   * or start a second one); migration 0013 makes them unique the same way.
   */
  byMrn(mrn: string): Patient | undefined {
    const row = this.store.db.prepare(`${SELECT} WHERE mrn = ? COLLATE NOCASE`).get(mrn.trim()) as Row | undefined;
    return row === undefined ? undefined : toPatient(row);
  }

  /** Opens a patient's record (by id, or by a scanned MRN): audited as a view, found or not. */
  view(by: { readonly id: number } | { readonly mrn: string }, actor: Actor): Patient {
    const patient = 'id' in by ? this.get(by.id) : this.byMrn(by.mrn);
    this.store.audit.append({
      operator: actor,
      action: 'read',
      verb: 'view',
      objectType: 'patient',
      objectId: patient ? String(patient.id) : null,
      patientId: patient ? String(patient.id) : null,
      outcome: patient ? 'success' : 'failure',
      ...(patient ? {} : { reason: 'not-found' }),
      details: { via: 'id' in by ? 'select' : 'scan' },
    });
    if (!patient) {
      // The MRN scanned or typed is not repeated (messages carry no patient data); the picker still shows it.
      throw new StationError(
        'patient-not-found',
        'mrn' in by ? 'No patient on this station has that wristband or MRN. Check the band, or search by name and date of birth.' : 'That patient is no longer on this station: search again.',
      );
    }
    return patient;
  }

  /**
   * Search by MRN (exact but for letter case) or name prefix: "family" / "given" / "family, given",
   * each name folded as the duplicate check folds it and matched whole or by any of its parts
   * ("zoe" finds Zoë, "obrien" and "smith" find O'BRIEN-SMITH),
   * or two names without a comma in either order ("Sam Trialman", as names are said, or "Trialman
   * Sam"). Newest first. Audited as a read of the patient list with the result count (the query
   * text is not logged).
   */
  search(query: string, limit: number, actor: Actor): Patient[] {
    const q = query.trim();
    const max = Math.max(1, Math.min(50, Math.trunc(limit)));
    let rows: Row[] = [];
    if (q.length > 0) {
      // Names compare folded as the duplicate check folds them (nameMatchKey): case, accents,
      // punctuation and spaces aside, the whole name or any part of it. A query with nothing left
      // after folding ("%", "-") matches no name, only an MRN.
      const [family, given] = q.includes(',') ? q.split(',', 2).map((s) => s.trim()) : [q, undefined];
      const conditions: string[] = ['mrn = ? COLLATE NOCASE'];
      const params: string[] = [q];
      const folded = (text: string) => nameMatchKey(text) !== '';
      if (given !== undefined && given !== '') {
        if (folded(family ?? '') && folded(given)) {
          conditions.push(`(${withKey('family')} AND ${withKey('given')})`);
          params.push(...keyRange(family ?? ''), ...keyRange(given));
        }
      } else {
        const whole = family ?? q;
        if (folded(whole)) {
          conditions.push(withKey('family'), withKey('given'));
          params.push(...keyRange(whole), ...keyRange(whole));
          // Each split of the words into two names, both ways round: names may hold spaces ("Mary Ann", "Van Dyke").
          for (const [first, second] of nameSplits(whole)) {
            if (!folded(first) || !folded(second)) continue;
            conditions.push(`(${withKey('given')} AND ${withKey('family')})`, `(${withKey('family')} AND ${withKey('given')})`);
            params.push(...keyRange(first), ...keyRange(second), ...keyRange(first), ...keyRange(second));
          }
        }
      }
      rows = this.store.db.prepare(`${SELECT} WHERE ${conditions.join(' OR ')} ORDER BY mrn = ? COLLATE NOCASE DESC, family_name, given_name LIMIT ?`).all(...params, q, max) as Row[];
    }
    this.store.audit.append({
      operator: actor,
      action: 'read',
      verb: 'search',
      objectType: 'patient-list',
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map(toPatient);
  }
}
