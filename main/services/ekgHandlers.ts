import { StationError } from '../../common/errors.ts';
import { STRIP_S } from '../../common/ekg/tracingLayout.ts';
import { encodeFloat32Base64 } from '../../common/ipc/float32Base64.ts';
import { completeLeadSet, STANDARD_LEADS } from '../ekg/twelve-lead/leads.ts';
import type { CallContext, Handler } from '../ipc/dispatch.ts';
import type { Actor, EkgReviewService, PendingImmediate, StoredEkg } from './ekgReview.ts';

export interface EkgHandlerDeps {
  readonly review: EkgReviewService;
  /** The signed-in operator of the calling session (throws a StationError when nobody is signed in). */
  readonly actorOf: (ctx: CallContext) => Actor;
  /** The calling session's current patient (null: none selected). */
  readonly patientOf: (ctx: CallContext) => number | null;
  /** A patient's identifiers (for the pending immediate findings shown on every screen). */
  readonly patientById: (id: number) => { id: number; familyName: string; givenName: string; birthDate: string; mrn: string } | undefined;
  /** Renders the one-page report of a stored EKG (main/services/ekgReport.ts). */
  readonly reportPdf: (ekg: StoredEkg) => Promise<Uint8Array>;
  /** Tells every window that an EKG's review state changed (the `ekg.reviewChanged` event: the id only). */
  readonly onReviewChanged?: (ekgId: number) => void;
}

/** A patient's identifiers as the answers across patients name them (pending findings, worklist); null: not on this station. */
function patientIds(p: ReturnType<EkgHandlerDeps['patientById']>) {
  return p ? { id: p.id, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, mrn: p.mrn } : null;
}

type EkgChannel = 'ekg.list' | 'ekg.pendingImmediate' | 'ekg.worklist' | 'ekg.get' | 'ekg.notifyProvider' | 'ekg.acknowledgeImmediate' | 'ekg.review' | 'ekg.canLeave' | 'ekg.exportAecg' | 'ekg.reportPdf' | 'ekg.samples' | 'ekg.reviewCounts';

function view(e: StoredEkg) {
  return {
    id: e.id,
    patientId: e.patientId,
    capturedAtUtc: e.capturedAtUtc,
    capturedBy: e.capturedBy,
    deviceId: e.deviceId,
    simulated: e.simulated,
    fsHz: e.fsHz,
    leadNames: e.leadNames,
    measurements: e.interpretation.measurements,
    qtc: e.interpretation.qtc,
    rrVariability: e.interpretation.rrVariability,
    flags: e.interpretation.flags,
    notes: e.interpretation.notes ?? [],
    captureNote: e.captureNote,
    review: e.review,
  };
}

