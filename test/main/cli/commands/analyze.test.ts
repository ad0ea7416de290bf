import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot as repo, runStation as station } from '../../../helpers/stationCli.ts';
import { readAnnotations, readRecord, writeRecord } from '../../../../main/io/wfdb.ts';
import { scoreRecord } from '../../../../main/ekg/evaluation/ec57.ts';

const KINDS = new Set(['lead-off', 'flatline', 'saturation', 'baseline-wander', 'noise', 'powerline', 'gap']);

describe('station analyze', () => {
  it('--json: one object per record per line in the issue shape; an unreadable record gives {record, error} and exit 1', async () => {
    // /dev/zero as a header: refused as not a regular file (read to the end, it exhausted memory).
    const r = await station(['analyze', '../shared/ecg/mitdb-ds1/101.hea', 'missing/nope.hea', '/dev/zero', '../shared/ecg/ludb-dev/1.hea', '--json', '--mains-hz', '50']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    const [mit, missing, device, ludb] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(device).toEqual({ record: 'zero', error: 'cannot read header zero: not a regular file' });
    // Each unreadable record is also one line on stderr, as without --json (README).
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^nope: .*nope\.hea/), 'zero: cannot read header zero: not a regular file']);
    expect(Object.keys(mit)).toEqual(['record', 'fsHz', 'samples', 'leads', 'beats', 'quality', 'measurements', 'flags', 'filters', 'analysisNotes']);
    expect(mit).toMatchObject({ record: '101', fsHz: 360, samples: 650000, leads: ['MLII', 'V1'] });
    // The notch given is the one applied (101 carries 60 Hz hum; given 50, nothing is second-guessed).
    expect(mit.filters).toEqual({ highPassHz: 0.05, lowPassHz: 150, mainsNotchHz: 50, mainsNotchHeard: false });
    // 30 minutes is past the resting analysis: no flag was evaluated, and the line says so rather
    // than leaving an empty list to read as a normal tracing.
    expect(mit.flags).toEqual([]);
    expect(mit.analysisNotes).toEqual([expect.stringMatching(/^The recording is 1805\.6 s long, longer than the 120 s the resting analysis .* reads: no review flag was evaluated/)]);
    expect(missing).toEqual({ record: 'nope', error: expect.stringContaining('nope.hea') });
    expect(ludb).toMatchObject({ record: '1', fsHz: 500, samples: 5000 });
    // LUDB's per-lead header gains break Einthoven's law while its stored samples keep it: no voltage
    // finding is claimed, the axes are read in the stored units, and the line says why. MIT-BIH has
    // no limb-lead relation to check.
    expect(ludb.analysisNotes).toEqual([
      expect.stringMatching(/^The lead calibration this recording states is inconsistent \(its limb leads disagree by up to \d+\.\d % in mV, but agree in the recording's own units\)/),
    ]);
    expect((ludb.measurements as { axisDeg: { qrs: unknown } }).axisDeg.qrs).toEqual(expect.any(Number));
    expect((ludb.flags as { code: string }[]).map((f) => f.code)).not.toContain('LOW_VOLTAGE');

    const beats = (mit.beats as { sample: number }[]).map((b) => b.sample);
    expect(beats.every((s, i) => i === 0 || s > beats[i - 1]!)).toBe(true);
    for (const q of mit.quality as { lead: string | null; start: number; end: number; kind: string }[]) {
      expect(Object.keys(q)).toEqual(['lead', 'start', 'end', 'kind']);
      expect(KINDS.has(q.kind)).toBe(true);
      expect(q.lead === null || ['MLII', 'V1'].includes(q.lead)).toBe(true);
      expect(q.start).toBeLessThan(q.end);
    }
    // The beats are the record's R peaks (EC57 scoring against the cardiologists' reference).
    const score = scoreRecord(await readAnnotations(join(repo, '../shared/ecg/mitdb-ds1/101.atr')), Int32Array.from(beats), 360);
    expect(score.sePct).toBeGreaterThanOrEqual(99.5);
    expect(score.ppvPct).toBeGreaterThanOrEqual(99.5);
    const hr = (mit.measurements as { heartRateBpm: number }).heartRateBpm;
    // 101: 1865 beats in 30:06 -> ~62 bpm.
    expect(hr).toBeGreaterThan(58);
    expect(hr).toBeLessThan(66);
  });

  it('reads every record of the shared 12-lead sets: CinC 2021 .mat (PTB-XL headers write mv) and a PTB 1000-Hz 15-lead record; the rate shown is the flags\' rate', async () => {
    const { readdir } = await import('node:fs/promises');
    const dir = '../shared/ecg/cinc2021-dev';
    const cinc = (await readdir(join(repo, dir))).filter((f) => f.endsWith('.hea')).map((f) => `${dir}/${f}`);
    expect(cinc.length).toBeGreaterThanOrEqual(20);
    // LUDB 7 and 113: ~59/min by the pipeline's ectopy-robust mean, 60/min over every beat. CinC 2017
    // A01006: too noisy to read (POOR_SIGNAL).
    const files = [...cinc, '../shared/ecg/ludb-dev/7.hea', '../shared/ecg/ludb-dev/113.hea', '../shared/ecg/cinc2017-dev/A01006.hea'];
    const r = await station(['analyze', ...files, '../shared/ecg/ptbdb/s0010_re.hea', '--json']);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(files.length + 1);
    for (const l of lines) expect(l).not.toHaveProperty('error');
    // The rate shown is the rate the rate flags were judged on (it once was another mean, and 58.7/min
    // stood next to no BRADYCARDIA).
    for (const l of lines.slice(0, -1)) {
      const hr = (l.measurements as { heartRateBpm: number | null }).heartRateBpm;
      const codes = (l.flags as { code: string }[]).map((f) => f.code);
      if (hr === null) {
        expect(codes).toContain('POOR_SIGNAL');
        expect(l.measurements).toMatchObject({ rrMeanMs: null, rrMinMs: null, rrMaxMs: null });
        continue;
      }
      expect(codes.includes('BRADYCARDIA') || codes.includes('MARKED_BRADYCARDIA')).toBe(hr < 60);
      expect(codes.includes('TACHYCARDIA') || codes.includes('MARKED_TACHYCARDIA')).toBe(hr > 100);
    }
    expect(r.code).toBe(0);
    expect(lines.find((l) => l.record === 'HR06000')).toMatchObject({ fsHz: 500, samples: 5000 });
    expect(lines.find((l) => l.record === 'A01006')).toMatchObject({ measurements: { heartRateBpm: null, rrMeanMs: null } });
    expect(lines.at(-1)).toMatchObject({ record: 's0010_re', fsHz: 1000, samples: 38400 });
  });

  it('prints a short summary without --json and exits 0 when every record was analysed', async () => {
    const r = await station(['analyze', '../shared/ecg/ludb-dev/1.hea']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1: 12 leads .*500 Hz, 10\.0 s\n {2}beats \d+, heart rate \d+ bpm\n {2}quality: /);
    // LUDB 1 is at 45/min: the flag shows its urgency and text, not only its code.
    expect(r.stdout).toContain('\n  ROUTINE    BRADYCARDIA: Slow heart rate (45 per minute): for provider review.\n');
    expect(r.stdout).toContain('  analysis note: The lead calibration this recording states is inconsistent');
    expect(r.stdout).toContain('\n  filters: 0.05-150 Hz, no mains notch\n');
    expect(r.stdout).not.toContain('SIMULATED');
    // A Georgia record carries a 60 Hz line (7 uV, under the 25 uV reported as powerline in most
    // windows): with the mains frequency not given, it is heard and notched, and the line says so.
    const georgia = await station(['analyze', '../shared/ecg/cinc2021-dev/E07509.hea']);
    expect(georgia.stdout).toContain('\n  filters: 0.05-150 Hz, 60 Hz notch (mains heard in the recording)\n');
  });

  it('reads a record whose header initial value is not its first sample, and says so (CinC 2017 A00066)', async () => {
    const r = await station(['analyze', '../shared/ecg/cinc2017-dev/A00066.hea', '--json']);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({ record: 'A00066', fsHz: 300, samples: 9000 });
    expect(line.readNotices).toEqual([expect.stringContaining("the header's initial value 336 is not the first stored sample -16")]);
    expect((line.beats as unknown[]).length).toBeGreaterThan(25);
  });

  it('refuses a bad --mains-hz as a usage error', async () => {
    const r = await station(['analyze', '../shared/ecg/ludb-dev/1.hea', '--mains-hz', '55']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--mains-hz must be 50 or 60');
  });
});

describe('station analyze: what the human summary must not hide', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
    const ludb = await readRecord(join(repo, '../shared/ecg/ludb-dev/1.hea'));
    // Every lead flat (a 1-count ripple, so not read as lead-off) for the whole 10 s: no heartbeat.
    await writeRecord(dir, { ...ludb, name: 'flat', comments: [], signals: ludb.signals.map((s) => ({ ...s, digital: s.digital.map((_, i) => 50 + ((i * 7) % 3) - 1) })) });
    // The header comment station acquire writes for the SIMULATED cart (main/devices/cart/wfdbExport.ts).
    await writeRecord(dir, { ...ludb, name: 'sim', comments: ['SIMULATED device: not patient data', 'device: SIM-CART serial SIM-0001'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows an immediate flag with its urgency and text, and quality as time of the record, never longer than it', async () => {
    const r = await station(['analyze', join(dir, 'flat.hea')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}IMMEDIATE {2}POOR_SIGNAL: No heartbeat found: every lead is flat for 10 s of the recording\. Check the patient now/);
    // 12 leads and the no-usable-lead stretch, 10 s each, once read "flatline 130.0 s".
    expect(r.stdout).toContain('  quality: flatline 10.0 s of 10.0 s (all leads); no usable lead 10.0 s\n');
    for (const [, s] of r.stdout.matchAll(/(\d+\.\d) s of /g)) expect(Number(s)).toBeLessThanOrEqual(10);
  });

  it('marks a recording from the SIMULATED cart: a first line, and "simulated": true added to the JSON, absent otherwise', async () => {
    const human = await station(['analyze', join(dir, 'sim.hea')]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^SIMULATED recording: not patient data\nsim: 12 leads /);
    const json = await station(['analyze', join(dir, 'sim.hea'), join(repo, '../shared/ecg/ludb-dev/1.hea'), '--json']);
    const [sim, real] = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) as [Record<string, unknown>, Record<string, unknown>];
    // Only added: every other field as it was, in the same order.
    expect(Object.keys(sim)).toEqual([...Object.keys(real), 'simulated']);
    expect(sim.simulated).toBe(true);
    const { simulated: _mark, record: _simName, ...simRest } = sim;
    const { record: _realName, ...realRest } = real;
    expect(simRest).toEqual(realRest);
    expect(real).not.toHaveProperty('simulated');
  });
});
