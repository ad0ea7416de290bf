import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { usePolled } from '../components/usePolled.ts';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { PatientIdentifiers, patientName } from '../patients/PatientIdentifiers.tsx';
import type { SessionState } from '../session/useSession.ts';
import { criticalWords, type CriticalWords, type Reader } from './criticalWording.ts';
import { flagText } from './usePoc.ts';

type CriticalResult = ResponseOf<'poc.critical.unacknowledged'>['results'][number];
type SelectedPatient = NonNullable<SessionState['patient']>;

/**
 * Unacknowledged critical results: shown on every screen until the assistant records who was
 * told and that they read the value back (main refuses an acknowledgement without read-back).
 * Every alert names its own patient with two identifiers (name + date of birth, and MRN), and says
 * so plainly when that is not the patient selected on this screen: the banner below it belongs to
 * someone else then, and the value must not be reported for them.
 */
export function CriticalAlerts({ selectedPatient, reader }: { readonly reader: Reader | null; readonly selectedPatient: SelectedPatient | null }) {
  const client = useClient();
  const load = useCallback(() => client.call('poc.critical.unacknowledged', {}).then((r): CriticalResult[] => r.results), [client]);
  const [open, reload] = usePolled(load, 15_000, { event: 'poc.critical' });
  // Who reads the alert decides its words: the signed-in operator (App); null reads as an assistant's alert.
  if (open.length === 0) return null;
  const words = criticalWords(reader);
  return (
    <div className="critical-alerts" role="alert" aria-label="Critical results">
      {open.map((r) => (
        // Keyed by the reader too: another operator signing in gets the form afresh, with their own name.
        <CriticalItem key={`${r.id}:${reader?.displayName ?? ''}`} result={r} selectedPatient={selectedPatient} words={words} onDone={reload} />
      ))}
    </div>
  );
}

function CriticalItem({ result, selectedPatient, words, onDone }: { readonly result: CriticalResult; readonly selectedPatient: SelectedPatient | null; readonly words: CriticalWords; readonly onDone: () => void }) {
  const client = useClient();
  const [name, setName] = useState(words.prefillWho);
  const [role, setRole] = useState('Provider');
  const [method, setMethod] = useState<'phone' | 'in-person' | 'secure-message'>('in-person');
  const [readBack, setReadBack] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recording = useInFlight();
  const p = result.patient;
  const notOnScreen = selectedPatient?.id !== result.patientId;
  // A refusal of this form was about the patient on screen then: stale once another is selected.
  const selectedId = selectedPatient?.id ?? null;
  useEffect(() => setError(null), [selectedId]);
  const submit = async () => {
    if (!readBack) {
      setError(words.readBackMissing);
      return;
    }
    try {
      await client.call('poc.critical.acknowledge', { resultId: result.id, notifiedName: name.trim(), notifiedRole: role.trim(), method, readBack: true });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form
      className="critical-item"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void recording.run(submit);
      }}
      aria-label={`Critical result: ${`${result.testName} ${result.value} ${result.unit}`.trim()}`}>
      <strong>
        CRITICAL {result.simulated ? '(SIMULATED) ' : ''}— {result.testName} {result.value} {result.unit} ({flagText[result.flag ?? ''] ?? result.flag}). {words.action}
      </strong>
      <div className="critical-patient" aria-label="Patient of this critical result">
        {p ? (
          <>
            <PatientIdentifiers patient={p} />
            {p.simulated && <span className="sim-tag">SIMULATED</span>}
          </>
        ) : (
          <span>Patient record {result.patientId} is not on this station: check the chart before reporting.</span>
        )}
      </div>
      {notOnScreen && (
        <p className="critical-other" role="note">
          {selectedPatient
            ? `NOT the patient on screen (${patientName(selectedPatient)}, MRN ${selectedPatient.mrn}). Report this value only for the patient named above.`
            : 'No patient is selected on this screen. Report this value only for the patient named above.'}
        </p>
      )}
      <div className="row">
        <div>
          <label htmlFor={`cn-${result.id}`}>{words.whoLabel}</label>
          <input id={`cn-${result.id}`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`cr-${result.id}`}>Their role</label>
          <input id={`cr-${result.id}`} value={role} onChange={(e) => setRole(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`cm-${result.id}`}>How</label>
          <select id={`cm-${result.id}`} value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            <option value="in-person">In person</option>
            <option value="phone">Phone</option>
            <option value="secure-message">Secure message</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={readBack} onChange={(e) => setReadBack(e.target.checked)} /> {words.readBackLabel}
        </label>
        <button type="submit" className="primary" disabled={recording.inFlight}>
          {words.submitLabel}
        </button>
      </div>
      <ErrorText text={error} />
    </form>
  );
}
