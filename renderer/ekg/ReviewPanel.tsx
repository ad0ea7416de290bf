import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { DateEntryInput } from '../components/DateEntryInput.tsx';
import { IpcCallError } from '../ipc/client.ts';
import {
  commentLimitProblem,
  commentUsage,
  flagTextFor,
  NOTIFIED_WHOM_MAX_CHARS,
  notifiedAtProblem,
  notifiedWhomProblem,
  charCount,
  OVER_READ_COMMENT_MAX_CHARS,
  OVER_READ_COMMENT_MAX_LINE_BREAKS,
} from '../../common/ekg/reviewWording.ts';
import { PatientIdentifiers } from '../patients/PatientIdentifiers.tsx';
import { RecordedTracing } from './RecordedTracing.tsx';
import { ReviewTrail } from './ReviewTrail.tsx';
import { heldAlertText, heldLeaveText, othersFindingText } from './immediateWording.ts';
import { useLocalMinute } from '../components/useLocalMinute.ts';
import { sameReviewStored, UnsavedReview } from './UnsavedReview.tsx';

type Ekg = ResponseOf<'ekg.get'>;
const fmt = (v: number | null, unit: string) => (v === null ? '—' : `${v} ${unit}`);
const refusedAs = (e: unknown, code: string) => e instanceof IpcCallError && e.error.code === code;

/**
 * A stored EKG's measurements and flags for provider review, and the review trail: the assistant
 * records "provider notified"; an immediate flag must be acknowledged first; a provider confirms
 * or over-reads. Main enforces every rule; the screen only shows where things stand.
 */
