import { basename, resolve } from 'node:path';
import { isStationError, StationError } from '../../../common/errors.ts';
import { isSimulatedRecord } from '../../devices/cart/wfdbExport.ts';
import { analyzeRecord, type AnalysisResult } from '../../ekg/analyze.ts';
import type { QualityInterval } from '../../ekg/quality/index.ts';
import { readRecord } from '../../io/wfdb.ts';
import { optionString, parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

const usage = `Usage: station analyze REC.hea [REC2.hea ...] [--json] [--mains-hz 50|60]

Runs the EKG pipeline (filters, signal quality, R-peak detection, heart rate) on WFDB records
(.hea + .dat/.mat) and prints one result per record: leads, rate, beats; per quality problem the
time of the record it covers in any lead and how many leads have it; every review flag on its own
line with its urgency (IMMEDIATE, PROMPT, ROUTINE) and text. A record from the SIMULATED cart
(its header says "SIMULATED device: not patient data", as station acquire writes it) starts with
the line "SIMULATED recording: not patient data".

Options:
  --json          one JSON object per record per line:
                  {record, fsHz, samples, leads, beats:[{sample}], quality:[{lead,start,end,kind}],
                   measurements:{heartRateBpm, ...}, flags:[...],
                   filters:{highPassHz, lowPassHz, mainsNotchHz, mainsNotchHeard}}
                  a record that cannot be read gives {record, error} on its line (and
                  its one line on stderr, as without --json). A record
                  from the SIMULATED cart also has "simulated": true (absent otherwise). A first
                  sample that differs from the header's initial value is read as stored, with
                  readNotices: [text, ...], only when a matching checksum or the .mat file's
                  own MATLAB header vouches for the samples; otherwise the record is refused.
                  A .mat holding more samples than the .hea says is read as the .hea says,
                  with a readNotices line. A sample beyond +-1 V is read as missing (a gap).
                  A signal whose header gives no gain (0 or none: WFDB's uncalibrated) is read
                  at WFDB's default gain with a readNotices line, and no amplitude finding
                  (axes, low voltage) is read from the recording (an analysisNotes line).
                  A header without a sampling frequency is read at WFDB's default 250 Hz,
                  with a readNotices line.
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
                  at N Hz. When not given, the mains check looks at both 50 and 60 Hz, and a
                  notch is applied at the one whose line the recording carries (even hum too
                  small to see moves the QRS boundaries); "filters" says which.

Exit code: 0 when every record was analysed, 1 when any record failed.`;

function parseMains(value: string | undefined): 50 | 60 | null {
  if (value === undefined) return null;
  if (value === '50') return 50;
  if (value === '60') return 60;
  throw new StationError('usage', '--mains-hz must be 50 or 60');
}

/** Samples covered by at least one of the intervals: leads with the same problem at once count once. */
function coveredSamples(intervals: readonly QualityInterval[]): number {
  let covered = 0;
  let reached = -Infinity;
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    covered += Math.max(0, end - Math.max(start, reached));
    reached = Math.max(reached, end);
  }
  return covered;
}

/**
 * One quality problem in words: the time of the record it covers in any lead, and in how many
 * leads. Summing the leads' stretches instead once said "flatline 130.0 s" of a 10-s record.
 */
function qualityPhrase(kind: string, intervals: readonly QualityInterval[], r: AnalysisResult): string {
  const leads = new Set(intervals.map((q) => q.lead));
  const where = leads.has(null) ? 'all leads' : `${leads.size} lead${leads.size === 1 ? '' : 's'}`;
  return `${kind} ${(coveredSamples(intervals) / r.fsHz).toFixed(1)} s of ${(r.samples / r.fsHz).toFixed(1)} s (${where})`;
}

function summary(r: AnalysisResult, readNotices: readonly string[], simulated: boolean): string {
  const seconds = r.samples / r.fsHz;
  const hr = r.measurements.heartRateBpm === null ? 'n/a' : `${r.measurements.heartRateBpm.toFixed(0)} bpm`;
  const byKind = new Map<string, QualityInterval[]>();
  for (const q of r.quality) {
    const same = byKind.get(q.kind);
    if (same) same.push(q);
    else byKind.set(q.kind, [q]);
  }
  const noLeadS = coveredSamples(r.quality.filter((q) => q.lead === null)) / r.fsHz;
  const quality = byKind.size === 0 ? 'no quality issues' : [...byKind].map(([k, qs]) => qualityPhrase(k, qs, r)).join(', ');
  const f = r.filters;
  const notch = f.mainsNotchHz === null ? 'no mains notch' : `${f.mainsNotchHz} Hz notch${f.mainsNotchHeard ? ' (mains heard in the recording)' : ''}`;
  return [
    ...(simulated ? ['SIMULATED recording: not patient data'] : []),
    `${r.record}: ${r.leads.length} leads (${r.leads.join(' ')}), ${r.fsHz} Hz, ${seconds.toFixed(1)} s`,
    `  beats ${r.beats.length}, heart rate ${hr}`,
    `  quality: ${quality}; no usable lead ${noLeadS.toFixed(1)} s`,
    // Below 90 Hz no standard low-pass fits under 0.45 fs: none is applied.
    `  filters: ${f.lowPassHz === null ? `${f.highPassHz} Hz high-pass, no low-pass` : `${f.highPassHz}-${f.lowPassHz} Hz`}, ${notch}`,
    // Urgency and text, not just the code: an immediate "check the patient now" must be seen.
    ...r.flags.map((f) => `  ${f.urgency.toUpperCase().padEnd(9)}  ${f.code}: ${f.text}`),
    ...readNotices.map((n) => `  read notice: ${n}`),
    ...(r.analysisNotes ?? []).map((n) => `  analysis note: ${n}`),
  ].join('\n');
}

export const command: Command = {
  name: 'analyze',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json'], valued: ['mains-hz'], positional: Number.POSITIVE_INFINITY });
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
        const simulated = isSimulatedRecord(record);
        // Fields are only ever added after the result's own: other tools read these lines.
        if (json) io.stdout(JSON.stringify({ ...result, ...(readNotices.length > 0 ? { readNotices } : {}), ...(simulated ? { simulated: true } : {}) }));
        else io.stdout(summary(result, readNotices, simulated));
      } catch (e) {
        if (!isStationError(e)) throw e;
        failed++;
        // One line on stderr either way (README: errors are one line on stderr); with --json the
        // record's own line carries it too, so a reader of stdout alone sees which record failed.
        if (json) io.stdout(JSON.stringify({ record: name, error: e.message }));
        io.stderr(`${name}: ${e.message}`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
