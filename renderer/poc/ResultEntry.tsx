import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ChoiceSelect } from '../components/ChoiceSelect.tsx';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { controlsText } from './qcWording.ts';
import { flagText, lotChoiceText, testNameOf, type PocLot, type PocResult, type PocTest } from './usePoc.ts';
import { valueText } from './ResultsTable.tsx';
import { BirthDateInput } from '../patients/BirthDateInput.tsx';
import { unitChoiceText } from '../../common/poc/unitText.ts';
import { dropEntryDraft, keepEntryDraft, takeEntryDraft, type EntryDraft } from './entryDraft.ts';
import { DateEntryInput } from '../components/DateEntryInput.tsx';
import { dateEntryProblem } from '../format/dateEntry.ts';

type QcState = ResponseOf<'poc.qc.status'>['status'];

interface Props {
  readonly patientId: number;
  /** Whose entry this is (operator and patient): a half-entered result is given back only to them (entryDraft). */
  readonly draftKey: string;
  readonly tests: readonly PocTest[];
  readonly lots: readonly PocLot[];
  /** Changes after any POC change on the screen (a control logged from the meter too): the QC state is read again. */
  readonly refreshKey: unknown;
  /** The patient's current results: a "Saved" line whose result was corrected since is taken away. */
  readonly results: readonly PocResult[];
  readonly onChanged: () => void;
}

/**
 * Scrolls the critical-result alerts (CriticalAlerts, at the top of every screen) into view once
 * they are on the page: the new alert arrives with the poc.critical event just after the save.
 */
function bringCriticalAlertsIntoView(startedMs = Date.now()): void {
  const alerts = document.querySelector('.critical-alerts');
  if (alerts) alerts.scrollIntoView({ block: 'start' });
  else if (Date.now() - startedMs < 3_000) setTimeout(() => bringCriticalAlertsIntoView(startedMs), 100);
}

/**
 * Manual entry of a CLIA-waived test: test, lot (expired lots refused by main), QC status of
 * that test and lot (entry is locked out until QC passes), value as read, and the patient's date
 * of birth typed again as the second identifier.
 */
