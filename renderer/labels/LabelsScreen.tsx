import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventPayloadOf, RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import { printableNames } from '../../common/labels/content.ts';
import type { ReprintReason } from '../../common/labels/jobs.ts';
import type { LabelLayout } from '../../common/labels/layout.ts';
import { labelLayoutToSvg } from '../../common/labels/previewSvg.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';
import { localTime } from '../../common/format/time.ts';
import { useInFlight } from '../components/useInFlight.ts';
import { DateEntryInput } from '../components/DateEntryInput.tsx';
import type { ScreenProps } from '../screens/index.tsx';
import { describeFault, usePrinterState } from './usePrinterState.ts';
import {
  REPRINT_REASON_TEXT,
  collectedText,
  jobStatesKey,
  oldCollectionAgo,
  oldCollectionQuestion,
  printedConfirmation,
  reprintQuestion,
  reprintReasonText,
  tubeText,
} from './labelWording.ts';
import { mergeJobs } from './jobList.ts';
import { useLocalMinute } from '../components/useLocalMinute.ts';

type Catalogue = ResponseOf<'labels.catalogue'>;
type Job = EventPayloadOf<'labels.job'>;
type Specimen = RequestOf<'labels.preview'>['specimen'];

/** Local wall-clock time as an ISO 8601 string with its offset (what the label prints). */
function localIso(d: Date): string {
  const pad = (n: number) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}

const SESSION_ENDED = 'the window it was asked for in was closed, or someone else signed in on the locked station';

/**
 * Why the station withdrew a label (the job's lastFault is `cancelled:REASON`), in the MA's words;
 * null for a label an operator cancelled herself (`cancelled:operator`): not a withdrawal.
 */
function withdrawnWhy(lastFault: string | null): string | null {
  switch (lastFault) {
    case 'cancelled:session-ended':
      return SESSION_ENDED;
    case 'cancelled:station-restarted':
      return 'the station restarted';
    default:
      return null;
  }
}

/** A cancelled label's state, in the MA's words. */
function cancelText(lastFault: string | null): string {
  const why = withdrawnWhy(lastFault);
  return why === null ? 'not printed' : `withdrawn, not printed (${why})`;
}

/**
 * The preview main answered, or why it refused to lay the label out, for the request `key` (the
 * patient and the specimen inputs): shown only while the screen still asks for that key, so an
 * answer for another patient or an earlier choice is never on screen as if it were current.
 */
type PreviewAnswer = { readonly key: string } & ({ readonly svg: string; readonly shortenedName: string | null; readonly dobUnderBarcode: boolean } | { readonly refusal: string });

/** The name as the label prints it when the truncation rule shortened it (layout.ts), else null. */
function shortenedName(layout: LabelLayout): string | null {
  if (!layout.nameTruncated) return null;
  const name = layout.elements.find((e) => e.kind === 'text' && e.role === 'name');
  return name?.kind === 'text' ? name.text : null;
}

/** The MRN was too long to share its line, so the date of birth prints under the barcode (layout.ts). */
function dobUnderBarcode(layout: LabelLayout): boolean {
  return layout.elements.some((e) => e.kind === 'text' && e.role === 'dob');
}