export function ReviewPanel({
  ekgId,
  role,
  operatorId,
  onState,
  reveal = false,
  patient = null,
}: {
  readonly ekgId: number;
  readonly role: 'admin' | 'ma' | 'provider';
  /** The signed-in operator: an unacknowledged immediate finding holds only the operator who captured the EKG (as main does). */
  readonly operatorId: string;
  /** Whether the signed-in operator may leave the screen now. */
  readonly onState: (canLeave: boolean) => void;
  /**
   * Bring the panel into view once the EKG is shown (opened from the worklist, or just captured: it
   * is below the live view on a small screen); an immediate finding that holds this operator is
   * brought into view and given focus instead.
   */
  readonly reveal?: boolean;
  /** The selected patient (main answers only for the EKGs of the selected patient), named beside the review when it is revealed. */
  readonly patient?: { readonly familyName: string; readonly givenName: string; readonly birthDate: string; readonly mrn: string } | null;
}) {
  const client = useClient();
  const [ekg, setEkg] = useState<Ekg | null>(null);
  const panel = useRef<HTMLElement>(null);
  const alertBox = useRef<HTMLDivElement>(null);
  const shown = ekg !== null;
  /** Whether this EKG's immediate finding holds the signed-in operator (as main decides: its capturer, until acknowledged or reviewed). */
  const holdsMe = ekg !== null && !ekg.review.canLeaveScreen && ekg.capturedBy === operatorId;
  const revealed = useRef(false);
  useEffect(() => {
    if (!reveal || !shown || revealed.current) return;
    revealed.current = true; // once per EKG shown: a later refresh must not pull the page back
    if (holdsMe && alertBox.current) {
      alertBox.current.scrollIntoView({ block: 'start' });
      alertBox.current.focus({ preventScroll: true });
    } else {
      panel.current?.scrollIntoView({ block: 'start' });
    }
  }, [reveal, shown, holdsMe]);
  const [error, setError] = useState<string | null>(null);
  const [whom, setWhom] = useState('');
  /** Main's refusal of the notification (e.g. `notified-whom-invalid`): shown in the form, beside the name. */
  const [notifyError, setNotifyError] = useState<string | null>(null);
  const [how, setHow] = useState<'in-person' | 'phone' | 'secure-message' | 'pager'>('in-person');
  /**
   * When the provider was told: the clock's current minute until the assistant types a time (told
   * a few minutes ago, before recording it), then what she typed (`YYYY-MM-DDTHH:MM` local, '' while
   * it is no time). Following the clock, the moment of the click is sent, as POC's "empty = now".
   */
  const nowMinute = useLocalMinute();
  const [typedWhen, setTypedWhen] = useState<string | null>(null);
  const [whenText, setWhenText] = useState('');
  /** Main's refusal of the time (`notified-at-invalid`): shown at the "When" field. */
  const [whenError, setWhenError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  /** A refused review (e.g. `comment-unprintable`): shown at the comment, which is kept for rewording. */
  const [reviewError, setReviewError] = useState<string | null>(null);
  /**
   * A provider's review that could not be stored because another window's review came first (two
   * providers had this EKG open): what they wrote stays on screen to copy, with main's refusal
   * (`already-reviewed`) when they pressed Confirm or Over-read, or null when the panel followed
   * the other window's review while they were writing.
   */
  const [unsaved, setUnsaved] = useState<{ text: string; refusal: string | null } | null>(null);
  /** The step this window just stored: its trail entry takes the focus from the button that is gone (ReviewTrail). */
  const [focusStep, setFocusStep] = useState<Ekg['review']['events'][number]['kind'] | null>(null);
  const focused = useCallback(() => setFocusStep(null), []);
  /** The comment and the review status as last shown, for the other window's review arriving (an event, outside render). */
  const commentNow = useRef('');
  const statusShown = useRef<Ekg['review']['status'] | null>(null);
  useEffect(() => {
    commentNow.current = comment;
  }, [comment]);
  const [pdf, setPdf] = useState<{ href: string; fileName: string } | null>(null);
  /** The aECG file main made, as a blob URL for the browser's download (revoked when replaced or gone). */
  const [aecg, setAecg] = useState<{ href: string; fileName: string } | null>(null);
  useEffect(() => {
    if (aecg === null) return undefined;
    return () => URL.revokeObjectURL(aecg.href);
  }, [aecg]);

  // The parent's callback changes on every render (and re-renders the parent): read it through a
  // ref, so that the EKG is fetched (and its viewing audited) once per EKG, not once per render.
  const onStateRef = useRef(onState);
  useEffect(() => {
    onStateRef.current = onState;
  }, [onState]);
  const show = useCallback(
    (e: Ekg) => {
      statusShown.current = e.review.status;
      setEkg(e);
      onStateRef.current(e.review.canLeaveScreen || e.capturedBy !== operatorId);
    },
    [operatorId],
  );
  useEffect(() => {
    client.call('ekg.get', { ekgId }).then(show, (e: unknown) => setError(errorMessage(e)));
  }, [client, ekgId, show]);
  // One write of this panel at a time (useInFlight): Enter and the button both record the
  // notification, and a double click on Confirm sends one review (a tester's second was refused).
  const writing = useInFlight();
  /** This window's own review steps in flight: each answer is the new state (main's event for it arrives first and is not read again). */
  const ownWrites = useRef(0);
  // A review step taken in another window (a provider confirming the EKG the assistant is held on,
  // the assistant acknowledging the one the provider has open): main says which EKG changed
  // (ekg.reviewChanged, the id only) and the panel reads it again; the leave guard follows.
  useEffect(
    () =>
      client.on('ekg.reviewChanged', (e) => {
        if (e.ekgId !== ekgId || ownWrites.current > 0) return;
        client.call('ekg.get', { ekgId }).then((fresh) => {
          // Reviewed in another window while this provider was writing a comment: the comment box
          // goes (the review is final), the comment stays on screen with what happened; unless that
          // review is this provider's own with this comment (their other window): nothing was lost.
          const text = commentNow.current.trim();
          if (statusShown.current === 'unconfirmed' && fresh.review.status !== 'unconfirmed' && text !== '' && !sameReviewStored(fresh.review.events, operatorId, text, null)) setUnsaved({ text, refusal: null });
          show(fresh);
        }, (err: unknown) => setError(errorMessage(err)));
      }),
    [client, ekgId, show, operatorId],
  );
  const notify = () => {
    const atUtc = (typedWhen === null ? new Date() : new Date(typedWhen)).toISOString();
    void writing.run(() =>
      act(
        'provider-notified',
        () => client.call('ekg.notifyProvider', { ekgId, whom: whom.trim(), how, atUtc }),
        (e) => (refusedAs(e, 'notified-at-invalid') ? setWhenError : setNotifyError)(errorMessage(e)),
      ),
    );
  };
  /** One review step (`kind`: its trail entry then takes the focus); a refusal goes to `onError` (the form it came from), else under the panel. */
  const act = async (kind: NonNullable<typeof focusStep>, p: () => Promise<Ekg>, onError: (e: unknown) => void = (e) => setError(errorMessage(e))) => {
    ownWrites.current++;
    try {
      setError(null);
      setNotifyError(null);
      setWhenError(null);
      show(await p());
      setFocusStep(kind);
    } catch (e) {
      onError(e);
    } finally {
      ownWrites.current--;
    }
  };
  /** Run through `writing`: Confirm and Over-read are disabled until main answers, so a double click sends one review. */
  const submitReview = async (decision: 'confirmed' | 'over-read') => {
    ownWrites.current++;
    const text = comment.trim();
    const saved = () => {
      setComment('');
      commentNow.current = '';
      setFocusStep(decision);
    };
    try {
      setReviewError(null);
      setError(null);
      show(await client.call('ekg.review', { ekgId, decision, comment: text || null }));
      saved();
    } catch (e) {
      if (!refusedAs(e, 'already-reviewed')) return setReviewError(errorMessage(e));
      // Another window's review came first (its event may not have arrived yet): main's refusal is
      // said, the comment is kept on screen to copy, and the EKG is read again to show whose it was.
      // If the review stored is this one (the same provider sent it again), nothing was lost.
      const kept = { text, refusal: errorMessage(e) };
      try {
        const fresh = await client.call('ekg.get', { ekgId });
        if (sameReviewStored(fresh.review.events, operatorId, text, decision)) saved();
        else setUnsaved(kept);
        show(fresh);
      } catch {
        setReviewError(kept.refusal);
      }
    } finally {
      ownWrites.current--;
    }
  };
  /** The HL7 aECG file of this EKG, made (and audited as an export) by main, offered for download as the PDF is. */
  const exportAecg = async () => {
    try {
      setError(null);
      const r = await client.call('ekg.exportAecg', { ekgId });
      setAecg({ href: URL.createObjectURL(new Blob([r.xml], { type: 'application/xml' })), fileName: r.fileName });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const report = async () => {
    try {
      const r = await client.call('ekg.reportPdf', { ekgId });
      setPdf({ href: `data:application/pdf;base64,${r.pdfBase64}`, fileName: r.fileName });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (!ekg) return <ErrorText text={error} />;
  const m = ekg.measurements;
  const r = ekg.review;
  const held = heldAlertText(role, r.providerNotified);
  // What main will refuse, said while typing (the same rule, common/ekg/reviewWording.ts); main's own refusal after.
  const whomProblem = whom.trim() === '' ? null : notifiedWhomProblem(whom);
  const whomMessage = notifyError ?? whomProblem;
  // The time as main will check it (the same rule); a text that is no time is said by the field itself.
  const whenProblem =
    typedWhen === null ? null : typedWhen === '' ? (whenText.trim() === '' ? notifiedAtProblem(Number.NaN, 0, 0) : null) : notifiedAtProblem(new Date(typedWhen).getTime(), Date.parse(ekg.capturedAtUtc), Date.now());
  const whenMessage = whenError ?? whenProblem;
  const whenOk = typedWhen === null || (typedWhen !== '' && whenProblem === null);
  const canNotify = !writing.inFlight && whom.trim() !== '' && whomProblem === null && whenOk;
  const notifyForm = role !== 'provider' && !r.providerNotified && (
    <div className="row notify-form" role="group" aria-label="Record the provider notification">
      <div>
        <label htmlFor="n-whom">Provider notified</label>
        <input
          id="n-whom"
          value={whom}
          onChange={(e) => {
            setWhom(e.target.value);
            setNotifyError(null);
          }}
          onKeyDown={(e) => e.key === 'Enter' && canNotify && notify()}
          aria-invalid={whomMessage !== null}
          aria-describedby="n-whom-count n-whom-error"
        />
        <small id="n-whom-count" className={`field-count${whomProblem !== null ? ' over' : ''}`}>
          {charCount(whom.trim())} / {NOTIFIED_WHOM_MAX_CHARS} characters
        </small>
      </div>
      <div>
        <label htmlFor="n-when">When</label>
        <DateEntryInput
          id="n-when"
          kind="date-time"
          value={typedWhen ?? nowMinute}
          onChange={(v) => {
            setTypedWhen(v);
            setWhenError(null);
          }}
          onTextChange={setWhenText}
          describedBy={`n-when-note${whenMessage !== null ? ' n-when-error' : ''}`}
        />
        {typedWhen === null ? (
          <small id="n-when-note" className="field-count">
            Now: follows the clock until you change it.
          </small>
        ) : (
          <small id="n-when-note" className="field-count">
            As you typed it.{' '}
            <button
              type="button"
              onClick={() => {
                setTypedWhen(null);
                setWhenError(null);
              }}
            >
              Use the current time
            </button>
          </small>
        )}
      </div>
      <div>
        <label htmlFor="n-how">How</label>
        <select id="n-how" value={how} onChange={(e) => setHow(e.target.value as typeof how)}>
          <option value="in-person">In person</option>
          <option value="phone">Phone</option>
          <option value="secure-message">Secure message</option>
          <option value="pager">Pager</option>
        </select>
      </div>
      <button type="button" disabled={!canNotify} onClick={notify}>
        Record notification
      </button>
      {whomMessage !== null && (
        <p id="n-whom-error" className="error-text field-error" role="alert">
          {whomMessage}
        </p>
      )}
      {whenMessage !== null && (
        <p id="n-when-error" className="error-text field-error" role="alert">
          When: {whenMessage}
        </p>
      )}
    </div>
  );
  const usage = commentUsage(comment);
  const commentProblem = commentLimitProblem(comment);
  const commentMessage = reviewError ?? commentProblem;
  return (
    <section className="card" aria-label="EKG review" ref={panel}>
      <h2>
        EKG #{ekg.id} — {r.status === 'unconfirmed' ? 'UNCONFIRMED: requires provider review' : r.status === 'confirmed' ? 'Confirmed by provider' : 'Over-read by provider'}
        {ekg.simulated && <span className="sim-tag">SIMULATED</span>}
      </h2>
      {reveal && patient && !holdsMe && (
        <p className="wl-ids" aria-label="Patient of this EKG">
          <PatientIdentifiers patient={patient} />
        </p>
      )}
      {/* First in the panel: the immediate finding must not be missed (after a capture the alert is scrolled to and focused). */}
      {!r.canLeaveScreen && !holdsMe && (
        <p className="immediate" role="status">
          <strong>Immediate finding:</strong> {othersFindingText(role)}
        </p>
      )}
      {holdsMe && (
        <div className="immediate" role="alert" aria-label="Immediate finding" tabIndex={-1} ref={alertBox}>
          {/* The alert is what is scrolled to after a capture (at 1024x768 the banner and heading are then
              off screen): whose EKG it is stays in sight with it. */}
          {patient && (
            <p className="wl-ids immediate-patient" aria-label="Patient of this EKG">
              <PatientIdentifiers patient={patient} />
            </p>
          )}
          <p>
            <strong>Immediate attention:</strong> {held.now}{' '}
            {ekg.flags
              .filter((f) => f.urgency === 'immediate')
              .map((f) => flagTextFor(f.text, role, r))
              .join(' ')}
          </p>
          <p>{held.then}</p>
          {notifyForm}
          {/* Main refuses the acknowledgement before the notification: the button waits for it rather than fail.
              A provider who captured it reviews it instead (below): that releases the screen. */}
          {role !== 'provider' && (
            <button type="button" className="danger" disabled={writing.inFlight || !r.providerNotified} onClick={() => void writing.run(() => act('immediate-acknowledged', () => client.call('ekg.acknowledgeImmediate', { ekgId })))}>
              I have alerted a provider
            </button>
          )}
        </div>
      )}
      <ReviewTrail events={r.events} focusStep={focusStep} onFocused={focused} />
      {ekg.captureNote && (
        <p className="notice notice-warning" role="status" aria-label="Incomplete capture">
          {ekg.captureNote}
        </p>
      )}
      <RecordedTracing ekgId={ekg.id} capturedAtUtc={ekg.capturedAtUtc} simulated={ekg.simulated} />
      <dl className="facts measurements" aria-label="Measurements">
        <dt>Heart rate</dt>
        <dd>{fmt(m.heartRateBpm, 'bpm')}</dd>
        <dt>PR</dt>
        <dd>{fmt(m.prMs, 'ms')}</dd>
        <dt>QRS</dt>
        <dd>{fmt(m.qrsMs, 'ms')}</dd>
        <dt>QT / QTc</dt>
        <dd>
          {fmt(m.qtMs, 'ms')} / {fmt(m.qtcMs, 'ms')} ({m.qtcFormula})
        </dd>
        <dt>Axes P / QRS / T</dt>
        <dd>
          {m.axisDeg.p ?? '—'} / {m.axisDeg.qrs ?? '—'} / {m.axisDeg.t ?? '—'} °
        </dd>
      </dl>
      {ekg.notes.map((n, k) => (
        <p key={k} className="analysis-note" role="note">
          <strong>Not read:</strong> {n}
        </p>
      ))}
      <h3>Flagged for provider review (not a diagnosis)</h3>
      {ekg.flags.length === 0 ? (
        <p>No finding flagged by the station.</p>
      ) : (
        <ul className="flags" aria-label="Flags">
          {ekg.flags.map((f) => (
            <li key={f.code} className={`urgency-${f.urgency}`}>
              <strong>{f.urgency.toUpperCase()}</strong> {flagTextFor(f.text, role, r)}
            </li>
          ))}
        </ul>
      )}
      {!holdsMe && notifyForm}
      {role === 'provider' && r.status === 'unconfirmed' && (
        <div role="group" aria-label="Provider review">
          <label htmlFor="r-comment">Comment (required for an over-read)</label>
          <textarea
            id="r-comment"
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              setReviewError(null);
            }}
            rows={3}
            aria-invalid={commentMessage !== null}
            aria-describedby="r-comment-count r-comment-error"
          />
          {/* No maxLength: a browser cuts a longer paste there without a word (a UI tester's 2,800
              characters were stored cut mid-sentence). The count shows the limit; main refuses beyond it. */}
          <small id="r-comment-count" className={`field-count${commentProblem !== null ? ' over' : ''}`}>
            {usage.chars} / {OVER_READ_COMMENT_MAX_CHARS} characters · {usage.lineBreaks} / {OVER_READ_COMMENT_MAX_LINE_BREAKS} line breaks
          </small>
          {commentMessage !== null && (
            <p id="r-comment-error" className="error-text" role="alert">
              {commentMessage}
            </p>
          )}
          <div className="row">
            <button type="button" className="primary" disabled={writing.inFlight || commentProblem !== null} onClick={() => void writing.run(() => submitReview('confirmed'))}>
              Confirm
            </button>
            <button type="button" disabled={writing.inFlight || !comment.trim() || commentProblem !== null} onClick={() => void writing.run(() => submitReview('over-read'))}>
              Over-read
            </button>
          </div>
        </div>
      )}
      {unsaved !== null && r.status !== 'unconfirmed' && (
        <UnsavedReview
          text={unsaved.text}
          refusal={unsaved.refusal}
          events={r.events}
          onDismiss={() => {
            setUnsaved(null);
            setComment('');
          }}
        />
      )}
      <p>
        <button type="button" onClick={() => void report()}>
          Prepare report (PDF)
        </button>{' '}
        {pdf && (
          <a href={pdf.href} download={pdf.fileName}>
            Save report PDF ({pdf.fileName})
          </a>
        )}
      </p>
      <p>
        <button type="button" onClick={() => void exportAecg()}>
          Export aECG (XML)
        </button>{' '}
        {aecg && (
          <a href={aecg.href} download={aecg.fileName}>
            Save aECG file ({aecg.fileName})
          </a>
        )}
      </p>
      {/* The hold message is for the operator it holds (main holds only the capturer); a provider opening it may leave. */}
      <ErrorText text={error ?? (holdsMe ? (heldLeaveText(role) ?? r.leaveBlockedReason) : null)} />
    </section>
  );
}
