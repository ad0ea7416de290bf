import { StationError } from '../../common/errors.ts';
import { parsePrintableAccession, previewAccession } from '../../common/labels/accession.ts';
import { CONTAINERS, SPECIMEN_TYPES } from '../../common/labels/catalogue.ts';
import type { LabelInput } from '../../common/labels/input.ts';
import { describePrinterFault, REPRINT_REASONS } from '../../common/labels/jobs.ts';
import { buildLabel, parseLabelInput } from '../../common/labels/label.ts';
import type { LabelDpi } from '../../common/labels/layout.ts';
import type { labelsChannels } from '../../common/ipc/channels/labels.ts';
import type { PrinterState } from '../../drivers/zebra/printer.ts';
import { auditedActions } from '../audit/refusals.ts';
import type { CallContext, EventBus, Handler } from '../ipc/dispatch.ts';
import type { Store } from '../storage/store.ts';
import { AccessionAllocator } from './labels/accessions.ts';
import { connectZebra } from './labels/connectPrinter.ts';
import { PrintQueue, PrintQueueError, WITHDRAWN_REPRINTABLE_MS, type HeldCheck, type JobOwner, type PrintJob } from './labels/printQueue.ts';
import { PrintWorker, type PrinterLink } from './labels/printWorker.ts';
import { tubeOfZpl } from './labels/jobTube.ts';

/** The patient on screen, as the records service knows it. */
export interface LabelsPatient {
  readonly id: number | string;
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly simulated: boolean;
}

export interface LabelsServiceOptions {
  readonly store: Store;
  readonly events: EventBus;
  /** Where labels go: `tcp:HOST:PORT`, `serial:PATH`, `usb:VID:PID`; null when none is configured. */
  readonly printerAddress: () => string | null;
  /** 2-3 letters starting every accession number of this station. */
  readonly accessionPrefix: string;
  /** The signed-in operator of the calling session (throws when nobody is signed in or it is locked). */
  readonly operatorOf: (ctx: CallContext) => { readonly id: string; readonly role: 'admin' | 'ma' | 'provider' };
  /** The session's current patient (null: not signed in / none selected / locked). */
  readonly currentPatient: (ctx: CallContext) => LabelsPatient | null;
  /**
   * True while a waiting label's owner is away (their session is locked): it is not sent until
   * they are back, so it never lies on the printer for someone else to pick up. None: never held.
   */
  readonly isHeld?: HeldCheck;
  /** Simulated devices or demo mode: every label carries the SIMULATED mark. */
  readonly isSimulated: () => boolean;
  readonly nowMs?: () => number;
  readonly connect?: (address: string) => Promise<PrinterLink>;
  /** Retry period of a waiting job, and of the printer-state probe when idle. */
  readonly retryMs?: number;
  readonly probeMs?: number;
  readonly dpi?: LabelDpi;
}

type LabelsChannel = keyof typeof labelsChannels;
export type LabelsHandlers = { readonly [C in LabelsChannel]: Handler<C> };

export interface LabelsService {
  readonly handlers: LabelsHandlers;
  /**
   * Refuses (`labels-waiting`) to take `owner` (a UI session and its operator) away from a patient
   * while a label they asked for that patient still waits for the printer; `nextPatientId` is the
   * patient they go to (null: none, sign-out).
   */
  refuseLeaving(owner: JobOwner, nextPatientId: number | string | null): void;
  /** Withdraws (cancels, audited, never sent) the waiting UI labels whose session or operator is gone. */
  withdrawOrphaned(isLive: (owner: JobOwner) => boolean): PrintJob[];
  close(): Promise<void>;
}

function summary(job: PrintJob) {
  return {
    jobId: job.jobId,
    accession: job.accession,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    lastFault: job.lastFault,
    reprintOf: job.reprintOf,
    reprintReason: job.reprintReason,
    printer: job.printer,
    createdAtUtc: job.createdAtUtc,
    updatedAtUtc: job.updatedAtUtc,
    // Which tube the label is for, read from the label itself (what a reprint prints again): the
    // job list and the Reprint dialog name it, so one tube's label is not reprinted for another's.
    tube: tubeOfZpl(job.zpl),
  };
}

/**
 * How far back the Labels screen lists a patient's labels (`labels.jobs`): a clinic day, the same
 * window in which a withdrawn label may be printed again. Not "today": a label printed at 23:50
 * must still be reprintable at 00:10. Not "this window's": the tube outlives a closed window.
 */
