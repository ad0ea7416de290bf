import { useState, type FormEvent } from 'react';
import type { RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import { birthDateProblem, earliestBirthDate, localIsoDate } from '../../common/patients/birthDate.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';

type NewPatient = RequestOf<'records.patients.create'>;

/** Registers a patient locally (the EMR stays the source of truth): just enough to label and record. */
export function NewPatientForm({ onCreated, onCancel }: { readonly onCreated: (p: ResponseOf<'records.patients.create'>) => void; readonly onCancel: () => void }) {
  const client = useClient();
  const [form, setForm] = useState<NewPatient>({ mrn: '', familyName: '', givenName: '', birthDate: '', sex: 'unknown' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof NewPatient) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  // Today when the form opens: min and max keep the date picker inside the rule main enforces.
  const [todayIso] = useState(() => localIsoDate(Date.now()));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Said at once, in the same words main would answer with (one rule: common/patients/birthDate.ts).
    const dobProblem = birthDateProblem(form.birthDate, localIsoDate(Date.now()));
    if (dobProblem !== null) return setError(dobProblem);
    try {
      onCreated(await client.call('records.patients.create', { ...form, mrn: form.mrn.trim(), familyName: form.familyName.trim(), givenName: form.givenName.trim() }));
    } catch (err) {
      setError(errorMessage(err));
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
        <ErrorText text={error} />
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