/** Handlers of the `ekg.*` channels (common/ipc/channels/ekg.ts). */
export function ekgHandlers(deps: EkgHandlerDeps): { [C in EkgChannel]: Handler<C> } {
  const { review } = deps;
  /**
   * The caller's operator, and the EKG as read for the check (a handler needing it reads it no
   * more), once the EKG is known to be of the patient selected in the caller's session. The id
   * comes from the screen: a stale screen, or a second window showing another patient, must not
   * open, acknowledge, review or export one patient's EKG while another (or nobody) is selected.
   * ekg.list shows only the selected patient's EKGs, so the UI always has that patient selected.
   * Checked before anything is written (nothing is audited). `actorFor`: the operator alone.
   */
  const checked = (ctx: CallContext, ekgId: number): { actor: Actor; ekg: StoredEkg } => {
    const actor = deps.actorOf(ctx); // first: nothing is looked up for a caller who is not signed in
    const selected = deps.patientOf(ctx);
    if (selected === null) throw new StationError('ekg-no-patient', 'Select the patient first.');
    const ekg = review.get(ekgId);
    if (ekg.patientId !== selected) {
      throw new StationError('ekg-patient-not-selected', 'This EKG is of a patient other than the one selected on this screen. Select that patient again.');
    }
    return { actor, ekg };
  };
  const actorFor = (ctx: CallContext, ekgId: number): Actor => checked(ctx, ekgId).actor;
  /** A review step stored: every window showing that EKG (or the pending banner, the tab's count) reads again. */
  const changed = (e: StoredEkg): StoredEkg => {
    deps.onReviewChanged?.(e.id);
    return e;
  };
  return {
    'ekg.list': (_req, ctx) => {
      deps.actorOf(ctx);
      const patientId = deps.patientOf(ctx);
      if (patientId === null) return { ekgs: [] };
      return {
        ekgs: review.listForPatient(patientId).map((id) => {
          const e = review.get(id);
          return { id, capturedAtUtc: e.capturedAtUtc, status: e.review.status, flags: e.interpretation.flags.length, simulated: e.simulated };
        }),
      };
    },
    // Identifiers only (no findings): enough to say whose EKG waits, on any screen; opening it is
    // the audited view. Shown whichever patient is selected, like the POC critical alerts.
    'ekg.pendingImmediate': (_req, ctx) => {
      const me = deps.actorOf(ctx).id;
      const ids = (e: PendingImmediate) => ({
        id: e.id,
        capturedAtUtc: e.capturedAtUtc,
        patient: patientIds(e.patientId === null ? undefined : deps.patientById(e.patientId)),
        providerNotified: e.providerNotified,
      });
      return {
        ekgs: review.awaitingAcknowledgementBy(me).map(ids),
        // Named as people know them (a display name, the login if the account is gone).
        others: review.awaitingAcknowledgementByOthers(me).map((e) => ({ ...ids(e), capturedBy: review.operatorName(e.capturedBy) })),
      };
    },
    // Across patients, for providers (the service refuses other roles): names with two identifiers,
    // as the pending findings are; the EKG itself opens only once its patient is selected.
    'ekg.worklist': (req, ctx) => {
      const { total, entries } = review.worklist(deps.actorOf(ctx), req.limit, ctx.sessionId);
      return {
        total,
        entries: entries.map((e) => ({
          ekgId: e.ekgId,
          capturedAtUtc: e.capturedAtUtc,
          patient: patientIds(deps.patientById(e.patientId)),
          urgency: e.urgency,
          flagCount: e.flagCodes.length,
          flagCodes: e.flagCodes,
          flagTexts: e.flagTexts,
          providerNotified: e.providerNotified,
          simulated: e.simulated,
          incompleteRecordedSeconds: e.incompleteRecordedSeconds,
        })),
      };
    },
    'ekg.get': (req, ctx) => view(review.view(req.ekgId, actorFor(ctx, req.ekgId), ctx.sessionId)),
    'ekg.notifyProvider': (req, ctx) => view(changed(review.notifyProvider(req.ekgId, actorFor(ctx, req.ekgId), req.whom, req.how, req.atUtc))),
    'ekg.acknowledgeImmediate': (req, ctx) => view(changed(review.acknowledgeImmediate(req.ekgId, actorFor(ctx, req.ekgId)))),
    'ekg.review': (req, ctx) => view(changed(review.review(req.ekgId, actorFor(ctx, req.ekgId), req.decision, req.comment))),
    // The recording under review, not the cart's live view: the 12 standard leads in the report's
    // order (derived leads as the report derives them). Audited with the view it belongs to.
    'ekg.samples': (req, ctx) => {
      // The EKG is read once: the patient check's read is the one the answer and the audit use.
      const { actor, ekg: e } = checked(ctx, req.ekgId);
      // Only the STRIP_S seconds the panel draws go over IPC (a capture may be up to 60 s: 3.8 MB
      // of base64 at 1000 Hz where 0.6 MB is shown), cut before the limb leads are derived.
      const shown = Math.round(STRIP_S * e.fsHz);
      const set = completeLeadSet(review.viewSamples(e, actor, ctx.sessionId).map((l) => ({ name: l.name, mv: l.mv.subarray(0, shown) })));
      const leads = STANDARD_LEADS.flatMap((name) => {
        const k = set.index.get(name);
        return k === undefined ? [] : [{ name, samples: encodeFloat32Base64(set.leads[k]!.mv) }];
      });
      const samples = set.leads[0]?.mv.length ?? 0;
      return { ekgId: e.id, fsHz: e.fsHz, samples, leads };
    },
    // Counts only, no patient and no EKG id: not audited (see EkgReviewService.reviewCounts);
    // providers only, like the list they count.
    'ekg.reviewCounts': (_req, ctx) => review.reviewCounts(deps.actorOf(ctx)),
    'ekg.canLeave': (req, ctx) => {
      const s = checked(ctx, req.ekgId).ekg.review;
      return { canLeave: s.canLeaveScreen, reason: s.leaveBlockedReason };
    },
    'ekg.exportAecg': (req, ctx) => review.exportAecg(req.ekgId, actorFor(ctx, req.ekgId)),
    // The report is for printing or saving: audited as an export (format pdf), as the aECG file is.
    'ekg.reportPdf': async (req, ctx) => {
      const { actor, ekg } = checked(ctx, req.ekgId);
      const { pdf, fileName } = await review.exportReport(ekg, actor, deps.reportPdf);
      return { pdfBase64: Buffer.from(pdf).toString('base64'), fileName };
    },
  };
}
