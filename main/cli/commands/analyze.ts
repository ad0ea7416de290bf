import { basename, resolve } from 'node:path';
import { isStationError, StationError } from '../../../common/errors.ts';
import { analyzeRecord, type AnalysisResult } from '../../ekg/analyze.ts';
import { readRecord } from '../../io/wfdb.ts';
import { optionString, parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

const usage = `Usage: station analyze REC.hea [REC2.hea ...] [--json] [--mains-hz 50|60]

Runs the EKG pipeline (filters, signal quality, R-peak detection, heart rate) on WFDB records
(.hea + .dat/.mat) and prints one result per record.

Options:
  --json          one JSON object per record per line:
                  {record, fsHz, samples, leads, beats:[{sample}], quality:[{lead,start,end,kind}],
                   measurements:{heartRateBpm, ...}, flags:[...]}
                  a record that cannot be read gives {record, error} on its line. A first
                  sample that differs from the header's initial value is read as stored, with
                  readNotices: [text, ...], only when a matching checksum or the .mat file's
                  own MATLAB header vouches for the samples; otherwise the record is refused.
                  A .mat holding more samples than the .hea says is read as the .hea says,
                  with a readNotices line. A sample beyond +-1 V is read as missing (a gap).
                  analysisNotes: [text, ...] says what the resting analysis withheld and why
                  (leads disconnected, missing or noisy over most of the recording: not
                  measured; limb leads of inconsistent calibration: no axes or low voltage; ST flags
                  carry the doubt).
                  A resting recording (up to 120 s) gets the 12-lead measurements and flags;
                  its heartRateBpm is the rate the flags judge (every beat, whole bpm). A longer
                  recording gets heartRateBpm as a mean robust to ectopic beats, no 12-lead
                  measurements and no flags, and an analysisNotes line saying so. Under
                  POOR_SIGNAL every measurement is null.
  --mains-hz N    mains frequency, 50 or 60: a notch is applied and mains interference is checked
                  at N Hz. When not given, NO notch is applied and the mains check looks at both
                  50 and 60 Hz.

Exit code: 0 when every record was analysed, 1 when any record failed.`;

function parseMains(value: string | undefined): 50 | 60 | null {
  if (value === undefined) return null;
  if (value === '50') return 50;
  if (value === '60') return 60;
  throw new StationError('usage', '--mains-hz must be 50 or 60');
}

function summary(r: AnalysisResult, readNotices: readonly string[]): string {
  const seconds = r.samples / r.fsHz;
  const hr = r.measurements.heartRateBpm === null ? 'n/a' : `${r.measurements.heartRateBpm.toFixed(0)} bpm`;
  const byKind = new Map<string, number>();
  for (const q of r.quality) byKind.set(q.kind, (byKind.get(q.kind) ?? 0) + (q.end - q.start) / r.fsHz);
  const noLeadS = r.quality.filter((q) => q.lead === null).reduce((s, q) => s + (q.end - q.start) / r.fsHz, 0);
  const quality = byKind.size === 0 ? 'no quality issues' : [...byKind].map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(', ');
  return [
    `${r.record}: ${r.leads.length} leads (${r.leads.join(' ')}), ${r.fsHz} Hz, ${seconds.toFixed(1)} s`,
    `  beats ${r.beats.length}, heart rate ${hr}`,
    `  quality: ${quality}; no usable lead ${noLeadS.toFixed(1)} s`,
    ...(r.flags.length > 0 ? [`  flags: ${r.flags.map((f) => f.code).join(', ')}`] : []),
    ...readNotices.map((n) => `  read notice: ${n}`),
    ...(r.analysisNotes ?? []).map((n) => `  analysis note: ${n}`),
  ].join('\n');
}

export const command: Command = {
  name: 'analyze',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json'], valued: ['mains-hz'] });
    if (parsed.positional.length === 0) throw new StationError('usage', 'give at least one REC.hea');
    const json = parsed.options.has('json');
    const mainsHz = parseMains(optionString(parsed, 'mains-hz'));
    let failed = 0;
    for (const arg of parsed.positional) {
      const name = basename(arg).replace(/\.hea$/, '');
      try {
        const record = await readRecord(resolve(io.cwd, arg));
        const { result } = analyzeRecord(record, { mainsHz });
        const readNotices = record.readNotices ?? [];
        if (json) io.stdout(JSON.stringify(readNotices.length > 0 ? { ...result, readNotices } : result));
        else io.stdout(summary(result, readNotices));
      } catch (e) {
        if (!isStationError(e)) throw e;
        failed++;
        if (json) io.stdout(JSON.stringify({ record: name, error: e.message }));
        else io.stderr(`${name}: ${e.message}`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
