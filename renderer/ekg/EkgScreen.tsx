import { localTime } from '../../common/format/time.ts';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';
import type { ScreenProps } from '../screens/index.tsx';
import { PatientIdentifiers } from '../patients/PatientIdentifiers.tsx';
import { LiveEkgCanvas } from './LiveEkgCanvas.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { TorsoDiagram } from './TorsoDiagram.tsx';
import { captureNote } from './captureNote.ts';
import { heldCaptureEnded } from './cartView.ts';
import { heldLeaveText } from './immediateWording.ts';
import { useCartLive } from './useCartLive.ts';

/** About 96 CSS px per inch: 25 mm/s and 10 mm/mV on a typical screen. */
const PX_PER_MM = 96 / 25.4;

/** The live 12 leads while electrodes are placed, Capture, then the stored EKG's review. */
export function EkgScreen({ session, info, onLeaveGuard, openEkg, onEkgShown }: ScreenProps) {
  const client = useClient();
  const live = useCartLive();
  const [capturing, setCapturing] = useState(false);
  /**
   * The EKG open in the review panel, and whether the panel brings it into view (ReviewPanel
   * `reveal`): one just captured or chosen on the worklist is; one opened from this patient's list
   * below is not, whatever was opened before it.
   */
  const [open, setOpen] = useState<{ readonly ekgId: number; readonly reveal: boolean } | null>(null);
  const ekgId = open?.ekgId ?? null;
  useEffect(() => onEkgShown(ekgId), [ekgId, onEkgShown]);
  useEffect(() => () => onEkgShown(null), [onEkgShown]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /**
   * Capture's refusal while another session's capture holds the cart: replaced by what became of
   * that capture when it ends (heldCaptureEnded), not left saying "wait" after it was stored.
   */
  const heldRefusal = useRef<{ readonly code: string; readonly message: string } | null>(null);
  useEffect(
    () =>
      client.on('cart.captured', (c) => {
        const ended = heldRefusal.current === null ? null : heldCaptureEnded(heldRefusal.current, c);
        if (ended === null) return;
        heldRefusal.current = null;
        setError(null);
        setNote(ended);
      }),
    [client],
  );
  /** The review panel's place: an EKG opened from this patient's list gets focus there once it is shown, not left on the Open button. */
  const reviewHost = useRef<HTMLDivElement>(null);
  const focusReview = useRef(false);
  const openFromList = (id: number) => {
    if (ekgId === id) {
      reviewHost.current?.focus();
      return;
    }
    focusReview.current = true;
    setOpen({ ekgId: id, reveal: false });
  };
  const [earlier, setEarlier] = useState<ResponseOf<'ekg.list'>['ekgs']>([]);
  const [reviewVersion, setReviewVersion] = useState(0);
  /** The open EKG's immediate finding still waits for acknowledgement (ReviewPanel says so). */
  const [immediatePending, setImmediatePending] = useState(false);
  const role = session.operator?.role ?? null;
  // Leaving is held while a capture runs (the picker or another screen would unmount this one and
  // stop the cart, cutting the capture short) and while an immediate finding is unacknowledged.
  useEffect(() => {
    const held = (role && heldLeaveText(role)) ?? 'Acknowledge the immediate finding before leaving the EKG screen.';
    onLeaveGuard(capturing ? 'An EKG is being captured: wait until it has finished.' : immediatePending ? held : null);
    return () => onLeaveGuard(null); // gone (e.g. locked): main still holds an unacknowledged finding
  }, [capturing, immediatePending, onLeaveGuard, role]);
  // An EKG open on screen belongs to the patient it was opened for: another patient closes it (main
  // refuses an EKG of a patient other than the selected one anyway: ekg-patient-not-selected).
  const patientId = session.patient?.id ?? null;
  useEffect(() => {
    setOpen(null);
    setNote(null);
    setImmediatePending(false);
  }, [patientId]);
  // An EKG chosen on the worklist (its patient was selected first): opened after the reset above.
  useEffect(() => {
    if (openEkg) setOpen({ ekgId: openEkg.ekgId, reveal: true });
  }, [openEkg]);
  useEffect(() => {
    client.call('ekg.list', {}).then((r) => setEarlier(r.ekgs), () => undefined);
  }, [client, ekgId, session.patient?.id, reviewVersion]);

  const capture = async () => {
    setCapturing(true);
    setError(null);
    setNote(null);
    heldRefusal.current = null;
    try {
      const c = await client.call('cart.capture', { seconds: 10 });
      // The new EKG's review (and an immediate finding, focused) is brought into view: on a small
      // screen it opens below the live view, where nothing would say a finding waits.
      setOpen(c.ekgId === null ? null : { ekgId: c.ekgId, reveal: true });
      setNote(captureNote(c));
    } catch (e) {
      if (e instanceof IpcCallError) heldRefusal.current = e.error;
      setError(errorMessage(e));
    } finally {
      setCapturing(false);
    }
  };

  const view = live.view;
  return (
    <section aria-labelledby="ekg-title">
      <h1 id="ekg-title">12-lead EKG</h1>
      <div className="ekg-status row" role="status" aria-label="Cart status">
        <span className={view.connected ? 'ok' : 'cart-off'} title={view.statusTooltip ?? undefined}>
          {view.statusText}
          {view.statusDetail !== null && <small className="status-detail"> (details: {view.statusDetail})</small>}
        </span>
        {live.identity && (
          <span>
            {live.identity.model} {live.identity.serial} · {live.identity.rateHz} Hz {live.identity.simulated && <span className="sim-tag">SIMULATED</span>}
          </span>
        )}
        <span aria-label="Heart rate">{view.heartRateText}</span>
        {view.linkProblemText !== null && <span className="bad">{view.linkProblemText}</span>}
        <span>Filters 0.05–150 Hz{info?.mainsHz ? `, ${info.mainsHz} Hz notch` : ', mains notch not configured'} · 25 mm/s · 10 mm/mV</span>
      </div>
      <ErrorText text={live.error ?? error} />
      <div className="ekg-live">
        {/* LIVE: whoever is on the cart now, which may not be the EKG under review below (that one says RECORDED).
            NO SIGNAL: what is drawn is the patient as they were, dimmed, never taken for now (cartView). */}
        <div className={view.caption.kind === 'live' ? 'ekg-trace' : 'ekg-trace no-signal'} role="group" aria-label="Live tracing">
          <p className="live-tag">
            {view.caption.kind === 'live' ? (
              <>
                <strong>LIVE</strong> cart now, not a stored EKG
              </>
            ) : (
              <>
                <strong>NO SIGNAL</strong> — {view.caption.text}
              </>
            )}{' '}
            {live.identity?.simulated && <span className="sim-tag">SIMULATED</span>}
          </p>
          {/* Every lead flat at once with no electrode off is how a pause or asystole looks, not 12 bad
              electrodes (liveLeadState): the patient comes first. What is seen, never a diagnosis. */}
          {live.everyLeadFlat && (
            <p className="live-flat" role="alert">
              Every lead is flat: no heartbeat seen. Check the patient first, then the electrodes.
            </p>
          )}
          {/* Greyed leads with no word of why left the assistant guessing (liveLeadState): what to do, in plain words. */}
          {live.noiseText !== null && (
            <p className="live-noisy" role="status" aria-label="Signal quality">
              {live.noiseText}
            </p>
          )}
          {live.buffer ? <LiveEkgCanvas buffer={live.buffer} pxPerMm={PX_PER_MM} greyLeads={live.greyLeads} /> : <p>Waiting for the cart…</p>}
        </div>
        {/* Capture first, the electrode diagram under it: the button stays in view on a 1024x768 screen.
            Whose EKG it will be is written on the button itself: at 200 % zoom (640x384 CSS px) the
            page banner with the patient had scrolled away by the time Capture was in view (a UI
            tester). Inside the button's own box, the identity is in view whenever the button is,
            whatever the scroll (a line above or below it could sit under the sticky SIMULATED banner
            or past the bottom edge while the button shows), and it is part of the button's name. */}
        <div className="ekg-controls">
          <button type="button" className="big ekg-capture-button" disabled={!view.connected || capturing || (view.electrodesOff?.length ?? 0) > 0} onClick={() => void capture()}>
            <span className="ekg-capture-action">{capturing ? 'Capturing 10 s…' : 'Capture'}</span>
            {session.patient && (
              <span className="ekg-capture-patient">
                {' '}
                for <PatientIdentifiers patient={session.patient} />
                {session.patient.simulated && <span className="sim-tag">SIMULATED</span>}
              </span>
            )}
          </button>
          {(view.electrodesOff?.length ?? 0) > 0 && <p className="bad">Fix the electrodes shown in red before capturing.</p>}
          <TorsoDiagram electrodesOff={view.electrodesOff} />
        </div>
      </div>
      {note && <p role="status">{note}</p>}
      {earlier.length > 0 && (
        // Columns share the width on a narrow screen (styles.css table.ekg-list): at 200 % zoom the Open buttons were cut off.
        <table className="ekg-list" aria-label="EKGs of this patient">
          <thead>
            <tr>
              <th>EKG</th>
              <th>Captured</th>
              <th>Review</th>
              <th>Flags</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {earlier.map((e) => (
              <tr key={e.id}>
                <td>
                  #{e.id} {e.simulated && <span className="sim-tag">SIMULATED</span>}
                </td>
                <td>{localTime(e.capturedAtUtc)}</td>
                <td className={e.status === 'unconfirmed' ? 'bad' : undefined}>{e.status}</td>
                <td>{e.flags}</td>
                <td>
                  <button type="button" aria-label={`Open EKG ${e.id}`} onClick={() => openFromList(e.id)}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ekgId !== null && session.operator && (
        <div className="ekg-review-host" tabIndex={-1} ref={reviewHost}>
          <ReviewPanel
            key={ekgId}
            ekgId={ekgId}
            role={session.operator.role}
            operatorId={session.operator.login}
            reveal={open?.reveal ?? false}
            patient={session.patient}
            onState={(canLeave) => {
              setImmediatePending(!canLeave);
              setReviewVersion((v) => v + 1);
              // Shown (the panel has read the EKG): focus goes to it, for the keyboard and the screen reader.
              if (focusReview.current) {
                focusReview.current = false;
                reviewHost.current?.focus();
              }
            }}
          />
        </div>
      )}
    </section>
  );
}