/** Why no label can be printed for this patient at all (a name the printer cannot print), or null. */
function unprintableName(patient: { readonly familyName: string; readonly givenName: string } | null): string | null {
  if (!patient) return null;
  try {
    printableNames(patient.familyName, patient.givenName);
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

/** Why no label can be printed, and what to do instead (main's words). */
function Refusal({ text }: { readonly text: string }) {
  return (
    <p className="label-refusal" role="alert" aria-label="Why no label">
      {text}
    </p>
  );
}

/** Withdrawn labels this window has been told about and dismissed (kept while the window lives). */
const dismissedWithdrawn = new Set<string>();

/** Specimen labels for the current patient: choose, preview exactly what prints, print, watch the job. */
export function LabelsScreen({ session }: ScreenProps) {
  const client = useClient();
  const printer = usePrinterState();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [type, setType] = useState('');
  const [container, setContainer] = useState('');
  const [tests, setTests] = useState('');
  /**
   * The collection time: the clock's current minute until the MA types one, then what she typed.
   * A UI tester saw the time the screen opened stay on the field, the preview and the tube; the
   * label carries the time shown when Print is pressed (its preview is of that time).
   */
  const now = useLocalMinute();
  const [typedCollectedAt, setTypedCollectedAt] = useState<string | null>(null);
  const collectedAt = typedCollectedAt ?? now;
  /**
   * Print label was pressed with a collection time more than a day old: the question asked
   * (oldCollectionQuestion) until the MA prints with that time or changes it. A tester printed a
   * tube 54 days in the past without a word.
   */
  const [oldTimeQuestion, setOldTimeQuestion] = useState<string | null>(null);
  useEffect(() => setOldTimeQuestion(null), [collectedAt]);
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  /**
   * Main's answer to a Print of a label already waiting for the printer (`labels-already-queued`):
   * not an error, the label asked for prints once, so it is said in a neutral note.
   */
  const [alreadyWaiting, setAlreadyWaiting] = useState<string | null>(null);
  const [jobs, setJobs] = useState<Job[]>([]);
  /** Jobs asked for on this screen since it opened: the only ones its "printed" line speaks of. */
  const askedHere = useRef(new Set<string>());
  const [reprintOf, setReprintOf] = useState<Job | null>(null);
  const [reason, setReason] = useState<ReprintReason | ''>('');
  // A double-click on Print label or Reprint sends one request (docs/labels.md, Print queue).
  const printing = useInFlight();
  const reprinting = useInFlight();
  const cancelling = useInFlight();
  const printingAgain = useInFlight();
  /** The selected patient's labels the station withdrew, never printed (labels.waiting). */
  const [withdrawn, setWithdrawn] = useState<Job[]>([]);
  /** A refusal of Cancel label or Print again, shown by those buttons at the top. */
  const [listError, setListError] = useState<string | null>(null);

  useEffect(() => {
    client.call('labels.catalogue', {}).then(setCatalogue, (e: unknown) => setError(errorMessage(e)));
    return client.on('labels.job', (job) => setJobs((js) => js.map((j) => (j.jobId === job.jobId ? job : j))));
  }, [client]);
  // Labels of this patient still waiting for the printer (asked for before the screen was left, e.g.
  // when leaving the patient was refused because of them): listed so they can be cancelled.
  const patientId = session.patient?.id ?? null;
  // A time typed for one patient's tube is not another's: the next patient's labels follow the clock.
  useEffect(() => setTypedCollectedAt(null), [patientId]);
  // The patient's labels of the last 12 hours, printed or not, from main (labels.jobs): listed with
  // Reprint… whenever the screen opens, so a tube labelled before the MA left the screen (or in a
  // window since closed) is reprinted under its number, never printed anew under a second one.
  useEffect(() => {
    if (patientId === null) return;
    let live = true;
    client.call('labels.jobs', { patientId }).then(
      (r) => live && setJobs((js) => mergeJobs(js, r.jobs)),
      (e: unknown) => live && setListError(`The labels printed for this patient could not be listed: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [client, patientId]);
  useEffect(() => {
    let live = true;
    client.call('labels.waiting', {}).then(
      (r) => {
        if (!live) return;
        setJobs((js) => mergeJobs(js, r.jobs));
        setWithdrawn(r.withdrawn.filter((w) => !dismissedWithdrawn.has(w.jobId)));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, patientId]);

  const containers = useMemo(() => {
    const allowed = catalogue?.specimenTypes.find((t) => t.code === type)?.containers ?? [];
    return catalogue?.containers.filter((c) => allowed.includes(c.code)) ?? [];
  }, [catalogue, type]);

  const specimen = (): Specimen => ({
    type,
    container,
    tests: tests
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    collectedAt: localIso(new Date(collectedAt)),
    collector: session.operator?.login ?? '',
  });

  const ready = Boolean(type && container && tests.trim() && collectedAt);
  const patient = session.patient;
  // Everything the label is made of: the patient main prints for, and the specimen inputs.
  const previewKey = JSON.stringify([patient?.id, patient?.familyName, patient?.givenName, patient?.birthDate, patient?.mrn, type, container, tests, collectedAt]);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    client.call('labels.preview', { specimen: specimen() }).then(
      (r) => {
        if (!live) return;
        // A label that lays out clears a refusal of an earlier Print.
        setError(null);
        setAnswer({ key: previewKey, svg: labelLayoutToSvg(r.layout), shortenedName: shortenedName(r.layout), dobUnderBarcode: dobUnderBarcode(r.layout) });
      },
      (e: unknown) => live && setAnswer({ key: previewKey, refusal: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
    // specimen() is derived from the inputs in previewKey.
  }, [client, ready, previewKey]);
  const current = ready && answer?.key === previewKey ? answer : null;
  const preview = current && 'svg' in current ? current : null;
  // Said as soon as the patient is on screen, before a tube is drawn; main refuses the label anyway.
  const nameRefusal = useMemo(() => unprintableName(patient), [patient]);
  // Why the label asked for cannot be printed, unless it is the patient's name, said at the top already.
  const refusal = current && 'refusal' in current && current.refusal !== nameRefusal ? current.refusal : null;
  const previewStatus =
    nameRefusal !== null
      ? 'No label can be printed for this patient.'
      : refusal !== null
        ? 'No preview: this label cannot be printed as it is.'
        : ready
          ? 'Making the preview…'
          : type && container && tests.trim()
            ? 'Type the collection time (YYYY-MM-DD HH:MM) to see the label.'
            : 'Choose the specimen to see the label.';

  // A message about an earlier Print or Reprint is stale once a label of this screen changes state
  // (a UI tester saw "already queued" stay after the label printed, and after a reprint).
  const statesKey = jobStatesKey(jobs);
  useEffect(() => {
    setError(null);
    setAlreadyWaiting(null);
  }, [statesKey]);
  const printed = printedConfirmation(jobs.filter((j) => askedHere.current.has(j.jobId)));

  const print = () =>
    printing.run(async () => {
      try {
        setError(null);
        setAlreadyWaiting(null);
        const { job } = await client.call('labels.print', { jobId: crypto.randomUUID(), specimen: specimen() });
        askedHere.current.add(job.jobId);
        setJobs((js) => mergeJobs(js, [job]));
        // A typed time was this tube's: the next label follows the clock again (it stayed for the
        // patient's next labels, days old). Another tube of the same draw: type the time again.
        setTypedCollectedAt(null);
      } catch (e) {
        if (e instanceof IpcCallError && e.error.code === 'labels-already-queued') setAlreadyWaiting(errorMessage(e));
        else setError(errorMessage(e));
      }
    });
  const reprint = () =>
    reprinting.run(async () => {
      if (!reprintOf || !reason) return;
      try {
        setError(null);
        const { job } = await client.call('labels.reprint', { jobId: crypto.randomUUID(), originalJobId: reprintOf.jobId, reason });
        askedHere.current.add(job.jobId);
        setJobs((js) => mergeJobs(js, [job]));
        setReprintOf(null);
        setReason('');
      } catch (e) {
        setError(errorMessage(e));
      }
    });

  const cancel = (job: Job) =>
    cancelling.run(async () => {
      try {
        setListError(null);
        const { job: cancelled } = await client.call('labels.cancel', { jobId: job.jobId });
        setJobs((js) => js.map((j) => (j.jobId === cancelled.jobId ? cancelled : j)));
      } catch (e) {
        setListError(errorMessage(e));
      }
    });

  // A withdrawn label was never sent: main re-queues it as a reprint of the same label (same
  // accession and collection time, so the tube gets the label it was drawn for), once.
  const printAgain = (job: Job) =>
    printingAgain.run(async () => {
      try {
        setListError(null);
        const { job: again } = await client.call('labels.reprint', { jobId: crypto.randomUUID(), originalJobId: job.jobId, reason: 'interrupted' });
        askedHere.current.add(again.jobId);
        setJobs((js) => mergeJobs(js, [again]));
        setWithdrawn((ws) => ws.filter((w) => w.jobId !== job.jobId));
      } catch (e) {
        setListError(errorMessage(e));
      }
    });
  const dismiss = (job: Job) => {
    dismissedWithdrawn.add(job.jobId);
    setWithdrawn((ws) => ws.filter((w) => w.jobId !== job.jobId));
  };

  const waiting = jobs.filter((j) => j.state === 'queued');
  const blocked = printer !== null && !printer.ready;
  return (
    <section aria-labelledby="labels-title">
      <h1 id="labels-title">Specimen labels</h1>
      <div className={blocked ? 'printer-state bad' : 'printer-state'} role="status" aria-label="Label printer">
        {printer === null
          ? 'Label printer: checking…'
          : printer.ready
            ? 'Label printer ready'
            : `Label printer needs attention: ${describeFault(printer.faults.join(',')) || 'not ready'}. Labels wait and print when it is ready.`}
        {/* As the EKG screen tags a simulated cart: these labels carry the SIMULATED mark. */}
        {printer?.simulated === true && (
          <>
            {' '}
            <span className="sim-tag">SIMULATED</span>
          </>
        )}
      </div>
      {withdrawn.length > 0 && (
        <section className="card notice-warning" aria-label="Labels not printed" style={{ background: '#fff4d6' }}>
          {withdrawn.map((w) => (
            <div key={w.jobId} className="row" style={{ alignItems: 'center', marginBottom: '0.5rem' }}>
              <p style={{ flex: '1 1 24rem', margin: 0, fontWeight: 600 }}>
                Label {w.accession} (asked for at {localTime(w.createdAtUtc)}) was not printed: withdrawn because {withdrawnWhy(w.lastFault) ?? SESSION_ENDED}. Print it again if the tube still needs a label.
              </p>
              <button type="button" className="primary" aria-label={`Print ${w.accession} again`} disabled={printingAgain.inFlight} onClick={() => void printAgain(w)}>
                Print again
              </button>
              <button type="button" aria-label={`Dismiss ${w.accession}`} onClick={() => dismiss(w)}>
                Dismiss
              </button>
            </div>
          ))}
        </section>
      )}
      {waiting.length > 0 && (
        <section className="card" aria-label="Labels waiting for the printer">
          <h2 style={{ marginTop: 0 }}>Waiting for the printer</h2>
          {waiting.map((j) => (
            <div key={j.jobId} className="row" style={{ alignItems: 'center', marginBottom: '0.5rem' }}>
              <p style={{ flex: '1 1 24rem', margin: 0 }}>
                Label <strong>{j.accession}</strong> (asked for at {localTime(j.createdAtUtc)}) waits for the printer{j.lastFault ? ` (${describeFault(j.lastFault)})` : ''}. It prints by itself when the printer is ready.
              </p>
              <button type="button" aria-label={`Cancel label ${j.accession}`} disabled={cancelling.inFlight} onClick={() => void cancel(j)}>
                Cancel label
              </button>
            </div>
          ))}
        </section>
      )}
      <ErrorText text={listError} />
      <div className="labels-layout">
        <div className="card">
          {/* First: nothing in this form can make a label for this patient. */}
          {nameRefusal !== null && <Refusal text={nameRefusal} />}
          <label htmlFor="l-type">Specimen type</label>
          <select id="l-type" value={type} onChange={(e) => (setType(e.target.value), setContainer(''))}>
            <option value="">Choose…</option>
            {catalogue?.specimenTypes.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
          <label htmlFor="l-container">Container</label>
          <select id="l-container" value={container} onChange={(e) => setContainer(e.target.value)} disabled={!type}>
            <option value="">Choose…</option>
            {containers.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
          <label htmlFor="l-tests">Tests (comma separated)</label>
          <input id="l-tests" value={tests} onChange={(e) => setTests(e.target.value)} placeholder="e.g. CBC, BMP" />
          <label htmlFor="l-time">Collected at</label>
          {/* YYYY-MM-DD HH:MM on the 24-hour clock, as the label prints it ("Coll 2026-11-24 00:15"); '' while what is typed is no time. */}
          <DateEntryInput id="l-time" kind="date-time" value={collectedAt} onChange={setTypedCollectedAt} describedBy="l-time-note" />
          {typedCollectedAt === null ? (
            <p id="l-time-note" className="label-time-note">
              Now: follows the clock until you change it.
            </p>
          ) : (
            <p id="l-time-note" className="label-time-note">
              As you typed it.{' '}
              <button type="button" onClick={() => setTypedCollectedAt(null)}>
                Use the current time
              </button>
            </p>
          )}
          {/* By the Print button, where the MA looks: a 1024-px screen shows the preview below the form. */}
          {refusal !== null && <Refusal text={refusal} />}
          {preview !== null && preview.shortenedName !== null && (
            <p className="label-name-shortened" role="status" aria-label="Name shortened on the label">
              The name is too long for the label and prints shortened, as <strong>{preview.shortenedName}</strong> (a cut name ends in &quot;...&quot;). The MRN and date of birth print in full: check them
              against the wristband when you put the label on the tube.
            </p>
          )}
          {preview?.dobUnderBarcode === true && (
            <p className="label-dob-moved" role="status" aria-label="Date of birth moved on the label">
              The MRN is long and has the line under the name to itself; the date of birth prints under the barcode, right of the accession number. Both print in full: check them against
              the wristband when you put the label on the tube.
            </p>
          )}
          <ErrorText text={error} />
          {alreadyWaiting !== null && (
            <p className="label-already-waiting" role="status" aria-label="Label already waiting">
              {alreadyWaiting}
            </p>
          )}
          {printed !== null && (
            <p className="label-printed" role="status" aria-label="Label printed">
              {printed}
            </p>
          )}
          {oldTimeQuestion !== null && (
            <div className="label-refusal" role="alert" aria-label="Old collection time">
              <p>{oldTimeQuestion}</p>
              <div className="row">
                <button type="button" className="primary" disabled={printing.inFlight} onClick={() => (setOldTimeQuestion(null), void print())}>
                  Print with this time
                </button>
                <button type="button" onClick={() => (setOldTimeQuestion(null), document.getElementById('l-time')?.focus())}>
                  Change the time
                </button>
              </div>
            </div>
          )}
          <div className="row" style={{ marginTop: '1rem' }}>
            <button
              type="button"
              className="primary"
              disabled={preview === null || printing.inFlight}
              onClick={() => {
                // More than a day old: asked first, saying how old (the label carries that time).
                const ago = oldCollectionAgo(new Date(collectedAt).getTime(), Date.now());
                if (ago !== null) setOldTimeQuestion(oldCollectionQuestion(collectedAt.replace('T', ' '), ago));
                else void print();
              }}
            >
              Print label
            </button>
          </div>
        </div>
        <div className="card">
          <h2>Preview</h2>
          {preview ? <img className="label-preview" alt="Label preview" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`} /> : <p>{previewStatus}</p>}
        </div>
      </div>
      {jobs.length > 0 && (
        <table aria-label="Print jobs">
          <thead>
            <tr>
              <th>Accession</th>
              <th>Tube</th>
              <th>Tests</th>
              <th>Collected</th>
              <th>Asked for</th>
              <th>Job</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.jobId}>
                <td>{j.accession}</td>
                {/* Which tube: several tubes of one visit are listed, and Reprint… must be for the one in hand. */}
                {j.tube === null ? (
                  <td colSpan={3}>not known: check the label on the tube</td>
                ) : (
                  <>
                    <td>{tubeText(j.tube)}</td>
                    <td>{j.tube.tests}</td>
                    <td>{collectedText(j.tube)}</td>
                  </>
                )}
                <td>{localTime(j.createdAtUtc)}</td>
                <td>{j.kind === 'reprint' ? `reprint (${reprintReasonText(j.reprintReason)})` : 'print'}</td>
                <td className={j.state === 'uncertain' ? 'bad' : undefined}>
                  {j.state}
                  {j.state === 'queued' && j.lastFault ? `: waiting for the printer (${describeFault(j.lastFault)})` : ''}
                  {j.state === 'cancelled' ? `: ${cancelText(j.lastFault)}` : ''}
                </td>
                <td>
                  {(j.state === 'printed' || j.state === 'uncertain') && (
                    <button type="button" aria-label={`Reprint ${j.accession}`} onClick={() => setReprintOf(j)}>
                      Reprint…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reprintOf && (
        <div className="card narrow" role="dialog" aria-label="Reprint reason">
          <p className="label-reprint-question">
            <strong>{reprintQuestion(reprintOf)}</strong> Why is it printed again?
          </p>
          <label htmlFor="l-reason">Reason</label>
          <select id="l-reason" value={reason} onChange={(e) => setReason(e.target.value as ReprintReason | '')}>
            <option value="">Choose…</option>
            {catalogue?.reprintReasons.map((r) => (
              <option key={r} value={r}>
                {REPRINT_REASON_TEXT[r]}
              </option>
            ))}
          </select>
          <div className="row">
            <button type="button" className="primary" disabled={!reason || reprinting.inFlight} onClick={() => void reprint()}>
              Reprint
            </button>
            <button type="button" onClick={() => setReprintOf(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
