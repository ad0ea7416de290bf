import { useState, type FormEvent } from 'react';
import type { RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import { earliestBirthDate, localIsoDate } from '../../common/patients/birthDate.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';
import { newPatientProblems } from './newPatientProblems.ts';

type NewPatient = RequestOf<'records.patients.create'>;

interface Props {
  readonly onCreated: (p: ResponseOf<'records.patients.create'>) => void;
  /** Selects the patient already registered under this MRN (the picker's wristband scan). */
  readonly onSelectExisting: (mrn: string) => void;
  readonly onCancel: () => void;
}

/**
 * Registers a patient locally (the EMR stays the source of truth): just enough to label and record.
 * Only the clinical roles see it (PatientPicker's canCreate), and they may select any patient, so an
 * MRN already registered is offered for selection instead of a dead end.
 */
export function NewPatientForm({ onCreated, onSelectExisting, onCancel }: Props) {
  const client = useClient();
  const [form, setForm] = useState<NewPatient>({ mrn: '', familyName: '', givenName: '', birthDate: '', sex: 'unknown' });
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The MRN main found already registered, as typed (the message names it and offers that patient). */
  const [existingMrn, setExistingMrn] = useState<string | null>(null);
  const set = (k: keyof NewPatient) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  // Today when the form opens: min and max keep the date picker inside the rule main enforces.
  const [todayIso] = useState(() => localIsoDate(Date.now()));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setExistingMrn(null);
    // Every field to fix at once, by the rules main applies (the contract's and the birth-date rule).
    const found = newPatientProblems(form, localIsoDate(Date.now()));
    setProblems(found);
    if (found.length > 0) return;
    const mrn = form.mrn.trim();
    try {
      onCreated(await client.call('records.patients.create', { ...form, mrn, familyName: form.familyName.trim(), givenName: form.givenName.trim() }));
    } catch (err) {
      if (err instanceof IpcCallError && err.error.code === 'patient-exists') setExistingMrn(mrn);
      else setError(errorMessage(err));
    }
  };

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
        <label htmlFor="np-dob">Date of birth</label>
        <input id="np-dob" type="date" min={earliestBirthDate(todayIso)} max={todayIso} value={form.birthDate} onChange={set('birthDate')} />
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
        <ErrorText text={error} />
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
        <div className="row">
          <button type="submit" className="primary">
            Save patient
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
