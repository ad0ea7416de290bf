import { StationError } from '../../../common/errors.ts';
import { demoGenerators } from '../../demo/index.ts';
import { ekgDemoDay } from '../../demo/ekg.ts';
import { labelsDemoDay } from '../../demo/labels.ts';
import { startSimulator } from '../../app/simulators.ts';
import { stationSettings } from '../../app/config.ts';
import { readRecord } from '../../io/wfdb.ts';
import { DEMO_OPERATORS, runDemo } from '../../demo/runDemo.ts';
import { ensureDataDir } from '../../storage/dataDir.ts';
import { optionString, parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new StationError('usage', `--${name} must be an integer from 1 to ${max}`);
  return n;
}

export const command: Command = {
  name: 'demo',
  usage: `Usage: station demo [--data-dir D] [--days N] [--seed S]
  Fills the database with a SIMULATED clinic over the last N days (default 7): demo operators
  signing in and out, SIM- patients, visits, POC glucose QC and results, specimen labels
  (SIM accessions, printed on a SIMULATED printer the demo starts on 127.0.0.1), and 12-lead
  EKGs from the sample recording in STATION_SIM_ECG_RECORD (reviewed by the demo provider),
  all through the station's own services and all marked simulated. For training, demos, load tests.
  Run again on the same data dir, it adds another simulated clinic over the same dates.`,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['data-dir', 'days', 'seed'] });
    const days = positiveInt('days', optionString(parsed, 'days'), 7, 3650);
    const seed = positiveInt('seed', optionString(parsed, 'seed'), 1, 2 ** 31);
    const dataDir = ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
    // EKGs come from the recording the SIMULATED cart streams (STATION_SIM_ECG_RECORD), when there is one.
    const recordPath = stationSettings(io.env).simulatedCartRecord;
    const sample = recordPath ? await readRecord(recordPath) : null;
    for (const n of sample?.readNotices ?? []) io.stderr(`sample recording ${sample!.name}: ${n}`);
    const generators = sample ? [...demoGenerators, ekgDemoDay(sample)] : [...demoGenerators];
    if (!recordPath) io.stderr('No sample EKG recording (STATION_SIM_ECG_RECORD): the demo has no EKGs.');
    // Labels go to the same SIMULATED printer `station simulate printer` is, over a real socket.
    const printer = await startSimulator('printer', []);
    let summary;
    try {
      summary = await runDemo({ dataDir, days, seed, nowMs: Date.now(), generators: [...generators, labelsDemoDay(printer.address)] });
    } finally {
      await printer.stop();
    }
    io.stdout(`SIMULATED clinic: ${summary.days} days, ${summary.visits} visits, ${summary.patients} patients, audit log at ${summary.auditEntries} entries`);
    io.stdout('SIMULATED sign-in badges (badge / PIN): ' + DEMO_OPERATORS.map((o) => `${o.login} ${o.badgeId} / ${o.pin}`).join(', '));
    return 0;
  },
};
