import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { usePolled } from '../components/usePolled.ts';
import { OTHER_PATIENT_LINES, useBoundedOthers } from '../components/otherPatientAlerts.tsx';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { IpcCallError } from '../ipc/client.ts';
import { localTime } from '../../common/format/time.ts';
import { PatientIdentifiers, patientName } from '../patients/PatientIdentifiers.tsx';
import type { SessionState } from '../session/useSession.ts';
import { criticalAlertName, criticalHeadline, criticalWords, type CriticalWords, type Reader } from './criticalWording.ts';
import { flagText, type PocTest } from './usePoc.ts';

type CriticalResult = ResponseOf<'poc.critical.unacknowledged'>['results'][number];
type SelectedPatient = NonNullable<SessionState['patient']>;

/**
 * Refusals that mean the alert on screen is out of date (corrected, or told already, in another
 * window or session): the list is read again so the alert is replaced, and the refusal is said
 * above the list, since the form it came from goes with its alert.
 */
const STALE_ALERT_CODES: ReadonlySet<string> = new Set(['poc-superseded', 'poc-state', 'poc-not-critical', 'poc-not-found']);

/**
 * Unacknowledged critical results: shown on every screen until the assistant records who was
 * told and that they read the value back (main refuses an acknowledgement without read-back).
 * A record that ever had a critical value alerts for each new version (a correction too) until
 * that version is read back (PocService.unacknowledgedCriticals). Every alert names its own
 * patient with two identifiers (name + date of birth, and MRN), and says so plainly when that is
 * not the patient selected on this screen: the banner below it belongs to someone else then, and
 * the value must not be reported for them. Those alerts are one line each (with that warning),
 * opened to the full form on demand: two of them took ~490 px at 1024x768 before any content.
 * Together with the EKG findings' lines, at most OTHER_PATIENT_LINES of them show, under the
 * selected patient's bar, then "Show N more" (renderer/components/otherPatientAlerts.tsx).
 * At 640 px (200 % zoom) that line wrapped to about five lines each; there the test, value and
 * patient take at most two lines, with the warning and the button under them (styles.css,
 * .critical-compact).
 *
 * The form's submit button names the alert's own patient inside its own box (name, date of birth,
 * MRN, and "not the patient on screen" when so), as the EKG's Capture does: at 640x400 (200 %
 * zoom) the form is taller than the window, and with the button in view the alert's patient line
 * and band had scrolled away, leaving the on-screen patient's banner the only name near it (a
 * black-box tester). The form also says when the test was measured (observedAt, in the station's
 * time format); the compact line does not, which keeps it within two lines at 640 px.
 */
/** A new alert, or one recorded as told in another window: either changes the list (a module constant, so the poll's effect does not restart). */
const CRITICAL_EVENTS = ['poc.critical', 'poc.criticalAcknowledged'] as const;

/** Said on the button that shows the other patients' alerts kept to `othersShown` lines (otherPatientAlerts). */
const CRITICAL_PLURAL = ['critical result', 'critical results'] as const;

