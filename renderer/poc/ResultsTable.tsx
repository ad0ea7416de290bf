import { localTime } from '../../common/format/time.ts';
import { Fragment, useState } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { CORRECTION_REASONS, correctionReasonText } from './correctionWording.ts';
import { deliveryText } from './emrWording.ts';
import { flagText, testNameOf, type PocResult, type PocTest } from './usePoc.ts';
import { valueText } from './valueText.ts';
import { unitChoiceText, unitLabelText } from '../../common/poc/unitText.ts';

// valueText moved to ./valueText.ts (the critical alert says values the same way); still exported
// from here for the pending list and the entry form.
export { valueText };

/** Where an exported version's message is: only "Sent to the EMR" means the EMR acknowledged it. */
function DeliveryNote({ exported }: { readonly exported: NonNullable<PocResult['exported']> }) {
  const d = deliveryText(exported, localTime(exported.atUtc));
  return <span className={d.tone === 'ok' ? 'ok' : d.tone === 'error' ? 'bad' : undefined}>{d.text}</span>;
}

/**
 * The patient's results (current versions): flag, status F/C, send to the EMR (once per version:
 * a sent one shows whether it is still waiting or the EMR acknowledged it, and changes only by a
 * correction), correct with a reason. Each row's Send and Correct buttons name their result (test,
 * value, time): a screen reader or a voice command tells one result from another of the same test
 * only by that. The Correct form opens in a row of its own directly under
 * the result it corrects and names that result (test, value, time): a form set apart from its row
 * let an assistant correct one result while looking at another (a UI tester).
 */
export function ResultsTable({ results, tests, onChanged }: { readonly results: readonly PocResult[]; readonly tests: readonly PocTest[]; readonly onChanged: () => void }) {
  const client = useClient();
  // The test's name as the entry form shows it ("INR (prothrombin time)"), not its internal id.
  const testName = (testId: string) => testNameOf(tests, testId);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The id of the version being corrected: when a refresh no longer lists it (corrected meanwhile,
  // in this window or another), the form closes instead of staying open under another row.
  const [correctingId, setCorrectingId] = useState<number | null>(null);
  const correcting = results.find((r) => r.id === correctingId) ?? null;
  const [correctError, setCorrectError] = useState<string | null>(null);
  const [value, setValue] = useState('');
  // The unit of the corrected value: the result's, or another its test is reported in (a "Wrong
  // unit" correction: 5.5 typed as mmol/L that the meter showed as 99 mg/dL). Main judges the value
  // in this unit and stores the new version with it; values are never converted.
  const [unit, setUnit] = useState('');
  const [reason, setReason] = useState('');
  // One write at a time from this table: a send or a correction.
  const writing = useInFlight();

  const send = async (r: PocResult) => {
    try {
      setError(null);
      const out = await client.call('poc.result.export', { resultId: r.id });
      setMessage(out.queued ? `Queued for the EMR (message ${out.controlId}): the row says when the EMR has it.` : `HL7 message ${out.controlId} built; no EMR link is configured.`);
    } catch (e) {
      setError(errorMessage(e));
    }
    // Refreshed either way: a refused repeat (`poc-already-exported`) shows when it was sent.
    onChanged();
  };
  const openCorrection = (r: PocResult) => {
    setCorrectingId(r.id);
    setValue(r.value);
    setUnit(r.unit);
    setReason('');
    setCorrectError(null);
  };
  const correct = async () => {
    if (!correcting) return;
    try {
      setCorrectError(null);
      await client.call('poc.result.correct', { resultId: correcting.id, value: value.trim(), unit, reason });
      setCorrectingId(null);
      setValue('');
      setReason('');
      onChanged();
    } catch (e) {
      setCorrectError(errorMessage(e));
    }
  };

  return (
    <div className="card">
      <h2>Results for this patient</h2>
      {results.length === 0 ? (
        <p>No point-of-care result yet.</p>
      ) : (
        <table aria-label="Point-of-care results">
          <thead>
            <tr>
              <th>Test</th>
              <th>Value</th>
              <th>Flag</th>
              <th>Time</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {results.map((r) => {
              const what = `${testName(r.testId)} ${valueText(tests, r.testId, r.value, r.unit)}`;
              const when = localTime(r.observedAt);
              const isCorrecting = correcting?.id === r.id;
              // The units the catalogue reports this test in: a choice only when there is more than one.
              const units = tests.find((t) => t.id === r.testId)?.units.map((u) => u.ucum) ?? [];
              return (
                <Fragment key={r.id}>
                  <tr className={isCorrecting ? 'poc-correcting' : undefined}>
                    <td>
                      {testName(r.testId)} {r.simulated && <span className="sim-tag">SIMULATED</span>}
                    </td>
                    <td>
                      {valueText(tests, r.testId, r.value, r.unit)} <small>(ref {r.referenceRange})</small>
                    </td>
                    <td className={r.critical ? 'bad' : undefined}>{r.flag ? flagText[r.flag] : ''}</td>
                    <td>{when}</td>
                    <td>{r.status === 'C' ? `corrected (${correctionReasonText(r.amendReason)})` : 'final'}</td>
                    <td>
                      <div className="poc-actions">
                        {r.exported && <DeliveryNote exported={r.exported} />}
                        {/* Built while no EMR link was configured: it can still go once a link exists (main refuses while there is none). */}
                        {!r.exported?.toEmr && (
                          <button type="button" disabled={writing.inFlight} onClick={() => void writing.run(() => send(r))} aria-label={`Send ${what} measured ${when} to the EMR`}>
                            Send to EMR
                          </button>
                        )}
                        <button type="button" onClick={() => openCorrection(r)} aria-label={`Correct ${what} measured ${when}`} aria-expanded={isCorrecting}>
                          Correct…
                        </button>
                      </div>
                    </td>
                  </tr>
                  {isCorrecting && (
                    <tr className="poc-correct-row">
                      <td colSpan={6}>
                        <div role="group" aria-label={`Correct ${what} measured ${when}`} className="poc-correct-form">
                          <p className="poc-correct-what">
                            Correcting the result above: <strong>{what}</strong>, measured {when}
                          </p>
                          <div className="row">
                            <div>
                              <label htmlFor="c-value">Corrected value{unitLabelText(unit) ? ` (${unitLabelText(unit)})` : ''}</label>
                              <input id="c-value" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
                            </div>
                            {units.length > 1 && (
                              <div>
                                <label htmlFor="c-unit">Unit</label>
                                <select id="c-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                                  {units.map((u) => (
                                    <option key={u} value={u}>
                                      {unitChoiceText(u)}
                                    </option>
                                  ))}
                                </select>
                              </div>
                            )}
                            <div>
                              <label htmlFor="c-reason">Reason</label>
                              <select id="c-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                                <option value="">Choose…</option>
                                {CORRECTION_REASONS.map((c) => (
                                  <option key={c.code} value={c.code}>
                                    {c.text}
                                  </option>
                                ))}
                              </select>
                            </div>
                            <button type="button" className="primary" disabled={writing.inFlight || !reason || !value.trim()} onClick={() => void writing.run(correct)}>
                              Save correction
                            </button>
                            <button type="button" onClick={() => setCorrectingId(null)}>
                              Cancel
                            </button>
                          </div>
                          <ErrorText text={correctError} />
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorText text={error} />
    </div>
  );
}
