import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { READING_AGE_CONFIRM_AFTER_MS, readingAgeWords } from '../../common/poc/readingAge.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { localTime } from '../../common/format/time.ts';
import { IpcCallError } from '../ipc/client.ts';
import { controlOutcomeText } from './qcWording.ts';
import { flagText, lotChoiceText, testNameOf, type PocLot, type PocTest } from './usePoc.ts';
import { valueText } from './ResultsTable.tsx';
import { BirthDateInput } from '../patients/BirthDateInput.tsx';
import { splitTechnicalDetail } from '../../common/poc/technicalDetail.ts';

type Pending = ResponseOf<'poc.pending.list'>['readings'][number];

interface Props {
  readonly patientId: number;
  readonly tests: readonly PocTest[];
  readonly lots: readonly PocLot[];
  readonly meter: { readonly protocol: 'astm' | 'onetouch'; readonly address: string } | null;
  readonly onChanged: () => void;
}

/** Why a reading was not assigned to the patient or not logged as a control, shown in a row of its own under that reading. */
interface Refusal {
  readonly pendingId: number;
  readonly action: 'assign' | 'qc';
  readonly lockout: boolean;
  readonly text: string;
}

/** Clock skew allowed between a meter and the station (main's rule, main/domain/poc/observedTime.ts). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How old a reading is, said next to its time: a meter's memory holds every patient's readings, so
 * one taken long before this visit may be another patient's. Older than READING_AGE_CONFIRM_AFTER_MS
 * it is assigned only after the assistant ticks that they took it from this patient (main refuses it
 * otherwise, `poc-reading-old`); a time ahead of the station's clock is a wrong meter clock.
 */
function readingAge(observedAt: string, nowMs: number): { readonly text: string; readonly ageWords: string; readonly old: boolean; readonly future: boolean } {
  const ageMs = nowMs - new Date(observedAt).getTime();
  if (ageMs < -CLOCK_SKEW_MS) return { text: "later than the station's clock: check the meter's clock", ageWords: '', old: false, future: true };
  const ageWords = readingAgeWords(ageMs);
  return { text: `taken ${ageWords} ago`, ageWords, old: ageMs > READING_AGE_CONFIRM_AFTER_MS, future: false };
}

/** What logging a control did: said above the list, since the reading leaves it. */
interface ControlOutcome {
  readonly text: string;
  /** Patient results for that test and lot are locked (or the QC state could not be read). */
  readonly locked: boolean;
}

/**
 * Readings downloaded from a meter wait here until the assistant assigns each one to the
 * patient (never automatically), confirming the date of birth; a control reading is logged to the
 * QC log for the lot and level the assistant chooses (main judges it pass or fail), and the screen
 * says whether the test is locked for that lot now. A critical value is marked before it is
 * assigned (main flags it by the catalogue's rules), times read as everywhere else on the station,
 * and a refusal is shown under the reading it is about.
 */
