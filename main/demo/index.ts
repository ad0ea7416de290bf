import { clinicDay } from './clinic.ts';
import type { DemoGenerator } from './generators.ts';
import { pocDay } from './poc.ts';

/**
 * The demo generators that need nothing but the database, run in this order each simulated day.
 * The clinic comes first (it signs operators in and creates the day's visits); add one line per
 * area after it. Those that need a device or a file (EKGs from a sample recording, labels on a
 * SIMULATED printer: main/demo/ekg.ts, main/demo/labels.ts) are added by `station demo`.
 */
export const demoGenerators: readonly DemoGenerator[] = [
  clinicDay,
  pocDay,
];
