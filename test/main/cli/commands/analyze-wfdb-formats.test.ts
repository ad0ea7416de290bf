import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot as repo, runStation as station } from '../../../helpers/stationCli.ts';
import type { WfdbRecord } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord, writeRecord } from '../../../../main/io/wfdb.ts';

// `station analyze` on records stored in the signal formats added to the reader (61, 160, 310, 8),
// written by the encoder from LUDB record 1 (format 16), end to end through the CLI.
const LUDB_1 = join(repo, '../shared/ecg/ludb-dev/1.hea');

/** The record in another format, samples unchanged. */
function inFormat(record: WfdbRecord, name: string, format: number): WfdbRecord {
  return { ...record, name, signals: record.signals.map((s) => ({ ...s, format })) };
}

/**
 * The record at a quarter of its resolution (LUDB's samples reach 1860 and step by up to 374, more
 * than 10 bits or a signed byte hold): same physical signal to within a quantum of 1/4 the gain.
 */
function quartered(record: WfdbRecord, name: string, format: number): WfdbRecord {
  return {
    ...record,
    name,
    signals: record.signals.map((s) => ({ ...s, format, adcGain: s.adcGain / 4, baseline: Math.round(s.baseline / 4), digital: s.digital.map((v) => Math.round(v / 4)) })),
  };
}

type Line = Record<string, unknown> & { record: string; beats: { sample: number }[] };

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'station-wfdb-formats-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('station analyze on the added WFDB formats', () => {
  it('formats 61 and 160 give the original\'s analysis exactly; 310 and 8 of the same quartered samples agree with each other and with the original\'s beats', async () => {
    const original = await readRecord(LUDB_1);
    const paths = [
      await writeRecord(tmp, inFormat(original, 'f61', 61)),
      await writeRecord(tmp, inFormat(original, 'f160', 160)),
      await writeRecord(tmp, quartered(original, 'f310', 310)),
      await writeRecord(tmp, quartered(original, 'f8', 8)),
    ];
    // The reader reads back what was written (the quartered records by their own samples).
    expect((await readRecord(paths[0]!)).signals.map((s) => s.digital)).toEqual(original.signals.map((s) => s.digital));
    const r = await station(['analyze', LUDB_1, ...paths, '--json', '--mains-hz', '50']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [orig, f61, f160, f310, f8] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line) as [Line, Line, Line, Line, Line];
    const withoutName = ({ record: _record, ...rest }: Line) => rest;
    expect(orig.beats.length).toBeGreaterThan(5);
    expect(withoutName(f61)).toEqual(withoutName(orig));
    expect(withoutName(f160)).toEqual(withoutName(orig));
    // Same digital samples through two different decoders (bit-packed vs integrated differences).
    expect(withoutName(f8)).toEqual(withoutName(f310));
    // A quarter of the resolution moves no beat by more than 2 ms (1 sample at 500 Hz).
    expect(f310.beats).toHaveLength(orig.beats.length);
    f310.beats.forEach((b, i) => expect(Math.abs(b.sample - orig.beats[i]!.sample)).toBeLessThanOrEqual(1));
    const hr = (l: Line) => (l.measurements as { heartRateBpm: number }).heartRateBpm;
    expect(Math.abs(hr(f310) - hr(orig))).toBeLessThanOrEqual(1);
  }, 60_000);
});
