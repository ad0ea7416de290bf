import { useState, type FormEvent, type ReactNode } from 'react';
import type { RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import { localIsoDate } from '../../common/patients/birthDate.ts';
import { POSSIBLE_DUPLICATE } from '../../common/patients/duplicates.ts';
import { hasHiddenCharacter } from '../../common/hiddenCharacters.ts';
import { labelNameWarning, UNPRINTABLE_NAME } from '../../common/patients/labelCharacters.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';
import { useWaitingLabelRefusal } from '../labels/useWaitingLabelRefusal.tsx';
import type { SessionState } from '../session/useSession.ts';
import { BirthDateInput } from './BirthDateInput.tsx';
import { newPatientProblems } from './newPatientProblems.ts';
import { PatientIdentifiers, patientName } from './PatientIdentifiers.tsx';
import { isLeaveRefusal, useUnchangedPatient } from './useUnchangedPatient.tsx';

type NewPatient = RequestOf<'records.patients.create'>;
type Patient = ResponseOf<'records.patients.create'>;

/**
 * Main refused to take the operator away from her patient (a label still waiting, an EKG to
 * finish): the new patient was not saved (main checks before registering), or, when the refusal came
 * between saving and selecting (a label asked for meanwhile in another window), saved and not
 * selected. `code`: main's refusal.
 */
type Held = { readonly saved: null; readonly code: string } | { readonly saved: Patient; readonly code: string };

interface Props {
  /** The new patient is registered and selected: the session as main has it now. */
  readonly onSelected: (s: SessionState) => void;
  /** Selects the patient already registered under this MRN (the picker's wristband scan). */
  readonly onSelectExisting: (mrn: string) => void;
  readonly onCancel: () => void;
}

/**
 * Registers a patient locally (the EMR stays the source of truth): just enough to label and record.
 * Only the clinical roles see it (PatientPicker's canCreate), and they may select any patient, so an
 * MRN already registered is offered for selection instead of a dead end.
 */
export function NewPatientForm({ onSelected, onSelectExisting, onCancel }: Props) {
  const client = useClient();
  const [form, setForm] = useState<NewPatient>({ mrn: '', familyName: '', givenName: '', birthDate: '', sex: 'unknown' });
  /** The date-of-birth field's text, also while it is no date: Save names what is wrong with it. */
  const [birthDateText, setBirthDateText] = useState('');
  /**
   * Main found patients with the same names and date of birth: its message and those patients
   * (asked for separately: an error message carries no patient data). Cleared as soon as a name or
   * the date of birth changes, so a confirmation is only ever given for the details that were checked.
   */
  const [duplicate, setDuplicate] = useState<{ readonly message: string; readonly patients: readonly Patient[] } | null>(null);
  /**
   * Main's words when the labels or the EKG report cannot print the names (UNPRINTABLE_NAME), shown
   * with a button to save them as typed; and whether the operator did (sent with every later Save,
   * a possible duplicate's too). Both cleared when a name changes.
   */
  const [unprintable, setUnprintable] = useState<string | null>(null);
  const [unprintableConfirmed, setUnprintableConfirmed] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The MRN main found already registered, as typed (the message names it and offers that patient). */
  const [existingMrn, setExistingMrn] = useState<string | null>(null);
  const [held, setHeld] = useState<Held | null>(null);
  /** Said with a refusal to leave: the patient still selected (the same line as the picker's). */
  const unchanged = useUnchangedPatient();
  /** A label still waiting: main's refusal, kept current until the label prints (the picker's own note). */
  const waitingLabel = useWaitingLabelRefusal();
  const setValue = (k: keyof NewPatient, value: string) => {
    setForm({ ...form, [k]: value });
    if (k !== 'sex') setDuplicate(null);
    if (k === 'familyName' || k === 'givenName') {
      setUnprintable(null);
      setUnprintableConfirmed(false);
    }
  };
  const set = (k: keyof NewPatient) => (e: { target: { value: string } }) => setValue(k, e.target.value);
  // Said as the name is typed; Save then asks to confirm (main refuses until she does). A hidden
  // character is refused on Save in its own words, not listed here as a letter labels lack.
  const labelWarning = hasHiddenCharacter(form.familyName + form.givenName) ? null : labelNameWarning(form.familyName, form.givenName);

  const clearMessages = () => {
    setError(null);
    setExistingMrn(null);
    setDuplicate(null);
    setUnprintable(null);
    setHeld(null);
    unchanged.clear();
    waitingLabel.clear();
  };
  /** A refusal to leave the patient: main's words (a waiting label's kept current), and the patient still selected. */
  const takeLeaveRefusal = (err: unknown, saved: Patient | null): boolean => {
    if (!(err instanceof IpcCallError) || !isLeaveRefusal(err)) return false;
    if (!waitingLabel.take(err)) setError(errorMessage(err));
    setHeld({ saved, code: err.error.code });
    void unchanged.say();
    return true;
  };
  /** Selects the patient just registered; a refusal is said here, with the patient offered again. */
  const selectSaved = async (patient: Patient) => {
    clearMessages();
    try {
      onSelected(await client.call('records.patients.select', { patientId: patient.id }));
    } catch (err) {
      if (!takeLeaveRefusal(err, patient)) {
        setHeld({ saved: patient, code: err instanceof IpcCallError ? err.error.code : 'unknown' });
        setError(errorMessage(err));
        void unchanged.say();
      }
    }
  };

  /**
   * `confirmedDifferentFrom`: the patients the form showed (ids), that the operator said this is
   * someone else than. Only those: main refuses again if another match was registered meanwhile,
   * and the form then shows that one too.
   */
  const submit = async (e: FormEvent | null, confirmedDifferentFrom: readonly number[] = [], confirmedUnprintableName = unprintableConfirmed) => {
    e?.preventDefault();
    clearMessages();
    // Every field to fix at once, by the rules main applies (the contract's and the birth-date rule).
    const found = newPatientProblems(form, localIsoDate(Date.now()), birthDateText);
    setProblems(found);
    if (found.length > 0) return;
    const mrn = form.mrn.trim();
    let created: Patient;
    try {
      created = await client.call('records.patients.create', {
        ...form,
        mrn,
        familyName: form.familyName.trim(),
        givenName: form.givenName.trim(),
        confirmedDifferentFrom: [...confirmedDifferentFrom],
        confirmedUnprintableName,
      });
    } catch (err) {
      // Main registers no patient it could not select: nothing was saved, the form keeps what was typed.
      if (takeLeaveRefusal(err, null)) return;
      if (err instanceof IpcCallError && err.error.code === 'patient-exists') setExistingMrn(mrn);
      else if (err instanceof IpcCallError && err.error.code === UNPRINTABLE_NAME) setUnprintable(err.error.message);
      else if (err instanceof IpcCallError && err.error.code === POSSIBLE_DUPLICATE) {
        try {
          const { patients } = await client.call('records.patients.possibleDuplicates', { familyName: form.familyName.trim(), givenName: form.givenName.trim(), birthDate: form.birthDate });
          setDuplicate({ message: err.error.message, patients });
        } catch (lookup) {
          setError(errorMessage(lookup));
        }
      } else setError(errorMessage(err));
      return;
    }
    await selectSaved(created);
  };
  const saved = held?.saved ?? null;
  /** What to do next, after main's reason: save again (nothing was saved), or select the saved patient. */
  const once = held?.code === 'labels-waiting' ? 'Once no label is waiting' : 'Once that is done';
  let next: ReactNode = null;
  if (held !== null && saved === null) next = `What you typed stays here. ${once}, press Save patient: the new patient is then saved and selected.`;
  else if (saved !== null) next = `${once}, select the new patient here.`;

  return (
    <section className="card narrow" aria-labelledby="new-patient-title">
      <h1 id="new-patient-title">New patient</h1>
      {/* noValidate: a date outside min/max is answered in words below, not by the browser's own bubble. */}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <label htmlFor="np-mrn">MRN</label>
        <input id="np-mrn" autoFocus value={form.mrn} onChange={set('mrn')} />
        <label htmlFor="np-family">Family name</label>
        <input id="np-family" value={form.familyName} onChange={set('familyName')} />
        <label htmlFor="np-given">Given name</label>
        <input id="np-given" value={form.givenName} onChange={set('givenName')} />
        {labelWarning && (
          <p className="patient-label-warning" role="status">
            {labelWarning}
          </p>
        )}
        <label htmlFor="np-dob">Date of birth</label>
        <BirthDateInput id="np-dob" value={form.birthDate} onChange={(iso) => setValue('birthDate', iso)} onTextChange={setBirthDateText} sayProblem={false} />
        <label htmlFor="np-sex">Sex</label>
        <select id="np-sex" value={form.sex} onChange={set('sex')}>
          <option value="female">Female</option>
          <option value="male">Male</option>
          <option value="other">Other</option>
          <option value="unknown">Unknown</option>
        </select>
        {problems.length > 0 && (
          <ul className="error-text" role="alert" aria-label="What to fix">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {held !== null &&
          unchanged.note(
            saved === null ? (
              'The new patient has not been saved.'
            ) : (
              <>
                <PatientIdentifiers patient={saved} /> has been saved, but is not selected.
              </>
            ),
          )}
        <ErrorText text={error} />
        {waitingLabel.note}
        {next !== null && (
          <p role="status" aria-label="What to do next">
            {next}
          </p>
        )}
        {existingMrn !== null && (
          <div className="row" style={{ alignItems: 'center' }}>
            <p className="error-text" role="alert">
              A patient with MRN <span className="patient-id">{existingMrn}</span> is already registered (MRNs match whatever their letter case).
            </p>
            <button type="button" aria-label={`Select the patient with MRN ${existingMrn}`} onClick={() => onSelectExisting(existingMrn)}>
              Select this patient
            </button>
          </div>
        )}
        {unprintable !== null && (
          <div className="patient-duplicate" role="alert" aria-label="Name the station cannot print">
            <p>{unprintable}</p>
            <div className="row">
              <button
                type="button"
                onClick={() => {
                  setUnprintableConfirmed(true);
                  void submit(null, [], true);
                }}
              >
                The name is right: save it as typed
              </button>
            </div>
          </div>
        )}
        {duplicate !== null && (
          <div className="patient-duplicate" role="alert" aria-label="Possible duplicate patient">
            <p>{duplicate.message}</p>
            <div className="row">
              {duplicate.patients.map((p) => (
                <button key={p.id} type="button" className="primary" onClick={() => onSelectExisting(p.mrn)}>
                  Open patient MRN {p.mrn}
                </button>
              ))}
              <button type="button" onClick={() => void submit(null, duplicate.patients.map((p) => p.id))}>
                This is a different person: save
              </button>
            </div>
          </div>
        )}
        <div className="row">
          {saved === null ? (
            <button type="submit" className="primary">
              Save patient
            </button>
          ) : (
            // Saved already: a second Save would only find the MRN taken.
            <button type="button" className="primary" onClick={() => void selectSaved(saved)}>
              Select <bdi>{patientName(saved)}</bdi>
            </button>
          )}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
