import type { ReprintReason } from '../../common/labels/jobs.ts';
import type { LabelInput } from '../../common/labels/input.ts';
import { EventBus, type CallContext } from '../ipc/dispatch.ts';
import { startLabelsService, type LabelsService } from '../services/labelsHandlers.ts';
import type { DemoDay, DemoGenerator, DemoVisit } from './generators.ts';

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

/**
 * Runs `submit` (a print or reprint request for jobId; async, so a refusal is a rejection) and waits for the labels.job event saying
 * the print worker has sent that job to the printer or given up on it, as the Labels screen does.
 */
function untilSettled(events: EventBus, jobId: string, submit: () => Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = events.subscribe((name, payload) => {
      const job = payload as { jobId: string; state: string };
      if (name !== 'labels.job' || job.jobId !== jobId || job.state === 'queued' || job.state === 'sending') return;
      stop();
      resolve();
    });
    submit().catch((e: unknown) => {
      stop();
      reject(e as Error);
    });
  });
}

async function printVisitLabels(day: DemoDay, service: LabelsService, events: EventBus, visit: DemoVisit, n: number): Promise<void> {
  const ctx: CallContext = { sessionId: visit.maSessionId, host: 'browser' };
  const session = day.services.sessions.requireActive(visit.maSessionId);
  day.services.sessions.setPatient(visit.maSessionId, visit.patient.id);
  const set = ORDER_SETS[Math.floor(day.random() * ORDER_SETS.length)]!;
  for (const [i, specimen] of set.entries()) {
    const jobId = `sim-demo-${day.dayIndex}-${n}-${i}`;
    const collectedAt = new Date(day.clock.nowMs).toISOString();
    await untilSettled(events, jobId, async () =>
      service.handlers['labels.print']({ jobId, specimen: { ...specimen, tests: [...specimen.tests], collectedAt, collector: session.operator.id } }, ctx),
    );
    day.clock.nowMs += MINUTE_MS;
    if (day.random() < 0.05) {
      // Now and then a tube label gets smudged or another tube is needed: a reprint, with its reason.
      const reason = REPRINT_REASONS_SEEN[Math.floor(day.random() * REPRINT_REASONS_SEEN.length)]!;
      await untilSettled(events, `${jobId}-r`, async () => service.handlers['labels.reprint']({ jobId: `${jobId}-r`, originalJobId: jobId, reason }, ctx));
    }
  }
}

/**
 * SIMULATED specimen labels for a simulated day: about a third of the visits get a draw (one or
 * two tubes, or a urine cup or swab), labelled through the same labels service the Labels screen
 * uses (accession numbers, print queue, audit) and printed on the SIMULATED printer at
 * `printerAddress`. Every label carries the SIMULATED mark (demo patients are simulated).
 */
export function labelsDemoDay(printerAddress: string): DemoGenerator {
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
        operatorOf: (ctx) => day.services.sessions.requireActive(ctx.sessionId).operator,
        currentPatient: (ctx) => {
          const patientId = day.services.sessions.snapshot(ctx.sessionId).patientId;
          return patientId === null ? null : (day.services.patients.get(patientId) ?? null);
        },
        nowMs: () => day.clock.nowMs,
        retryMs: 50,
      });
      try {
        for (const [n, visit] of drawn.entries()) await printVisitLabels(day, service, events, visit, n);
      } finally {
        await service.close();
      }
    },
  };
}
