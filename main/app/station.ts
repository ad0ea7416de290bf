import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultName, StationError } from '../../common/errors.ts';
import { auditRefusal } from '../audit/refusals.ts';
import { EventBus, type CallContext, type Handlers } from '../ipc/dispatch.ts';
import { appHandlers } from '../services/appHandlers.ts';
import { createRecordsServices } from '../services/recordsHandlers.ts';
import { requireRole, type ActiveSession } from '../services/sessions.ts';
import { CARE_ROLES, isCareRole } from '../services/operators.ts';
import { startLabelsService } from '../services/labelsHandlers.ts';
import { EKG_CAPTURE, EkgReviewService } from '../services/ekgReview.ts';
import { ekgHandlers } from '../services/ekgHandlers.ts';
import { ekgReportPdf } from '../services/ekgReportOf.ts';
import { createPocServices } from '../services/pocHandlers.ts';
import { startEmrLink } from '../services/poc/emrLink.ts';
import { openStore } from '../storage/store.ts';
import { startSimulator, type RunningSimulator } from './simulators.ts';
import { createPtyPair } from '../devices/ptyPair.ts';
import { createCartService } from '../services/cartHandlers.ts';
import { createTransport } from '../../drivers/transports/open.ts';
import type { MainsHz } from '../ekg/filters/index.ts';
import { storeCartCapture } from './ekgCapture.ts';

/** Where a device is: a transport address (`tcp:HOST:PORT`, `serial:PATH`, `usb:VID:PID`), or `simulated`. */
export type DeviceSetting = string | 'simulated';

export interface StationOptions {
  readonly host: 'electron' | 'browser';
  readonly dataDir: string;
  /** Label printer; `simulated` (the default) runs the printer simulator on 127.0.0.1. */
  readonly printer?: DeviceSetting;
  /** Glucose meter / analyzer; `simulated` (the default) runs the ASTM meter simulator on a pty pair. */
  readonly meter?: { readonly protocol: 'astm' | 'onetouch'; readonly address: string } | 'simulated' | null;
  /**
   * 12-lead cart: a transport address, or `simulated` (the default) to stream the WFDB record
   * `simulatedCartRecord` through the cart simulator; null when the station has no cart.
   */
  readonly cart?: DeviceSetting | null;
  readonly simulatedCartRecord?: string;
  /** 2-3 letters starting every accession number this station issues. */
  readonly accessionPrefix?: string;
  /** Mains frequency of this clinic for the notch filter; null = not configured (no notch). Never defaulted. */
  readonly mainsHz: MainsHz | null;
  /** The EMR's HL7 MLLP listener; without it, results go as files to DATA_DIR/hl7-outbox/outbound. */
  readonly emrMllp?: { readonly host: string; readonly port: number } | null;
  /** How often idle sessions are checked for auto-lock. */
  readonly sessionTickMs?: number;
  /** Wall clock (epoch ms) for records and auto-lock; tests move it forward instead of sleeping. */
  readonly clockMs?: () => number;
}

/** The running station: its services' handler map and event bus, independent of any host. */
export interface Station {
  readonly handlers: Handlers;
  readonly events: EventBus;
  readonly stationId: string;
  /** A window or socket went away: its signed-in operator is signed out (audited). */
  onSessionEnd(sessionId: string): void;
  close(): Promise<void>;
}

/**
 * The patient an operator would go to when leaving hers: one already registered (its id), none
 * (sign-out, no patient), or one being registered (`records.patients.create`), who is no patient
 * a waiting label, a capture or a finding belongs to.
 */
const NEW_PATIENT = 'new';
type NextPatient = number | typeof NEW_PATIENT | null;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Opens the station's database and devices and composes every service area's handlers into
 * the one map the contract requires. With no real device configured, each device runs on its
 * simulator over a real socket, and the UI shows SIMULATED.
 */