export function ResultEntry({ patientId, draftKey, tests, lots, refreshKey, results, onChanged }: Props) {
  const client = useClient();
  const enterable = tests.filter((t) => t.kind !== 'panel');
  // What this operator had entered for this patient when the form last left the page (an auto-lock
  // took it down: a UI tester lost a typed value at every unlock).
  const [draft] = useState(() => takeEntryDraft(draftKey));
  const [testId, setTestId] = useState(draft?.testId ?? '');
  const test = enterable.find((t) => t.id === testId);
  const [unit, setUnit] = useState(draft?.unit ?? '');
  const [value, setValue] = useState(draft?.value ?? '');
  const [lotNumber, setLotNumber] = useState(draft?.lotNumber ?? '');
  const [deviceId, setDeviceId] = useState(draft?.deviceId ?? '');
  // Empty = the moment Save is pressed (a test run before its QC would be locked out).
  // `observedAt` is `YYYY-MM-DDTHH:MM` (local wall clock) or ''; `observedText` what the field shows:
  // a half-typed or unreal time is refused on Save, never taken for "empty = now".
  const [observedAt, setObservedAt] = useState(draft?.observedAt ?? '');
  const [observedText, setObservedText] = useState('');
  const [dob, setDob] = useState('');
  const [qc, setQc] = useState<QcState | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `resultId`/`recordId`: the version saved; once the results list shows a later version of that
  // record (a correction), the line would state a value the chart no longer holds, so it goes.
  const [saved, setSaved] = useState<{ text: string; critical: boolean; resultId: number; recordId: string } | null>(null);
  const savedCorrected = saved !== null && results.some((r) => r.recordId === saved.recordId && r.id !== saved.resultId);
  useEffect(() => {
    if (savedCorrected) setSaved(null);
  }, [savedCorrected]);
  const save = useInFlight();
  const testLots = lots.filter((l) => l.testId === testId);

  // Kept when the form leaves the page (the lock screen replaces it), given back on return.
  const entered = useRef<EntryDraft>({ testId, unit, value, lotNumber, deviceId, observedAt });
  entered.current = { testId, unit, value, lotNumber, deviceId, observedAt };
  useEffect(() => () => keepEntryDraft(draftKey, entered.current), [draftKey]);
  // Another test chosen: its first unit, and no value or lot of the test before (not when the
  // catalogue is re-read, nor when a kept entry is given back).
  const chooseTest = (id: string) => {
    setTestId(id);
    setUnit(enterable.find((t) => t.id === id)?.units[0]?.ucum ?? '');
    setValue('');
    setLotNumber('');
  };
  const refreshQc = () => {
    if (!testId || !lotNumber) return setQc(null);
    client.call('poc.qc.status', { testId, lotNumber }).then((r) => setQc(r.status), (e: unknown) => setError(errorMessage(e)));
  };
  useEffect(refreshQc, [client, testId, lotNumber, refreshKey]);

  const submit = async () => {
    setError(null);
    setSaved(null);
    const timeProblem = observedText.trim() === '' ? null : dateEntryProblem(observedText, 'date-time');
    if (timeProblem !== null) return setError(`Time of test: ${timeProblem}`);
    try {
      const { result } = await client.call('poc.result.enter', {
        patientId,
        confirmBirthDate: dob,
        testId,
        value: value.trim(),
        unit,
        observedAt: (observedAt ? new Date(observedAt) : new Date()).toISOString(),
        lotNumber,
        deviceId: deviceId.trim() || 'manual',
      });
      // The flag in the results table's words (CRITICAL LOW), never the HL7 code (LL).
      const what = `${testNameOf(tests, result.testId)} ${valueText(tests, result.testId, result.value, result.unit)}${result.flag ? ` (${flagText[result.flag] ?? result.flag})` : ''}`;
      // A critical value must not be read as a routine "Saved": the alert with the read-back form is
      // at the top of the screen, out of view at 1024x768 beside this button (a UI tester), so the
      // line says so and the alert is brought into view.
      const version = { resultId: result.id, recordId: result.recordId };
      setSaved(
        result.critical
          ? { text: `Saved: ${what}. CRITICAL value: tell the provider now and record it in the alert at the top of the screen.`, critical: true, ...version }
          : { text: `Saved: ${what}`, critical: false, ...version },
      );
      if (result.critical) bringCriticalAlertsIntoView();
      dropEntryDraft();
      setValue('');
      setDob('');
      // Emptied, as the value is: a time typed for this test is not carried, unseen, to the next one
      // (a review); empty is "now" again.
      setObservedAt('');
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <form
      className="card"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save.run(submit);
      }}
      aria-label="Enter a result"
    >
      <h2>Enter a result</h2>
      <label htmlFor="p-test">Test</label>
      <select id="p-test" value={testId} onChange={(e) => chooseTest(e.target.value)}>
        <option value="">Choose…</option>
        {enterable.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label htmlFor="p-lot">Lot (strips / kit)</label>
      <select id="p-lot" value={lotNumber} onChange={(e) => setLotNumber(e.target.value)} disabled={!testId}>
        <option value="">Choose…</option>
        {testLots.map((l) => (
          <option key={l.lotNumber} value={l.lotNumber}>
            {lotChoiceText(l, true)}
          </option>
        ))}
      </select>
      {testId && (
        <AddLot
          testId={testId}
          onAdded={(added) => {
            // The lot just registered is the one in hand: chosen here, unless it is already expired
            // (kept only to assign meter readings taken before its expiry; refused for new tests).
            if (!added.expired) setLotNumber(added.lotNumber);
            onChanged();
          }}
        />
      )}
      {/* A kept entry is given back before the catalogue is read again: no panel until its test is known. */}
      {qc && test && (
        <QcPanel
          test={test}
          lotNumber={lotNumber}
          qc={qc}
          onRecorded={onChanged}
        />
      )}
      {test?.kind === 'qualitative' ? (
        <>
          <label htmlFor="p-value">Result</label>
          <ChoiceSelect id="p-value" value={value} options={test.allowedValues} onChange={setValue} />
        </>
      ) : (
        <div className="row">
          <div>
            <label htmlFor="p-value">Value (as read)</label>
            <input id="p-value" value={value} onChange={(e) => setValue(e.target.value)} inputMode="decimal" />
          </div>
          <div>
            <label htmlFor="p-unit">Unit</label>
            <select id="p-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
              {test?.units.map((u) => (
                <option key={u.ucum} value={u.ucum}>
                  {unitChoiceText(u.ucum)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <label htmlFor="p-device">Meter / kit id</label>
      <input id="p-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} placeholder="manual" />
      <label htmlFor="p-time">Time of test (empty = now)</label>
      <DateEntryInput id="p-time" kind="date-time" value={observedAt} onChange={setObservedAt} onTextChange={setObservedText} />
      <label htmlFor="p-dob">Confirm the patient's date of birth</label>
      <BirthDateInput id="p-dob" value={dob} onChange={setDob} />
      <ErrorText text={error} />
      {saved && !savedCorrected && (
        <p role={saved.critical ? 'alert' : 'status'} className={saved.critical ? 'bad' : undefined}>
          {saved.text}
        </p>
      )}
      <button type="submit" className="primary" disabled={save.inFlight || !testId || !lotNumber || !value || !dob || qc?.state !== 'ok'}>
        Save result
      </button>
    </form>
  );
}

function AddLot({ testId, onAdded }: { readonly testId: string; readonly onAdded: (lot: PocLot) => void }) {
  const client = useClient();
  const [lot, setLot] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [expiredWarning, setExpiredWarning] = useState<string | null>(null);
  const adding = useInFlight();
  const add = async () => {
    try {
      setError(null);
      setExpiredWarning(null);
      const { lot: added } = await client.call('poc.lot.add', { testId, lotNumber: lot.trim(), expires });
      // Registered all the same (main): meter readings taken before the lot expired may still be
      // assigned to it. Said at once, not first when QC refuses the lot.
      if (added.expired) {
        setExpiredWarning(
          `Lot ${added.lotNumber} is registered, but it is EXPIRED (expiry ${added.expires} has passed). Do not use it for QC or new tests: the station refuses it for anything run after its expiry day. It is kept only to assign meter readings taken before it expired.`,
        );
      }
      setLot('');
      setExpires('');
      onAdded(added);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <details className="add-lot">
      <summary>Register a new lot</summary>
      <div className="row">
        <div>
          <label htmlFor="nl-lot">New lot number</label>
          <input id="nl-lot" value={lot} onChange={(e) => setLot(e.target.value)} />
        </div>
        <div>
          <label htmlFor="nl-exp">Expires</label>
          <DateEntryInput id="nl-exp" kind="date" value={expires} onChange={setExpires} />
        </div>
        <button type="button" onClick={() => void adding.run(add)} disabled={adding.inFlight || !lot.trim() || !expires}>
          Add lot
        </button>
      </div>
      {expiredWarning && (
        <p role="alert" className="notice notice-warning">
          {expiredWarning}
        </p>
      )}
      <ErrorText text={error} />
    </details>
  );
}

function QcPanel({ test, lotNumber, qc, onRecorded }: { readonly test: PocTest; readonly lotNumber: string; readonly qc: QcState; readonly onRecorded: () => void }) {
  const client = useClient();
  // The control levels QC still asks for: those that failed (run again), then those due.
  const needed = qc.state === 'failed' ? [...qc.failedLevels, ...qc.missingLevels] : qc.state === 'due' ? [...qc.missingLevels] : [];
  const [level, setLevel] = useState(needed[0] ?? test.qcLevels[0] ?? '');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const recording = useInFlight();
  // The level chosen stays while QC still asks for it: a control that failed is run again at its
  // own level ("run the negative control again below" with the list on negative, never back on the
  // first level: a UI tester). A level that passed gives way to the next one QC asks for.
  const neededKey = needed.join(',');
  useEffect(() => {
    const stillNeeded = neededKey === '' ? [] : neededKey.split(',');
    setLevel((current) => (stillNeeded.length === 0 || stillNeeded.includes(current) ? current : stillNeeded[0]!));
  }, [neededKey]);
  if (qc.state === 'ok') return <p className="qc ok">Quality control current for this lot.</p>;
  const record = async () => {
    try {
      setError(null);
      const { entry } = await client.call('poc.qc.record', { testId: test.id, lotNumber, level, value: value.trim() });
      setValue('');
      if (!entry.passed) setError(`QC ${level} did not pass: run it again before testing patients.`);
      onRecorded();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="qc locked" role="alert" aria-label="QC lockout">
      <strong>
        {qc.state === 'due'
          ? `QC is due (${qc.missingLevels.join(', ')}) for ${test.name}, lot ${lotNumber}: run ${controlsText(qc.missingLevels)} below. Patient results for this test and lot are locked until QC passes.`
          : `QC failed (${qc.failedLevels.join(', ')}) for ${test.name}, lot ${lotNumber}: run ${controlsText(qc.failedLevels)} again below${qc.missingLevels.length > 0 ? `, and ${controlsText(qc.missingLevels)} (due)` : ''}. Patient results for this test and lot are locked until ${qc.failedLevels.length + qc.missingLevels.length === 1 ? 'it passes' : 'they pass'}.`}
      </strong>
      <div className="row">
        <div>
          <label htmlFor="qc-level">Control level</label>
          <select id="qc-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            {test.qcLevels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="qc-value">Control result</label>
          {test.kind === 'qualitative' ? (
            <ChoiceSelect id="qc-value" value={value} options={test.allowedValues} onChange={setValue} />
          ) : (
            <input id="qc-value" value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </div>
        <button type="button" onClick={() => void recording.run(record)} disabled={recording.inFlight || !value.trim()}>
          Record QC
        </button>
      </div>
      <ErrorText text={error} />
    </div>
  );
}
