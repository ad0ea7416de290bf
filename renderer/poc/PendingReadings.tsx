import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { localTime } from '../format/time.ts';
import { IpcCallError } from '../ipc/client.ts';
import { flagText, lotChoiceText, type PocLot, type PocTest } from './usePoc.ts';

type Pending = ResponseOf<'poc.pending.list'>['readings'][number];

interface Props {
  readonly patientId: number;
  readonly tests: readonly PocTest[];
  readonly lots: readonly PocLot[];
  readonly meter: { readonly protocol: 'astm' | 'onetouch'; readonly address: string } | null;
  readonly onChanged: () => void;
}

/** Why a reading was not assigned, shown in a row of its own under that reading. */
interface NotAssigned {
  readonly pendingId: number;
  readonly lockout: boolean;
  readonly text: string;
}

/**
 * Readings downloaded from a meter wait here until the assistant assigns each one to the
 * patient (never automatically), confirming the date of birth; control readings go to the QC log.
 * A critical value is marked before it is assigned (main flags it by the catalogue's rules), times
 * read as everywhere else on the station, and a refusal is shown under the reading it is about.
 */
export function PendingReadings({ patientId, tests, lots, meter, onChanged }: Props) {
  const client = useClient();
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notAssigned, setNotAssigned] = useState<NotAssigned | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [dob, setDob] = useState('');
  const [lotFor, setLotFor] = useState<Record<number, string>>({});
  // One write at a time from this card: a download or an assignment.
  const writing = useInFlight();

  const reload = useCallback(() => client.call('poc.pending.list', {}).then((r) => setPending(r.readings.filter((p) => p.state === 'pending')), (e: unknown) => setError(errorMessage(e))), [client]);
  useEffect(() => void reload(), [reload]);

  const download = async () => {
    if (!meter) return;
    try {
      setError(null);
      setStatus('Downloading from the meter…');
      const r = await client.call('poc.meter.download', meter);
      setStatus(`Downloaded ${r.added} new reading(s)${r.duplicates ? `, ${r.duplicates} already known` : ''}${r.rejectedMessages.length ? `; ${r.rejectedMessages.length} damaged message(s) refused` : ''}.`);
      await reload();
    } catch (e) {
      setStatus(null);
      setError(errorMessage(e));
    }
  };
  const match = async (p: Pending) => {
    try {
      setError(null);
      setNotAssigned(null);
      await client.call('poc.pending.match', { pendingId: p.id, patientId, confirmBirthDate: dob, lotNumber: lotFor[p.id] ?? '' });
      await reload();
      onChanged();
    } catch (e) {
      // Main's words for a lockout name the test, the lot, the controls and what to do next.
      setNotAssigned({ pendingId: p.id, lockout: e instanceof IpcCallError && e.error.code === 'poc-qc-locked', text: errorMessage(e) });
    }
  };
  const testName = (p: Pending) => tests.find((t) => t.id === p.suggestedTestId)?.name ?? p.testCode;

  return (
    <div className="card">
      <h2>From the meter</h2>
      {meter ? (
        <button type="button" onClick={() => void writing.run(download)} disabled={writing.inFlight}>
          Download meter readings
        </button>
      ) : (
        <p>No meter is configured on this station.</p>
      )}
      {status && <p role="status">{status}</p>}
      {pending.length > 0 && (
        <>
          <label htmlFor="m-dob">Confirm the patient's date of birth to assign readings</label>
          <input id="m-dob" type="date" value={dob} onChange={(e) => setDob(e.target.value)} />
          <table aria-label="Downloaded readings">
            <thead>
              <tr>
                <th>Meter</th>
                <th>Test</th>
                <th>Value</th>
                <th>Measured</th>
                <th>Lot</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {pending.map((p) => {
                const what = `${testName(p)} ${p.value} ${p.unit}`.trim();
                const refusal = notAssigned?.pendingId === p.id ? notAssigned : null;
                return (
                  <Fragment key={p.id}>
                    <tr className={p.critical ? 'poc-critical-reading' : undefined}>
                      <td>
                        {p.deviceSerial} {p.simulated && <span className="sim-tag">SIMULATED</span>}
                      </td>
                      <td>{p.control ? `${testName(p)} (control)` : testName(p)}</td>
                      <td>
                        {p.value} {p.unit}
                        {p.flag && (
                          <>
                            {' '}
                            <span className={p.critical ? 'poc-critical-mark' : undefined}>{flagText[p.flag]}</span>
                          </>
                        )}
                      </td>
                      <td>{localTime(p.observedAt)}</td>
                      <td>
                        <select aria-label={`Lot for reading ${p.id}`} value={lotFor[p.id] ?? ''} onChange={(e) => setLotFor({ ...lotFor, [p.id]: e.target.value })}>
                          <option value="">Choose…</option>
                          {lots
                            .filter((l) => l.testId === p.suggestedTestId)
                            .map((l) => (
                              <option key={l.lotNumber} value={l.lotNumber}>
                                {lotChoiceText(l, false)}
                              </option>
                            ))}
                        </select>
                      </td>
                      <td>
                        {!p.control && (
                          <button type="button" disabled={writing.inFlight || !dob || !lotFor[p.id]} onClick={() => void writing.run(() => match(p))} aria-label={`Assign reading ${p.id} to this patient`}>
                            Assign to this patient
                          </button>
                        )}
                      </td>
                    </tr>
                    {refusal && (
                      <tr className="poc-refusal-row">
                        <td colSpan={6}>
                          <div role="alert" aria-label={`Reading ${p.id} not assigned`} className={refusal.lockout ? 'qc locked' : 'error-text'}>
                            <strong>
                              Not assigned{refusal.lockout ? ' (QC lockout)' : ''}: {what}, measured {localTime(p.observedAt)}.
                            </strong>{' '}
                            {refusal.text}
                          </div>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <ErrorText text={error} />
    </div>
  );
}
