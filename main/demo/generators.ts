import type { Store } from '../storage/store.ts';
import type { Patient } from '../services/patients.ts';
import type { RecordsServices } from '../services/recordsHandlers.ts';
import type { ActiveSession, Sessions } from '../services/sessions.ts';
import type { Role } from '../services/operators.ts';

/** A demo operator's credentials (SIMULATED accounts only: their PINs are printed for trainees). */
export interface DemoOperator {
  readonly login: string;
  readonly role: Role;
  readonly badgeId: string;
  readonly pin: string;
}

/** The simulated wall clock every service of the demo store reads. */
export interface DemoClock {
  nowMs: number;
}

/** One patient encounter of a simulated day: later generators add EKGs, labels, results to it. */
export interface DemoVisit {
  readonly patient: Patient;
  /** IPC-style session ids of the signed-in MA and provider handling the visit. */
  readonly maSessionId: string;
  readonly providerSessionId: string;
}

export interface DemoDay {
  readonly store: Store;
  readonly services: RecordsServices;
  readonly clock: DemoClock;
  /** Seeded: the same --seed gives the same clinic. */
  readonly random: () => number;
  /**
   * Tells this demo run from earlier ones into the same database (they simulate the same dates
   * again): part of ids that must stay unique across runs, such as label print job ids.
   */
  readonly runId: string;
  readonly dayIndex: number;
  /** 00:00 UTC of the simulated day, epoch ms. */
  readonly dayStartMs: number;
  readonly operators: readonly DemoOperator[];
  /** Every simulated patient so far (all days); generators may add to it. */
  readonly patients: Patient[];
  /** Filled by the clinic generator (first in the list); read by the ones after it. */
  readonly visits: DemoVisit[];
}

/**
 * One area's contribution to a simulated clinic day. Runs through the same services the UI
 * uses, and marks everything it creates as simulated. Generators run in list order each day;
 * sessions are signed in during the whole list and signed out after it.
 */
export interface DemoGenerator {
  readonly name: string;
  runDay(day: DemoDay): Promise<void> | void;
}

/**
 * The simulated operator of `sessionId` doing something now: it counts as their activity, as a key
 * or a click does in the UI (a handler call alone does not, sessions.ts), so the simulated day's
 * clock, minutes per task, does not auto-lock them between tasks.
 */
export function actingOperator(sessions: Sessions, sessionId: string): ActiveSession {
  sessions.activity(sessionId);
  return sessions.requireActive(sessionId);
}
