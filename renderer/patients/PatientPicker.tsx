import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import type { SessionState } from '../session/useSession.ts';
import { patientName } from './PatientIdentifiers.tsx';
import { NewPatientForm } from './NewPatientForm.tsx';
import { isLeaveRefusal, useUnchangedPatient } from './useUnchangedPatient.tsx';
import { useWaitingLabelRefusal } from '../labels/useWaitingLabelRefusal.tsx';

type Patient = ResponseOf<'records.patients.search'>['patients'][number];

/** Select the patient: scan the wristband (MRN + Enter) or search by name/MRN. */
/** `canCreate`: registering patients is for the clinical roles (main refuses it to admins too). */
export function PatientPicker({ onState, canCreate }: { readonly onState: (s: SessionState) => void; readonly canCreate: boolean }) {
  const client = useClient();
  const [scan, setScan] = useState('');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Patient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  /**
   * After a scan that selected nobody: the patient still selected, as main has it. The selection is
   * kept rather than cleared: main did not change it, and clearing is leaving the patient, which main
   * may refuse (a label waiting, an EKG finding to acknowledge).
   */
  const unchanged = useUnchangedPatient();
  // A label still waiting for the printer: said until it prints, then cleared (renderer/labels).
  const waitingLabel = useWaitingLabelRefusal();

  const select = async (req: { mrn: string } | { patientId: number }) => {
    try {
      setError(null);
      unchanged.clear();
      waitingLabel.clear();
      onState(await client.call('records.patients.select', req));
    } catch (err) {
      if (!waitingLabel.take(err)) setError(errorMessage(err));
      // A band that did not scan, or a refusal to leave the patient (a search's Select too): the
      // patient still selected is said beside it.
      if ('mrn' in req || isLeaveRefusal(err)) void unchanged.say();
    }
  };
  const onScan = (e: FormEvent) => {
    e.preventDefault();
    const mrn = scan.trim();
    setScan('');
    if (mrn) void select({ mrn });
  };
  const onSearch = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setError(null);
      setResults((await client.call('records.patients.search', { query: query.trim(), limit: 20 })).patients);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  // The form registers and selects the new patient itself, and says there why not when main refuses
  // (a label still waiting: F2, where the picker's refusal went unseen behind the form). Selecting
  // the patient already registered under a typed MRN goes back to the picker first, where a refusal
  // of the selection is shown.
  if (creating) return <NewPatientForm onSelected={onState} onSelectExisting={(mrn) => (setCreating(false), void select({ mrn }))} onCancel={() => setCreating(false)} />;

  return (
    <section className="card" aria-labelledby="picker-title">
      <h1 id="picker-title">Select the patient</h1>
      <form onSubmit={onScan}>
        <label htmlFor="scan-mrn">Scan the wristband (MRN)</label>
        <input id="scan-mrn" autoFocus autoComplete="off" value={scan} onChange={(e) => setScan(e.target.value)} />
      </form>
      <form onSubmit={(e) => void onSearch(e)} className="row">
        <div>
          <label htmlFor="search-patient">Or search by name or MRN</label>
          <input id="search-patient" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <button type="submit">Search</button>
      </form>
      <ErrorText text={error} />
      {unchanged.note()}
      {waitingLabel.note}
      {results && (
        <table aria-label="Matching patients">
          <thead>
            <tr>
              <th>Name</th>
              <th>Date of birth</th>
              <th>MRN</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {results.length === 0 && (
              <tr>
                <td colSpan={4}>No patient matches.</td>
              </tr>
            )}
            {results.map((p) => (
              <tr key={p.id}>
                {/* Each identifier on one line: a narrow column must not split a date or an MRN at its hyphens. */}
                <td>
                  {/* Isolated (bdi): a name in a right-to-left script, or stored with a direction override, reorders nothing after it. */}
                  <bdi className="patient-id">{patientName(p)}</bdi> {p.simulated && <span className="sim-tag">SIMULATED</span>}
                </td>
                <td className="patient-id">{p.birthDate}</td>
                <td className="patient-id">{p.mrn}</td>
                <td>
                  <button type="button" aria-label={`Select ${patientName(p)}, MRN ${p.mrn}`} onClick={() => void select({ patientId: p.id })}>
                    Select
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canCreate && (
        <p>
          <button type="button" onClick={() => setCreating(true)}>
            New patient…
          </button>
        </p>
      )}
    </section>
  );
}
