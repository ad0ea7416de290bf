import { openStore } from '../storage/store.ts';
import { createRecordsServices } from '../services/recordsHandlers.ts';
import type { ScryptCost } from '../services/secrets.ts';
import type { DemoClock, DemoGenerator, DemoOperator, DemoVisit } from './generators.ts';
import { mulberry32 } from '../../common/random.ts';

/**
 * Demo accounts hash their (printed, SIMULATED) PINs with a low scrypt cost so a 365-day demo
 * with thousands of sign-ins runs in seconds; real accounts use DEFAULT_PIN_COST.
 */
const DEMO_PIN_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const DAY_MS = 86_400_000;

export const DEMO_OPERATORS: readonly DemoOperator[] = [
  { login: 'sim-admin', role: 'admin', badgeId: 'SIM-BADGE-0001', pin: '1111' },
  { login: 'sim-ma1', role: 'ma', badgeId: 'SIM-BADGE-0002', pin: '2222' },
  { login: 'sim-ma2', role: 'ma', badgeId: 'SIM-BADGE-0003', pin: '3333' },
  { login: 'sim-prov1', role: 'provider', badgeId: 'SIM-BADGE-0004', pin: '4444' },
];

export interface DemoOptions {
  readonly dataDir: string;
  readonly days: number;
  readonly seed: number;
  /** Real "now": the simulated days end before it (no future timestamps). */
  readonly nowMs: number;
  readonly generators: readonly DemoGenerator[];
}

export interface DemoSummary {
  readonly days: number;
  readonly visits: number;
  readonly patients: number;
  readonly auditEntries: number;
}

/** Fills dataDir's database with a simulated clinic, day by day, through the records services. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const firstDayMs = Math.floor(options.nowMs / DAY_MS) * DAY_MS - options.days * DAY_MS;
  const clock: DemoClock = { nowMs: firstDayMs };
  const store = openStore({ dataDir: options.dataDir, clockMs: () => clock.nowMs });
  try {
    // Simulated data needs atomic commits but not power-loss durability of each one: NORMAL
    // (WAL still atomic, fsync at checkpoints) makes a 365-day demo take seconds, not minutes.
    store.db.pragma('synchronous = NORMAL');
    // Every run appends to the audit log, so its length when a run starts names that run (and
    // repeats only if the same data dir is restored from an older backup).
    const runId = `a${store.audit.head().seq}`;
    const services = createRecordsServices(store, { pinCost: DEMO_PIN_COST });
    const system = { id: 'demo', role: 'system' as const };
    for (const op of DEMO_OPERATORS) {
      if (services.operators.get(op.login) === undefined) {
        await services.operators.add({ ...op, displayName: `${op.login} (SIMULATED)`, simulated: true }, system);
      }
    }
    const patients = services.patients.listSimulated();
    const random = mulberry32(options.seed);
    let visits = 0;
    for (let dayIndex = 0; dayIndex < options.days; dayIndex++) {
      const dayStartMs = firstDayMs + dayIndex * DAY_MS;
      const dayVisits: DemoVisit[] = [];
      const day = { store, services, clock, random, runId, dayIndex, dayStartMs, operators: DEMO_OPERATORS, patients, visits: dayVisits };
      for (const generator of options.generators) await generator.runDay(day);
      clock.nowMs = Math.max(clock.nowMs, dayStartMs + 17 * 3_600_000);
      for (const v of dayVisits) {
        services.sessions.signOut(v.maSessionId);
        services.sessions.signOut(v.providerSessionId);
      }
      visits += dayVisits.length;
    }
    return { days: options.days, visits, patients: patients.length, auditEntries: store.audit.head().seq };
  } finally {
    store.close();
  }
}