export function CriticalAlerts({
  selectedPatient,
  reader,
  othersShown = OTHER_PATIENT_LINES,
  onOthersCount,
}: {
  readonly reader: Reader | null;
  readonly selectedPatient: SelectedPatient | null;
  /** How many alerts for other patients are shown before "Show N more" (App shares the room with the EKG findings). */
  readonly othersShown?: number;
  readonly onOthersCount?: (count: number) => void;
}) {
  const client = useClient();
  const load = useCallback(() => client.call('poc.critical.unacknowledged', {}).then((r): CriticalResult[] => r.results), [client]);
  // poc.critical comes with every new version to tell (a correction too): every window replaces its alerts.
  const [open, reload] = usePolled(load, 15_000, { event: CRITICAL_EVENTS });
  const [notice, setNotice] = useState<string | null>(null);
  // The catalogue, to say a value as every POC screen does (valueText: HI / LO in words with the
  // meter's limit). Until it loads (or if it cannot be read) HI still reads "HI (above the meter's
  // range)", only without the limit: never "HI mg/dL".
  const [tests, setTests] = useState<readonly PocTest[]>([]);
  useEffect(() => {
    let live = true;
    client.call('poc.catalogue', {}).then(
      (c) => {
        if (live) setTests(c.tests);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  const selectedId = selectedPatient?.id ?? null;
  useEffect(() => setNotice(null), [selectedId]);
  const onStale = useCallback(
    (message: string) => {
      setNotice(message);
      reload();
    },
    [reload],
  );
  const onDone = useCallback(() => {
    setNotice(null);
    reload();
  }, [reload]);
  // The patient on screen first: theirs is the full form, others' are compact lines below it, as
  // many as the room above the screen allows, then "Show N more" (otherPatientAlerts).
  const others = open.filter((r) => r.patientId !== selectedId);
  const bounded = useBoundedOthers(others, othersShown, CRITICAL_PLURAL, onOthersCount);
  // Who reads the alert decides its words: the signed-in operator (App); null reads as an assistant's alert.
  if (open.length === 0 && notice === null) return null;
  const words = criticalWords(reader);
  const ordered = [...open.filter((r) => r.patientId === selectedId), ...bounded.shown];
  return (
    <div className="critical-alerts" role="alert" aria-label="Critical results">
      {notice !== null && (
        <AlertError text={notice}>
          <button type="button" onClick={() => setNotice(null)}>
            OK
          </button>
        </AlertError>
      )}
      {ordered.map((r) => (
        // Keyed by the version and the reader: a correction or another operator signing in gets the
        // form afresh (the read-back of one value is never carried over to another).
        <CriticalItem key={`${r.id}:${reader?.displayName ?? ''}`} result={r} tests={tests} selectedPatient={selectedPatient} words={words} onDone={onDone} onStale={onStale} />
      ))}
      {bounded.more}
    </div>
  );
}

/**
 * A refusal inside the alert, on white: the station's error red on the alert's own red
 * (--danger, #b00020, both) could not be read at all.
 */
function AlertError({ text, children }: { readonly text: string; readonly children?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: '0.75rem', background: '#fff', borderRadius: '3px', padding: '0.25rem 0.5rem', margin: '0.25rem 0' }}>
      <ErrorText text={text} />
      {children}
    </div>
  );
}

/** When the test was measured, as the station writes times; the stored text itself if it cannot be read as a time (never a blank alert). */
function measuredText(observedAt: string): string {
  return Number.isNaN(Date.parse(observedAt)) ? observedAt : localTime(observedAt);
}

function CriticalItem({
  result,
  tests,
  selectedPatient,
  words,
  onDone,
  onStale,
}: {
  readonly result: CriticalResult;
  readonly tests: readonly PocTest[];
  readonly selectedPatient: SelectedPatient | null;
  readonly words: CriticalWords;
  readonly onDone: () => void;
  readonly onStale: (message: string) => void;
}) {
  const client = useClient();
  const [name, setName] = useState(words.prefillWho);
  const [role, setRole] = useState('Provider');
  const [method, setMethod] = useState<'phone' | 'in-person' | 'secure-message'>('in-person');
  const [readBack, setReadBack] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const recording = useInFlight();
  const p = result.patient;
  const notOnScreen = selectedPatient?.id !== result.patientId;
  // Compact only beside another patient on screen: with none selected, nothing else competes for the space.
  const compact = notOnScreen && selectedPatient !== null && !expanded;
  // A refusal of this form was about the patient on screen then: stale once another is selected.
  const selectedId = selectedPatient?.id ?? null;
  useEffect(() => setError(null), [selectedId]);
  useEffect(() => {
    if (expanded) nameInput.current?.focus();
  }, [expanded]);
  const submit = async () => {
    // In the order the form is filled in, so the first thing missing is the one named.
    const missing = name.trim() === '' ? words.whoMissing : role.trim() === '' ? words.roleMissing : !readBack ? words.readBackMissing : null;
    if (missing !== null) {
      setError(missing);
      return;
    }
    try {
      await client.call('poc.critical.acknowledge', { resultId: result.id, notifiedName: name.trim(), notifiedRole: role.trim(), method, readBack: true });
      onDone();
    } catch (err) {
      if (err instanceof IpcCallError && STALE_ALERT_CODES.has(err.error.code)) onStale(errorMessage(err));
      else setError(errorMessage(err));
    }
  };
  const label = criticalAlertName(result, tests);
  const patient = (
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
  );
  const otherBand = notOnScreen && (
    <p className="critical-other" role="note">
      {selectedPatient ? (
        <>
          NOT the patient on screen (<bdi>{patientName(selectedPatient)}</bdi>, MRN {selectedPatient.mrn}).
        </>
      ) : (
        'No patient is selected on this screen.'
      )}{' '}
      {/* Read by a screen reader everywhere; not shown on a compact line at 640 px (styles.css): the form it opens says it. */}
      <span className="critical-other-advice">Report this value only for the patient named above.</span>
    </p>
  );
  if (compact) {
    return (
      // A grid (styles.css): the line, then the warning band; under 800 px the button goes beside the band.
      <div className="critical-item critical-compact" role="group" aria-label={label}>
        <div className="critical-compact-what">
          <strong>{criticalHeadline(result, words, flagText, tests, true)}</strong>
          {patient}
        </div>
        {/* 40 px, not the station's 48: the line stays two lines of text high; still a large target. */}
        <button type="button" className="critical-compact-open" onClick={() => setExpanded(true)} aria-label={`${words.openLabel} ${label}`}>
          {words.openLabel}
        </button>
        {otherBand}
      </div>
    );
  }
  return (
    <form
      className="critical-item"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void recording.run(submit);
      }}
      aria-label={label}>
      <strong>{criticalHeadline(result, words, flagText, tests)}</strong>
      <p className="critical-measured">Measured {measuredText(result.observedAt)}</p>
      {patient}
      {otherBand}
      <div className="row">
        <div>
          <label htmlFor={`cn-${result.id}`}>{words.whoLabel}</label>
          <input id={`cn-${result.id}`} ref={nameInput} value={name} onChange={(e) => setName(e.target.value)} />
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
        {/* Whose value this records, inside the button's own box: in view whenever the button is. */}
        <button type="submit" className="primary critical-submit" disabled={recording.inFlight}>
          <span className="critical-submit-action">{words.submitLabel}</span>
          <span className="critical-submit-patient">
            {' '}
            for{' '}
            {p ? (
              <>
                <PatientIdentifiers patient={p} />
                {p.simulated && <span className="sim-tag">SIMULATED</span>}
              </>
            ) : (
              <span className="patient-id">patient record {result.patientId}</span>
            )}
          </span>
          {notOnScreen && selectedPatient !== null && <span className="critical-submit-other"> (NOT the patient on screen)</span>}
        </button>
        {notOnScreen && expanded && (
          <button type="button" onClick={() => setExpanded(false)}>
            Show as one line
          </button>
        )}
      </div>
      {error !== null && <AlertError text={error} />}
    </form>
  );
}