export async function createStation(options: StationOptions): Promise<Station> {
  const events = new EventBus();
  const store = openStore({ dataDir: options.dataDir, ...(options.clockMs ? { clockMs: options.clockMs } : {}) });
  const simulators: RunningSimulator[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  try {
    const records = createRecordsServices(store);
    const actorOf = (ctx: CallContext) => records.sessions.requireActive(ctx.sessionId).operator;

    const printerSetting = options.printer ?? 'simulated';
    let printerAddress: string | null = printerSetting;
    if (printerSetting === 'simulated') {
      // Trainers (and tests) put a state name (paper-out, head-open, ready...) in the control file.
      const dir = join(options.dataDir, 'simulated-printer');
      const sim = await startSimulator('printer', ['--out', dir, '--control', join(dir, 'control')]);
      simulators.push(sim);
      printerAddress = sim.address;
    }
    let meter: { protocol: 'astm' | 'onetouch'; address: string } | null = null;
    const meterSetting = options.meter === undefined ? 'simulated' : options.meter;
    if (meterSetting === 'simulated') {
      const pair = await createPtyPair();
      closers.push(() => pair.kill());
      const sim = await startSimulator('meter', ['--protocol', 'astm'], { serial: pair.a, stationEnd: pair.b, ready: /SIMULATED astm meter/ });
      simulators.push(sim);
      meter = { protocol: 'astm', address: sim.address };
    } else {
      meter = meterSetting;
    }
    const isSimulated = () => simulators.length > 0;

    const labels = startLabelsService({
      store,
      events,
      printerAddress: () => printerAddress,
      accessionPrefix: options.accessionPrefix ?? 'ST',
      isSimulated,
      operatorOf: actorOf,
      currentPatient: (ctx) => {
        const s = records.sessions.requireActive(ctx.sessionId);
        return s.patientId === null ? null : (records.patients.get(s.patientId) ?? null);
      },
      // A waiting label comes out only while the operator who asked for it is at the station: not
      // while her session is locked (she walked away; the label would lie on the printer for
      // someone else's tubes), and not once her session is gone (it is withdrawn then).
      isHeld: (o) => records.sessions.contextOf(o.sessionId)?.operatorId !== o.operatorId || records.sessions.snapshot(o.sessionId).locked,
    });
    closers.push(() => labels.close());

    const review = new EkgReviewService(store);
    /** Refuses to take the calling operator away from a patient while one of their EKGs of that patient has an unacknowledged immediate finding. */
    const refuseLeavingUnacknowledged = (ctx: CallContext, nextPatientId: NextPatient) => {
      const s = records.sessions.contextOf(ctx.sessionId);
      if (s === null || s.patientId === null || s.patientId === nextPatientId) return;
      if (review.awaitingAcknowledgement(s.patientId, s.operatorId).length > 0) {
        throw new StationError('ekg-immediate-unacknowledged', 'An immediate finding on this patient\'s EKG must be acknowledged before leaving the EKG screen.');
      }
    };
    /**
     * Choosing another patient is refused, in any session (another window or tab, a new sign-in after
     * a reload), while the operator has an unacknowledged immediate finding on an EKG of another
     * patient: a UI tester signed in again in a second tab and went on to another patient with the
     * first patient's finding left behind (only sign-out was refused there). Choosing that EKG's own
     * patient stays open, so the finding can be acknowledged. The message names the EKG by number
     * and points to the red banner for its patient: error messages carry no patient data.
     */
    const refuseOtherPatientWithPendingImmediate = (ctx: CallContext, nextPatientId: NextPatient) => {
      const s = records.sessions.contextOf(ctx.sessionId);
      if (s === null || nextPatientId === null || nextPatientId === s.patientId) return;
      const pending = review.awaitingAcknowledgementBy(s.operatorId);
      if (pending.some((e) => e.patientId === nextPatientId)) return;
      const first = pending[0];
      if (first === undefined) return;
      throw new StationError(
        'ekg-immediate-unacknowledged',
        `Your EKG #${first.id} has an immediate finding that is not acknowledged, on another patient (named with their date of birth and MRN in the red banner at the top of the screen). Select that patient, open EKG #${first.id} on the EKG screen and acknowledge the finding before choosing another patient.`,
      );
    };
    /**
     * Signing out is refused while the operator has an unacknowledged immediate finding on any
     * patient, not only the one on screen: after another operator took the station over, the
     * capturer signing in again starts without the patient, and sign-out then went through with
     * the finding left behind (a UI tester). Locking, and another operator signing in on the locked
     * station, stay open: the station is never held hostage.
     */
    const refuseSignOutWithPendingImmediate = (ctx: CallContext) => {
      const s = records.sessions.contextOf(ctx.sessionId);
      if (s === null || review.awaitingAcknowledgementBy(s.operatorId).length === 0) return;
      throw new StationError('ekg-immediate-unacknowledged', 'An immediate EKG finding you captured is not acknowledged: select that patient and acknowledge it before signing out.');
    };
    const emr = startEmrLink({ dir: join(options.dataDir, 'hl7-outbox'), mllp: options.emrMllp ?? null });
    closers.push(() => emr.close());
    const poc = createPocServices({ store, events, actorOf, selectedPatientOf: (ctx) => records.sessions.requireActive(ctx.sessionId).patientId, patientById: (id) => records.patients.get(id), outbox: emr.outbox, isSimulated });

    // Whose capture it is: taken when Capture is pressed (or auto-capture armed), from the session
    // that did it, and the EKG is stored against it whatever that session does next. See
    // docs/cart.md "Whose EKG it is".
    interface CaptureOwner {
      readonly sessionId: string;
      readonly operator: ActiveSession['operator'];
      readonly patientId: number;
      readonly trigger: 'manual' | 'auto';
    }
    let manualOwner: CaptureOwner | null = null;
    let autoOwner: CaptureOwner | null = null;
    /** Sessions showing the live view (cart.start until cart.stop or the session ends): the cart streams while there is one, or a capture runs. */
    const viewers = new Set<string>();
    /** The owner's window, still signed in as the owner (locked or not). */
    const isOwner = (o: CaptureOwner, sessionId: string) => o.sessionId === sessionId && records.sessions.contextOf(sessionId)?.operatorId === o.operator.id;
    /** The cart is held by `o` (not the caller): said by what holds it, in the caller's own terms. */
    const heldBy = (o: CaptureOwner, ctx: CallContext) => {
      // The same window after another operator took over the locked station: nothing runs "in another window".
      const where = o.sessionId === ctx.sessionId ? 'for the previous operator of this window' : 'in another window';
      return new StationError(
        'ekg-capture-in-progress',
        o.trigger === 'manual'
          ? `An EKG is being captured ${where}. Wait until that capture has finished.`
          : `Auto-capture is on ${where}, for another patient or operator. It must be turned off there first.`,
      );
    };
    /** Refuses when a capture or an armed auto-capture that is not the caller's holds the cart. */
    const refuseHeldElsewhere = (ctx: CallContext) => {
      for (const o of [manualOwner, autoOwner]) if (o !== null && !isOwner(o, ctx.sessionId)) throw heldBy(o, ctx);
    };
    /**
     * Refuses a Capture while another window shows the live cart with another patient selected (or
     * none): the electrodes are on one patient, and the station cannot tell which. A UI tester's
     * second window stored the tracing of the first window's patient for its own. Windows showing
     * it for the same patient (a provider looking on) do not stop it.
     */
    const refuseOtherPatientWatching = (ctx: CallContext, patientId: number) => {
      for (const v of viewers) {
        if (v === ctx.sessionId) continue;
        const other = records.sessions.contextOf(v);
        if (other !== null && other.patientId !== patientId) {
          throw new StationError(
            'ekg-cart-shared',
            'The live cart is also open in another window, for another patient: the electrodes are on one patient only. Capture from the window of the patient wearing them, or close the EKG screen in the other window first.',
          );
        }
      }
    };
    /** The calling session may not take its operator away from the patient of its own running capture or armed auto-capture. */
    const refuseLeavingCapture = (ctx: CallContext, nextPatientId: NextPatient) => {
      for (const o of [manualOwner, autoOwner]) {
        if (o === null || !isOwner(o, ctx.sessionId) || o.patientId === nextPatientId) continue;
        throw new StationError(
          'ekg-capture-in-progress',
          o.trigger === 'manual'
            ? 'An EKG is being captured for this patient. Wait until the capture has finished before leaving the patient.'
            : 'Auto-capture is on for this patient. Turn it off before leaving the patient.',
        );
      }
    };
    /**
     * A specimen label is printed and applied in the patient's presence: the calling session may not
     * take its operator away from a patient while a label it asked for that patient still waits for
     * the printer (docs/labels.md "Print queue").
     */
    const refuseLeavingLabels = (ctx: CallContext, nextPatientId: NextPatient) => {
      const s = records.sessions.contextOf(ctx.sessionId);
      if (s !== null) labels.refuseLeaving({ sessionId: ctx.sessionId, operatorId: s.operatorId }, nextPatientId);
    };
    /**
     * Runs `rules` (refusals to let the session's operator go) and audits a refusal as every other
     * (auditRefusal) under that operator, only when it is that operator who asked: not on a locked
     * session (whoever is at the station is not known) and not for a badge scanned on the open
     * session (`asker: 'badge'`: not authenticated yet; a review found a wrong PIN on another's
     * badge logged as the signed-in operator leaving her patient).
     */
    const auditedLeaving = (ctx: CallContext, asker: 'operator' | 'badge', nextPatientId: NextPatient, rules: () => void) => {
      const snapshot = records.sessions.snapshot(ctx.sessionId);
      if (snapshot.operator === null || snapshot.locked || asker === 'badge') return rules();
      const current = records.sessions.contextOf(ctx.sessionId)?.patientId ?? null;
      const patient = current === null ? null : String(current);
      auditRefusal(
        store.audit,
        { id: snapshot.operator.login, role: snapshot.operator.role },
        { action: 'execute', verb: 'leave-patient', objectType: 'patient', objectId: patient, patientId: patient, details: { toPatientId: nextPatientId ?? 'none' } },
        rules,
      );
    };
    /**
     * The rules that hold an operator on a patient (sign-out, another patient, none, a badge-in on
     * the open session): a refusal (a label waiting, an immediate finding, a capture) is audited as
     * leaving the patient, outcome failure with the rule's code (auditedLeaving).
     */
    const refuseLeaving = (ctx: CallContext, nextPatientId: NextPatient, asker: 'operator' | 'badge' = 'operator') =>
      auditedLeaving(ctx, asker, nextPatientId, () => {
        refuseLeavingUnacknowledged(ctx, nextPatientId);
        refuseOtherPatientWithPendingImmediate(ctx, nextPatientId);
        refuseLeavingCapture(ctx, nextPatientId);
        refuseLeavingLabels(ctx, nextPatientId);
      });
    const auditCapture = (o: CaptureOwner | null, verb: string, outcome: 'success' | 'failure', details: Record<string, string | number | boolean>, ekgId: number | null = null) =>
      store.audit.append({
        operator: o ? { id: o.operator.id, role: o.operator.role } : null,
        action: 'execute',
        verb,
        objectType: 'ekg',
        objectId: ekgId === null ? null : String(ekgId),
        patientId: o ? String(o.patientId) : null,
        outcome,
        ...(outcome === 'failure' ? { reason: String(details['cause'] ?? 'unknown') } : {}),
        details,
      });
    /** The session's patient as the audit log names it, for a role refusal on that patient. */
    const auditPatientOf = (s: ActiveSession) => (s.patientId === null ? null : String(s.patientId));
    /** One line about a failure nobody is waiting for (error code only). */
    const reportFault = (line: string) => void process.stderr.write(`${line}\n`);
    let cartSim: Promise<RunningSimulator> | null = null;
    const cartSetting = options.cart === undefined ? 'simulated' : options.cart;
    const filter = { highPassHz: 0.05, mainsHz: options.mainsHz, lowPassHz: 150 } as const;
    const cart = createCartService({
      events,
      filter,
      audit: store.audit,
      transport: async () => {
        if (cartSetting === null) throw new StationError('cart-none', 'no EKG cart is configured on this station');
        if (cartSetting !== 'simulated') return createTransport(cartSetting);
        const record = options.simulatedCartRecord;
        if (!record) throw new StationError('cart-none', 'no recording is configured for the SIMULATED cart');
        cartSim ??= startSimulator('cart', ['--record', record]).then((sim) => (simulators.push(sim), sim));
        return createTransport((await cartSim).address);
      },
      // Stored against the owner taken when the capture started (a care role with the patient
      // selected, checked then): never against whoever is selected when it ends.
      onCapture: (capture) => {
        const owner = capture.trigger === 'auto' ? autoOwner : manualOwner;
        // Fired only in its owner's own live view (syncAuto); one taken with anyone else watching
        // may hold another window's patient and is not kept.
        const autoInOwnView = owner !== null && autoActive();
        if (capture.trigger === 'auto') disarmAuto(null);
        if (owner === null) {
          // An auto-capture nobody armed for a patient (armed by a session that has ended): not kept.
          auditCapture(null, 'ekg-capture-discarded', 'failure', { cause: 'no-owner', trigger: capture.trigger, simulated: capture.simulated });
          return null;
        }
        if (capture.trigger === 'auto' && !autoInOwnView) {
          auditCapture(owner, 'ekg-capture-discarded', 'failure', { cause: 'not-owner-live-view', trigger: capture.trigger, simulated: capture.simulated });
          return null;
        }
        const patient = records.patients.get(owner.patientId) ?? null;
        if (patient === null) {
          auditCapture(owner, 'ekg-capture-discarded', 'failure', { cause: 'patient-missing', trigger: capture.trigger, simulated: capture.simulated });
          return null;
        }
        const ekgId = storeCartCapture(capture, { actor: owner.operator, patient, filter, review });
        // The window closed (or another operator took over the locked station) during the capture:
        // the EKG is still the one its capturer pressed for, on their patient; the log says so.
        if (!isOwner(owner, owner.sessionId)) auditCapture(owner, 'ekg-capture-after-session-end', 'success', { trigger: capture.trigger }, ekgId);
        return ekgId;
      },
    });
    /**
     * Whether the armed auto-capture may fire now: only in its owner's own live view, i.e. the owner
     * (still signed in as the owner) is the only window showing it and no Capture runs. Anyone else
     * watching may have the electrodes on their own patient.
     */
    function autoActive(): boolean {
      const o = autoOwner;
      return o !== null && manualOwner === null && viewers.size === 1 && viewers.has(o.sessionId) && isOwner(o, o.sessionId);
    }
    /** Tells the cart whether auto-capture may fire; called after every change of owner or viewers. */
    function syncAuto(): void {
      cart.setAutoCapture(autoActive());
    }
    /** Turns auto-capture off (it fired, its owner left the live view, or their session went away). `cause` null: fired, nothing to record. */
    function disarmAuto(cause: string | null): void {
      const o = autoOwner;
      autoOwner = null;
      syncAuto();
      if (o !== null && cause !== null) auditCapture(o, 'ekg-auto-capture-off', 'success', { cause });
    }
    /** Stops the cart once nobody shows the live view and no capture runs. */
    const stopIfUnwatched = async () => {
      if (viewers.size > 0 || manualOwner !== null) return;
      await cart.handlers['cart.stop']({}, { sessionId: '', host: options.host });
    };
    /** After a session ended or changed operator: what it owned is settled (its waiting labels withdrawn), and the cart stops if nobody watches. */
    const afterSessionChange = async (sessionId: string) => {
      // A waiting label whose session ended (window closed, another operator took over the locked
      // station) must not come out later on someone else's tubes: withdrawn, audited, never sent.
      // Its own failure (a database error) is reported, and the cart's settling below still runs.
      try {
        labels.withdrawOrphaned((o) => records.sessions.contextOf(o.sessionId)?.operatorId === o.operatorId);
      } catch (e) {
        reportFault(`station: withdrawing the labels of an ended session failed (${faultName(e)})`);
      }
      if (!records.sessions.contextOf(sessionId)) viewers.delete(sessionId);
      if (autoOwner !== null && !isOwner(autoOwner, autoOwner.sessionId)) disarmAuto('session-ended');
      syncAuto();
      await stopIfUnwatched();
    };
    closers.push(() => cart.dispose());

    const handlers: Handlers = {
      ...appHandlers({
        name: 'POC Station',
        version: packageVersion(),
        host: options.host,
        stationId: store.stationId,
        isSimulated,
        meter,
        mainsHz: options.mainsHz,
        nowMs: () => Date.now(),
      }),
      ...records.handlers,
      ...labels.handlers,
      ...poc.handlers,
      ...cart.handlers,
      // Any signed-in window may show the live view; it never takes over a capture.
      // Another window's armed auto-capture does not fire while this one watches (syncAuto).
      'cart.start': (req, ctx) => {
        records.sessions.requireActive(ctx.sessionId);
        viewers.add(ctx.sessionId);
        syncAuto();
        return cart.handlers['cart.start'](req, ctx);
      },
      // Leaving the live view: always allowed, signed in or not, locked or not (the EKG screen
      // leaves it when the station locks), so the cart stops when nobody shows it any more. The
      // caller's own armed auto-capture turns off with it. A running capture always runs on to its
      // end (below).
      'cart.stop': async (_req, ctx) => {
        viewers.delete(ctx.sessionId);
        if (autoOwner !== null && autoOwner.sessionId === ctx.sessionId && isOwner(autoOwner, ctx.sessionId)) disarmAuto('left-live-view');
        syncAuto();
        // Leaving the live view never cuts a running capture short, not even its owner's: a screen
        // unmounts for many reasons (lock and unlock, another screen), and the 10 s end on their
        // own; the cart stops after the capture when nobody watches (onCapture settles it).
        if (manualOwner !== null) return cart.handlers['cart.status']({}, ctx);
        await stopIfUnwatched();
        return cart.handlers['cart.status']({}, ctx);
      },
      'cart.capture': async (req, ctx) => {
        const s = records.sessions.requireActive(ctx.sessionId);
        // A capture starts the review, whose steps (notify, acknowledge) are a care role's: an
        // administrator who captured could not acknowledge and would be held on the patient.
        requireRole(store.audit, s, { ...EKG_CAPTURE, patientId: auditPatientOf(s) }, ...CARE_ROLES);
        if (s.patientId === null) throw new StationError('ekg-no-patient', 'select the patient before capturing an EKG');
        refuseHeldElsewhere(ctx);
        refuseOtherPatientWatching(ctx, s.patientId);
        if (manualOwner !== null) throw new StationError('ekg-capture-in-progress', 'A capture is already running.');
        const owner: CaptureOwner = { sessionId: ctx.sessionId, operator: s.operator, patientId: s.patientId, trigger: 'manual' };
        manualOwner = owner;
        viewers.add(ctx.sessionId);
        syncAuto();
        try {
          return await cart.handlers['cart.capture'](req, ctx);
        } finally {
          if (manualOwner === owner) manualOwner = null;
          // Tidying up after the capture (settling a session that ended, stopping an unwatched
          // cart) must not replace its answer: the EKG is stored, the caller is told so.
          try {
            await afterSessionChange(ctx.sessionId);
          } catch (e) {
            reportFault(`station: after a capture, settling the cart failed (${faultName(e)})`);
            try {
              auditCapture(owner, 'ekg-capture-cleanup-failed', 'failure', { cause: 'cleanup-failed', error: faultName(e) });
            } catch {
              // Already reported on stderr; the capture's answer stands.
            }
          }
        }
      },
      // Auto-capture (the first clean 10 s of the next live view) is armed for the caller's patient.
      'cart.autoCapture': (req, ctx) => {
        const s = records.sessions.requireActive(ctx.sessionId);
        // Switching it here is not audited when allowed; a refusal names the switch asked for, in the
        // terms of the station's own ekg-auto-capture-off (disarmAuto).
        const verb = req.enabled ? 'ekg-auto-capture-on' : 'ekg-auto-capture-off';
        requireRole(store.audit, s, { action: 'execute', verb, objectType: 'ekg', patientId: auditPatientOf(s) }, ...CARE_ROLES);
        if (autoOwner !== null && !isOwner(autoOwner, ctx.sessionId)) throw heldBy(autoOwner, ctx);
        if (req.enabled) {
          if (manualOwner !== null && !isOwner(manualOwner, ctx.sessionId)) throw heldBy(manualOwner, ctx);
          if (s.patientId === null) throw new StationError('ekg-no-patient', 'select the patient before turning auto-capture on');
          autoOwner = { sessionId: ctx.sessionId, operator: s.operator, patientId: s.patientId, trigger: 'auto' };
        } else {
          autoOwner = null;
        }
        syncAuto();
        return { enabled: req.enabled };
      },
      ...ekgHandlers({
        review,
        actorOf,
        patientOf: (ctx) => records.sessions.requireActive(ctx.sessionId).patientId,
        patientById: (id) => records.patients.get(id),
        reportPdf: (ekg) => ekgReportPdf(ekg, review, records.patients),
        // Another window showing that EKG (the capturer's, held by its immediate finding) reads it again.
        onReviewChanged: (ekgId) => events.emit('ekg.reviewChanged', { ekgId }),
      }),
      // Leaving the patient (sign out, another patient, none) waits for the immediate findings of
      // the operator's EKGs to be acknowledged, and for the operator's own running capture (or
      // armed auto-capture): enforced here, the EKG screen's guard only explains it.
      'records.session.signOut': async (req, ctx) => {
        refuseLeaving(ctx, null);
        auditedLeaving(ctx, 'operator', null, () => refuseSignOutWithPendingImmediate(ctx));
        const out = records.handlers['records.session.signOut'](req, ctx);
        await afterSessionChange(ctx.sessionId);
        return out;
      },
      // A badge scanned on an open session starts a new one without the patient (the same operator
      // re-badging included). On a locked station another operator may still take over: the
      // station is never held hostage, and the EKG blocks its capturer again on that patient; a
      // capture running then is kept for its capturer (docs/cart.md).
      'records.session.signIn': async (req, ctx) => {
        if (!records.sessions.snapshot(ctx.sessionId).locked) {
          refuseLeaving(ctx, null, 'badge');
        }
        const out = await records.handlers['records.session.signIn'](req, ctx);
        await afterSessionChange(ctx.sessionId);
        return out;
      },
      'records.patients.select': (req, ctx) => {
        const next = 'patientId' in req ? req.patientId : (records.patients.byMrn(req.mrn)?.id ?? null);
        refuseLeaving(ctx, next);
        return records.handlers['records.patients.select'](req, ctx);
      },
      'records.patients.clear': (req, ctx) => {
        refuseLeaving(ctx, null);
        return records.handlers['records.patients.clear'](req, ctx);
      },
      // A patient is registered to be selected (the New patient form selects them next): while the
      // operator may not leave her patient (a label waiting, an EKG of hers to finish), nothing is
      // registered, rather than a patient saved and left unselected without a word (a tester's
      // F2). Audited as the other refusals to leave, to the patient `new`. Only for the roles
      // that may register: anyone else is refused as `forbidden` by the records handler.
      'records.patients.create': (req, ctx) => {
        if (isCareRole(records.sessions.requireActive(ctx.sessionId).operator.role)) refuseLeaving(ctx, NEW_PATIENT);
        return records.handlers['records.patients.create'](req, ctx);
      },
    };

    const tick = setInterval(() => records.sessions.tick(), options.sessionTickMs ?? 5000);
    closers.push(() => clearInterval(tick));

    return {
      handlers,
      events,
      stationId: store.stationId,
      onSessionEnd: (sessionId) => {
        records.sessions.end(sessionId);
        // A capture of this window runs on and is kept for its capturer (audited); its armed
        // auto-capture is turned off; the cart stops if nobody else watches.
        afterSessionChange(sessionId).catch((e: unknown) => reportFault(`station: stopping the cart after a session ended failed (${faultName(e)})`));
      },
      close: async () => {
        for (const c of closers.reverse()) await c();
        await Promise.all(simulators.map((s) => s.stop()));
        store.close();
      },
    };
  } catch (e) {
    for (const c of closers.reverse()) await c();
    await Promise.all(simulators.map((s) => s.stop()));
    store.close();
    throw e instanceof StationError ? e : new StationError('station-start', `the station could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
}
