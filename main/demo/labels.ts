import { StationError } from '../../common/errors.ts';
import type { PrintJobState, ReprintReason } from '../../common/labels/jobs.ts';
import type { LabelInput } from '../../common/labels/input.ts';
import { EventBus, type CallContext } from '../ipc/dispatch.ts';
import { startLabelsService, type LabelsService } from '../services/labelsHandlers.ts';
import { actingOperator, type DemoDay, type DemoGenerator, type DemoVisit } from './generators.ts';

const MINUTE_MS = 60_000;
/** Accessions of demo labels start with SIM, so a demo tube is recognisable on sight. */
const DEMO_ACCESSION_PREFIX = 'SIM';

type Specimen = Omit<LabelInput['specimen'], 'collectedAt' | 'collector' | 'accession'>;

/** The draws a small clinic sends out most: tubes and tests as ordered together. */
const ORDER_SETS: readonly (readonly Specimen[])[] = [
  [
    { type: 'blood-venous', container: 'sst-gold', tests: ['CMP', 'LIPID'] },
    { type: 'blood-venous', container: 'edta-lavender', tests: ['CBC', 'HBA1C'] },
  ],
  [{ type: 'blood-venous', container: 'edta-lavender', tests: ['CBC'] }],
  [
    { type: 'blood-venous', container: 'sst-gold', tests: ['TSH'] },
    { type: 'blood-venous', container: 'citrate-blue', tests: ['PT-INR'] },
  ],
  [{ type: 'urine', container: 'urine-cup', tests: ['UA', 'UCX'] }],
  [{ type: 'swab-throat', container: 'swab-utm', tests: ['STREP-CX'] }],
];
const REPRINT_REASONS_SEEN: readonly ReprintReason[] = ['damaged', 'unreadable', 'additional-tube'];

/** A SIMULATED printer acknowledges a label in milliseconds; this is generous for a loaded machine. */
const DEFAULT_SETTLE_TIMEOUT_MS = 30_000;
const SETTLED: ReadonlySet<PrintJobState> = new Set(['printed', 'uncertain', 'cancelled']);

/**
 * Runs `submit` (a print or reprint request for jobId; async, so a refusal is a rejection) and
 * waits, as the Labels screen does, until the print worker has sent that job to the printer or
 * given up on it: a labels.job event, or the job the request returns when it had already settled
 * (a retried request emits no event). Never waits longer than timeoutMs: a printer that stops
 * answering ends the demo with a typed error, not a hang.
 */
function untilSettled(events: EventBus, jobId: string, timeoutMs: number, submit: () => Promise<{ job: { state: PrintJobState } }>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      stop();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new StationError('demo-label-timeout', `label job ${jobId} was not printed within ${timeoutMs} ms: is the SIMULATED printer answering?`)),
      timeoutMs,
    );
    const stop = events.subscribe((name, payload) => {
      const job = payload as { jobId: string; state: PrintJobState };
      if (name === 'labels.job' && job.jobId === jobId && SETTLED.has(job.state)) finish();
    });
    submit().then(
      (reply) => {
        if (SETTLED.has(reply.job.state)) finish();
      },
      (e: unknown) => finish(e as Error),
    );
  });
}

interface LabelRun {
  readonly service: LabelsService;
  readonly events: EventBus;
  readonly settleTimeoutMs: number;
}

async function printVisitLabels(day: DemoDay, run: LabelRun, visit: DemoVisit, n: number): Promise<void> {
  const { service, events, settleTimeoutMs } = run;
  const ctx: CallContext = { sessionId: visit.maSessionId, host: 'browser' };
  const session = actingOperator(day.services.sessions, visit.maSessionId);
  day.services.sessions.setPatient(visit.maSessionId, visit.patient.id);
  const set = ORDER_SETS[Math.floor(day.random() * ORDER_SETS.length)]!;
  for (const [i, specimen] of set.entries()) {
    // Job ids are idempotency keys kept in the database: the run id keeps a later demo run into
    // the same data dir from reusing (and being refused, or silently resuming) an earlier run's.
    const jobId = `sim-demo-${day.runId}-${day.dayIndex}-${n}-${i}`;
    const collectedAt = new Date(day.clock.nowMs).toISOString();
    await untilSettled(events, jobId, settleTimeoutMs, async () =>
      service.handlers['labels.print']({ jobId, specimen: { ...specimen, tests: [...specimen.tests], collectedAt, collector: session.operator.id } }, ctx),
    );
    day.clock.nowMs += MINUTE_MS;
    if (day.random() < 0.05) {
      // Now and then a tube label gets smudged or another tube is needed: a reprint, with its reason.
      const reason = REPRINT_REASONS_SEEN[Math.floor(day.random() * REPRINT_REASONS_SEEN.length)]!;
      await untilSettled(events, `${jobId}-r`, settleTimeoutMs, async () => service.handlers['labels.reprint']({ jobId: `${jobId}-r`, originalJobId: jobId, reason }, ctx));
    }
  }
}

/**
 * SIMULATED specimen labels for a simulated day: about a third of the visits get a draw (one or
 * two tubes, or a urine cup or swab), labelled through the same labels service the Labels screen
 * uses (accession numbers, print queue, audit) and printed on the SIMULATED printer at
 * `printerAddress`. Every label carries the SIMULATED mark (demo patients are simulated).
 * Each label waits at most `settleTimeoutMs` for the printer (error code demo-label-timeout).
 */
export function labelsDemoDay(printerAddress: string, options: { readonly settleTimeoutMs?: number } = {}): DemoGenerator {
  const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
  return {
    name: 'labels',
    async runDay(day) {
      const drawn = day.visits.filter(() => day.random() < 0.35);
      if (drawn.length === 0) return;
      const events = new EventBus();
      const service = startLabelsService({
        store: day.store,
        events,
        printerAddress: () => printerAddress,
        accessionPrefix: DEMO_ACCESSION_PREFIX,
        isSimulated: () => true,
        operatorOf: (ctx) => actingOperator(day.services.sessions, ctx.sessionId).operator,
        currentPatient: (ctx) => {
          const patientId = day.services.sessions.snapshot(ctx.sessionId).patientId;
          return patientId === null ? null : (day.services.patients.get(patientId) ?? null);
        },
        nowMs: () => day.clock.nowMs,
        retryMs: 50,
      });
      try {
        for (const [n, visit] of drawn.entries()) await printVisitLabels(day, { service, events, settleTimeoutMs }, visit, n);
      } finally {
        await service.close();
      }
    },
  };
}