export const RECENT_LABELS_MS = WITHDRAWN_REPRINTABLE_MS;
/** At most this many (newest first): more than a visit's tubes, few enough for one screen. */
const RECENT_LABELS_MAX = 100;

const stateKey = (s: PrinterState) => `${s.address}|${s.ready}|${s.faults.join(',')}`;

/**
 * The labels service: queue + worker + handlers of the `labels.*` channels, pushing
 * `labels.job` and `labels.printerState` events. Start one per station database.
 */
export function startLabelsService(options: LabelsServiceOptions): LabelsService {
  const nowMs = options.nowMs ?? Date.now;
  const queue = new PrintQueue(options.store);
  const allocator = new AccessionAllocator(options.store, options.accessionPrefix);
  let lastState: PrinterState | null = null;
  const publishState = (s: PrinterState) => {
    const changed = lastState === null || stateKey(lastState) !== stateKey(s);
    lastState = s;
    if (changed) options.events.emit('labels.printerState', { address: s.address, ready: s.ready, faults: [...s.faults], checkedAtMs: s.checkedAtMs, simulated: options.isSimulated() });
  };
  const worker = new PrintWorker({
    queue,
    connect: options.connect ?? ((address) => connectZebra(address)),
    retryMs: options.retryMs ?? 1000,
    nowMs,
    onPrinterState: publishState,
    onJob: (job) => options.events.emit('labels.job', summary(job)),
    ...(options.isHeld ? { held: options.isHeld } : {}),
  });
  // UI jobs left queued by the previous run are withdrawn (their sessions are gone), here and not in
  // PrintWorker.start: the CLI's `label print` starts a worker too, and run against the data
  // directory of a running station it must not cancel that station's waiting labels. Then jobs
  // left mid-send become uncertain.
  for (const job of queue.withdrawAtStart()) options.events.emit('labels.job', summary(job));
  worker.start(); // tells onJob (the labels.job event) of each job it recovers

  // Printer state is always visible: probe at start (which also opens the link, so the first
  // Print does not pay for connecting) and then whenever no job is talking to the printer.
  let probing = false;
  const probeNow = () => {
    const address = options.printerAddress();
    if (!address || probing || queue.printersWithQueuedJobs(options.isHeld).includes(address)) return;
    probing = true;
    worker
      .probe(address)
      .then(publishState, () => undefined)
      .finally(() => (probing = false));
  };
  probeNow();
  const probe = setInterval(probeNow, options.probeMs ?? 5000);

  const inputFor = (ctx: CallContext, specimen: LabelInput['specimen']): { input: LabelInput; patient: LabelsPatient } => {
    const patient = options.currentPatient(ctx);
    if (!patient) throw new StationError('labels-no-patient', 'no patient selected');
    const input = parseLabelInput({ patient: { familyName: patient.familyName, givenName: patient.givenName, dob: patient.birthDate, mrn: patient.mrn }, specimen });
    return { input, patient };
  };
  const labelOptions = (patient: LabelsPatient, req: { dpi?: LabelDpi | undefined; dataMatrix?: boolean | undefined }, accession: string) => ({
    accession,
    nowMs: nowMs(),
    simulated: options.isSimulated() || patient.simulated,
    dpi: req.dpi ?? options.dpi ?? 203,
    dataMatrix: req.dataMatrix ?? false,
  });

  const ownerOf = (ctx: CallContext): JobOwner => ({ sessionId: ctx.sessionId, operatorId: options.operatorOf(ctx).id });
  /** A job named by id, from a screen that may be stale: only the selected patient's labels. */
  const requireSelectedPatientJob = (ctx: CallContext, jobId: string, verb: string): PrintJob => {
    const patient = options.currentPatient(ctx);
    if (!patient) throw new StationError('labels-no-patient', 'no patient selected');
    const job = queue.require(jobId);
    if (job.patientId !== String(patient.id)) {
      throw new StationError('labels-patient-not-selected', `This label belongs to a patient other than the one selected. Select that patient to ${verb} it.`);
    }
    return job;
  };

  /**
   * An operator's action on a label (print, reprint, cancel): a refusal is audited here, once, as
   * `attempt` with the error's code (auditRefusal), after the queue's transaction rolled back. The
   * operator is resolved first (nothing is looked up for a caller who is not signed in: that is the
   * session's refusal, naming nobody). A preview is not audited, refused or not: it writes nothing
   * and issues no number, and the same refusal meets the Print that would act on it.
   */
  const act = auditedActions(options.store.audit, options.operatorOf);
  const idOf = (patient: LabelsPatient | null): string | null => (patient === null ? null : String(patient.id));
  /** The patient of a job named in a request, as the queue's own entries give it (null: no such job). */
  const patientOfJob = (jobId: string): string | null => queue.get(jobId)?.patientId ?? null;

  const handlers: LabelsHandlers = {
    'labels.catalogue': () => ({
      specimenTypes: SPECIMEN_TYPES.map((t) => ({ ...t, containers: [...t.containers] })),
      containers: CONTAINERS.map((c) => ({ ...c })),
      reprintReasons: [...REPRINT_REASONS],
    }),
    'labels.preview': (req, ctx) => {
      const { input, patient } = inputFor(ctx, req.specimen);
      const { layout } = buildLabel(input, labelOptions(patient, req, input.specimen.accession ?? previewAccession(options.accessionPrefix)));
      return { layout: { ...layout, elements: [...layout.elements] } };
    },
    // The job's id is the screen's; its patient is the one selected (the label is for that patient).
    'labels.print': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'label-queue', objectType: 'print-job', objectId: req.jobId, patientId: idOf(options.currentPatient(ctx)) }), (operator) => {
        const printer = options.printerAddress();
        if (!printer) throw new StationError('labels-no-printer', 'no label printer is configured');
        const { input, patient } = inputFor(ctx, req.specimen);
        const supplied = input.specimen.accession;
        if (supplied !== undefined) parsePrintableAccession(supplied);
        const zplWith = (accession: string) => buildLabel(input, labelOptions(patient, req, supplied ?? accession)).zpl;
        // Validate with the preview number first: a refused label must not use up an accession (the
        // barcode zone, absent from a preview, is checked in the transaction below, which rolls back).
        zplWith(previewAccession(options.accessionPrefix));
        const known = queue.get(req.jobId);
        // A retried call resumes its job only for the same label and printer (else job-conflict).
        if (known) return { job: summary(queue.enqueue({ jobId: known.jobId, printer, accession: supplied ?? known.accession, patientId: String(patient.id), zpl: zplWith(known.accession), operator })) };
        // Issue the number and queue the job in one commit (one fsync before the printer is asked).
        const job = options.store.transaction(() => {
          // Every click is a new job id, so a second click on the same label while the first waits
          // for the printer would print two tubes' worth: refuse it and name the waiting label by
          // its accession number, the number the MA sees (the job id means nothing to her).
          const twin = queue.findWaitingTwin(printer, zplWith);
          if (twin) {
            throw new StationError(
              'labels-already-queued',
              `This label is already waiting for the printer as ${twin.accession}: it prints once, when the printer is ready. For a second tube, use Reprint… once it has printed.`,
            );
          }
          const accession = supplied ?? allocator.allocate();
          return queue.enqueue({ jobId: req.jobId, printer, accession, patientId: String(patient.id), zpl: zplWith(accession), operator, owner: { sessionId: ctx.sessionId, operatorId: operator.id } });
        });
        options.events.emit('labels.job', summary(job));
        worker.kick();
        return { job: summary(job) };
      }),
    'labels.job': (req, ctx) => {
      options.operatorOf(ctx);
      return { job: summary(queue.require(req.jobId)) };
    },
    // Named as the reprint's success is (its new job id), with the original's patient.
    'labels.reprint': (req, ctx) =>
      act(
        ctx,
        () => ({ action: 'create', verb: 'label-reprint', objectType: 'print-job', objectId: req.jobId, patientId: patientOfJob(req.originalJobId), details: { reprintOf: req.originalJobId, reprintReason: req.reason } }),
        (operator) => {
          requireSelectedPatientJob(ctx, req.originalJobId, 'reprint');
          const job = queue.reprint({ jobId: req.jobId, originalJobId: req.originalJobId, reason: req.reason, operator, owner: ownerOf(ctx) });
          options.events.emit('labels.job', summary(job));
          worker.kick();
          return { job: summary(job) };
        },
      ),
    'labels.cancel': (req, ctx) =>
      act(ctx, () => ({ action: 'update', verb: 'label-cancel', objectType: 'print-job', objectId: req.jobId, patientId: patientOfJob(req.jobId) }), (operator) => {
        const waiting = requireSelectedPatientJob(ctx, req.jobId, 'cancel');
        let job: PrintJob;
        try {
          job = queue.cancel(waiting.jobId, { reason: 'operator', operator });
        } catch (e) {
          if (e instanceof PrintQueueError && e.code === 'print-queue-not-cancellable') {
            const now = queue.require(waiting.jobId).state;
            throw new StationError('labels-not-waiting', now === 'cancelled' ? 'This label was already cancelled.' : `This label is no longer waiting for the printer (it is ${now}): it cannot be cancelled.`);
          }
          throw e;
        }
        options.events.emit('labels.job', summary(job));
        return { job: summary(job) };
      }),
    'labels.waiting': (_req, ctx) => {
      options.operatorOf(ctx);
      const patient = options.currentPatient(ctx);
      if (!patient) return { jobs: [], withdrawn: [] };
      const since = new Date(nowMs() - WITHDRAWN_REPRINTABLE_MS).toISOString();
      return { jobs: queue.queuedForPatient(String(patient.id)).map(summary), withdrawn: queue.withdrawnForPatient(String(patient.id), since).map(summary) };
    },
    // The screen names its patient: an answer for another one than selected here is refused, never
    // given (a stale screen must not list, and offer to reprint, another patient's labels).
    // Listing a patient's labels is a read of their records: audited as a view (like poc.result.list),
    // with the count only; a refusal (another patient than the one selected, none) as a failure.
    'labels.jobs': (req, ctx) =>
      act(ctx, () => ({ action: 'read', verb: 'view', objectType: 'print-jobs', patientId: String(req.patientId) }), (operator) => {
        const patient = options.currentPatient(ctx);
        if (!patient) throw new StationError('labels-no-patient', 'no patient selected');
        if (String(req.patientId) !== String(patient.id)) throw new StationError('labels-patient-not-selected', 'These labels belong to a patient other than the one selected. Select that patient to see them.');
        const since = new Date(nowMs() - RECENT_LABELS_MS).toISOString();
        const jobs = queue.recentForPatient(String(patient.id), since, RECENT_LABELS_MAX).map(summary);
        options.store.audit.append({ operator, action: 'read', verb: 'view', objectType: 'print-jobs', patientId: String(patient.id), outcome: 'success', details: { labels: jobs.length } });
        return { jobs };
      }),
    // The labels that keep this operator on her patient (refuseLeaving, whatever patient she goes to):
    // the picker follows these jobs' events only, not other operators' labels.
    'labels.operatorWaiting': (_req, ctx) => {
      const jobs = queue.queuedByOperator(options.operatorOf(ctx).id);
      return { waiting: jobs.length, jobs: jobs.map((j) => ({ jobId: j.jobId, accession: j.accession })) };
    },
    // Locked sessions too (the lock screen asks): a count, no patient data.
    'labels.sessionWaiting': (_req, ctx) => ({ waiting: queue.queuedCountForSession(ctx.sessionId) }),
    'labels.printerState': () => ({
      printer: lastState && { address: lastState.address, ready: lastState.ready, faults: [...lastState.faults], checkedAtMs: lastState.checkedAtMs, simulated: options.isSimulated() },
    }),
  };

  return {
    handlers,
    refuseLeaving(owner, nextPatientId) {
      const next = nextPatientId === null ? null : String(nextPatientId);
      const why = (j: PrintJob) => (j.lastFault ? ` (${describePrinterFault(j.lastFault)})` : '');
      const mine = queue.queuedByOperator(owner.operatorId).filter((j) => j.patientId !== next);
      // This window's own label holds it on its patient (sign-out and no patient included).
      const here = mine.find((j) => j.owner?.sessionId === owner.sessionId);
      if (here) {
        throw new StationError(
          'labels-waiting',
          `A label for this patient is still waiting for the printer${why(here)}. Let it print, or cancel it on the Labels screen, before leaving the patient.`,
        );
      }
      // The same operator's label waiting in another window keeps her from starting on another
      // patient here: both windows print on this station's printer, so it would come out among the
      // next patient's tubes.
      const elsewhere = next === null ? undefined : mine[0];
      if (elsewhere) {
        throw new StationError(
          'labels-waiting',
          `A label you asked for in another window, for another patient, is still waiting for the printer${why(elsewhere)}. Let it print, or cancel it on that window's Labels screen, before choosing another patient.`,
        );
      }
    },
    withdrawOrphaned(isLive) {
      const withdrawn = queue.withdrawOrphaned(isLive, 'session-ended');
      for (const job of withdrawn) options.events.emit('labels.job', summary(job));
      return withdrawn;
    },
    async close() {
      clearInterval(probe);
      await worker.stop();
    },
  };
}
