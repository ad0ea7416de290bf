import { clinicDay } from './clinic.ts';
import type { DemoGenerator } from './generators.ts';
import { pocDay } from './poc.ts';

/**
 * Every area's demo generator, run in this order each simulated day. The clinic comes first
 * (it signs operators in and creates the day's visits); add one line per area after it
 * (labels and EKGs from sample recordings are not generated yet).
 */
export const demoGenerators: readonly DemoGenerator[] = [
  clinicDay,
  pocDay,
];