export function PendingReadings({ patientId, tests, lots, meter, onChanged }: Props) {
  const client = useClient();
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [controlOutcome, setControlOutcome] = useState<ControlOutcome | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Why the last download failed, said right under its button (main's plain words; its technical
  // detail behind a disclosure): shown at the foot of the card it was off screen (a UI tester).
  const [downloadError, setDownloadError] = useState<{ readonly words: string; readonly detail: string | null } | null>(null);
  const [dob, setDob] = useState('');
  const [lotFor, setLotFor] = useState<Record<number, string>>({});
  // A control's level is the assistant's choice (the meter does not send it): none is assumed.
  const [levelFor, setLevelFor] = useState<Record<number, string>>({});
  // The assistant's "I took this reading from this patient N ago", per reading older than the limit.
  const [ageConfirmedFor, setAgeConfirmedFor] = useState<Record<number, boolean>>({});
  // Main said a reading is too old to assign unconfirmed (its clock may differ from this one's): ask for it then too.
  const [oldPerMain, setOldPerMain] = useState<Record<number, boolean>>({});
  // The ages shown stay true while the list is open.
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  // One write at a time from this card: a download, an assignment or a control logged.
  const writing = useInFlight();

  const reload = useCallback(() => client.call('poc.pending.list', {}).then((r) => setPending(r.readings.filter((p) => p.state === 'pending')), (e: unknown) => setError(errorMessage(e))), [client]);
  useEffect(() => void reload(), [reload]);

  const download = async () => {
    if (!meter) return;
    try {
      setError(null);
      setDownloadError(null);
      setStatus('Downloading from the meter…');
      const r = await client.call('poc.meter.download', meter);
      setStatus(`Downloaded ${r.added} new reading(s)${r.duplicates ? `, ${r.duplicates} already known` : ''}${r.rejectedMessages.length ? `; ${r.rejectedMessages.length} damaged message(s) refused` : ''}.`);
      await reload();
    } catch (e) {
      setStatus(null);
      setDownloadError(splitTechnicalDetail(errorMessage(e)));
    }
  };
  const match = async (p: Pending) => {
    try {
      setError(null);
      setRefusal(null);
      setControlOutcome(null);
      await client.call('poc.pending.match', { pendingId: p.id, patientId, confirmBirthDate: dob, lotNumber: lotFor[p.id] ?? '', ...(ageConfirmedFor[p.id] ? { confirmReadingAge: true as const } : {}) });
      await reload();
      onChanged();
    } catch (e) {
      // Main's words for a lockout name the test, the lot, the controls and what to do next.
      if (e instanceof IpcCallError && e.error.code === 'poc-reading-old') setOldPerMain((o) => ({ ...o, [p.id]: true }));
      setRefusal({ pendingId: p.id, action: 'assign', lockout: e instanceof IpcCallError && e.error.code === 'poc-qc-locked', text: errorMessage(e) });
    }
  };
  const logControl = async (p: Pending, testId: string) => {
    const lotNumber = lotFor[p.id] ?? '';
    const level = levelFor[p.id] ?? '';
    setError(null);
    setRefusal(null);
    setControlOutcome(null);
    let passed: boolean;
    try {
      passed = (await client.call('poc.pending.toQc', { pendingId: p.id, testId, lotNumber, level })).entry.passed;
    } catch (e) {
      setRefusal({ pendingId: p.id, action: 'qc', lockout: false, text: errorMessage(e) });
      return;
    }
    // Logged: whether the test is locked for this lot now is main's QC state, read right after.
    const qc = await client.call('poc.qc.status', { testId, lotNumber }).then(
      (r) => r.status,
      () => null,
    );
    const logged = { testName: testName(p), level, value: p.value, unit: p.unit, measured: localTime(p.observedAt), lotNumber, passed };
    setControlOutcome({ text: controlOutcomeText(logged, qc), locked: qc?.state !== 'ok' });
    await reload();
    onChanged();
  };
  const testName = (p: Pending) => (p.suggestedTestId === null ? p.testCode : testNameOf(tests, p.suggestedTestId));

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
      {downloadError && (
        <div role="alert" aria-label="Meter download failed" className="error-text">
          <p>{downloadError.words}</p>
          {downloadError.detail && (
            <details>
              <summary>Technical detail</summary>
              <code>{downloadError.detail}</code>
            </details>
          )}
        </div>
      )}
      {controlOutcome && (
        <p role={controlOutcome.locked ? 'alert' : 'status'} aria-label="Control logged to the QC log" className={controlOutcome.locked ? 'qc locked' : 'qc ok'}>
          {controlOutcome.text}
        </p>
      )}
      {pending.length > 0 && (
        <>
          <label htmlFor="m-dob">Confirm the patient's date of birth to assign readings</label>
          <BirthDateInput id="m-dob" value={dob} onChange={setDob} />
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
                const what = `${testName(p)} ${valueText(tests, p.suggestedTestId, p.value, p.unit)}`.trim();
                const measured = localTime(p.observedAt);
                const age = readingAge(p.observedAt, nowMs);
                const needsAgeConfirm = age.old || oldPerMain[p.id] === true;
                const refused = refusal?.pendingId === p.id ? refusal : null;
                const controlTest = p.control ? tests.find((t) => t.id === p.suggestedTestId) : undefined;
                return (
                  <Fragment key={p.id}>
                    <tr className={p.critical ? 'poc-critical-reading' : undefined}>
                      <td className="poc-serial">
                        {p.deviceSerial} {p.simulated && <span className="sim-tag">SIMULATED</span>}
                      </td>
                      <td>{p.control ? `${testName(p)} (control)` : testName(p)}</td>
                      <td>
                        {valueText(tests, p.suggestedTestId, p.value, p.unit)}
                        {p.flag && (
                          <>
                            {' '}
                            <span className={p.critical ? 'poc-critical-mark' : undefined}>{flagText[p.flag]}</span>
                          </>
                        )}
                      </td>
                      <td>
                        {measured}
                        <span className={`poc-reading-age${age.old || age.future ? ' poc-reading-old' : ''}`}>{age.text}</span>
                      </td>
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
                        <div className="poc-actions">
                          {!p.control && needsAgeConfirm && (
                            <label className="check poc-age-confirm">
                              <input type="checkbox" checked={ageConfirmedFor[p.id] === true} onChange={(e) => setAgeConfirmedFor({ ...ageConfirmedFor, [p.id]: e.target.checked })} />
                              <span>I took this reading from this patient {age.ageWords ? `${age.ageWords} ago` : 'at the time shown'}</span>
                            </label>
                          )}
                          {!p.control && (
                            <button
                              type="button"
                              disabled={writing.inFlight || !dob || !lotFor[p.id] || (needsAgeConfirm && ageConfirmedFor[p.id] !== true)}
                              onClick={() => void writing.run(() => match(p))}
                              aria-label={`Assign reading ${p.id} to this patient`}>
                              Assign to this patient
                            </button>
                          )}
                          {/* A control of a test the catalogue does not know has no lot or level to choose: nothing to log it against. */}
                          {controlTest && (
                            <>
                              <select aria-label={`Control level for reading ${p.id}`} value={levelFor[p.id] ?? ''} onChange={(e) => setLevelFor({ ...levelFor, [p.id]: e.target.value })}>
                                <option value="">Choose…</option>
                                {controlTest.qcLevels.map((l) => (
                                  <option key={l} value={l}>
                                    {l}
                                  </option>
                                ))}
                              </select>
                              <button
                                type="button"
                                disabled={writing.inFlight || !lotFor[p.id] || !levelFor[p.id]}
                                onClick={() => void writing.run(() => logControl(p, controlTest.id))}
                                aria-label={`Log control ${what} measured ${measured} to the QC log`}>
                                Log to the QC log
                              </button>
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                    {refused && (
                      <tr className="poc-refusal-row">
                        <td colSpan={6}>
                          <div
                            role="alert"
                            aria-label={refused.action === 'assign' ? `Reading ${p.id} not assigned` : `Reading ${p.id} not logged to the QC log`}
                            className={refused.lockout ? 'qc locked' : 'error-text'}>
                            <strong>
                              {refused.action === 'assign' ? `Not assigned${refused.lockout ? ' (QC lockout)' : ''}` : 'Not logged to the QC log'}: {what}, measured {measured}.
                            </strong>{' '}
                            {refused.text}
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
