import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBeatCode, toPhysical, WfdbChecksumError, type Annotation } from '../../../main/ekg/wfdb/index.ts';
import { readAnnotations, readRecord, WfdbFileError, writeAnnotations, writeRecord } from '../../../main/io/wfdb.ts';

const ECG = join(import.meta.dirname, '../../../../shared/ecg');

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wfdb-io-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('readRecord on PhysioNet files', () => {
  it('reads MIT-BIH 101 (format 212, CRLF header) with checksums verified', async () => {
    const r = await readRecord(join(ECG, 'mitdb-ds1/101.hea'));
    expect(r).toMatchObject({ name: '101', fsHz: 360, samples: 650000 });
    expect(r.signals.map((s) => s.name)).toEqual(['MLII', 'V1']);
    expect(r.signals[0]!.digital[0]).toBe(955);
    // (955 - 1024) / 200 mV
    expect(toPhysical(r.signals[0]!)[0]).toBeCloseTo(-0.345, 5);
  });

  it('reads every record of the shared databases; only CinC 2017 first-value disagreements and the uncalibrated noise records carry a notice', async () => {
    const noticed: string[] = [];
    let read = 0;
    for (const db of ['mitdb-ds1', 'noise', 'ludb-dev', 'cinc2021-dev', 'cinc2017-dev', 'ptbdb']) {
      for (const f of readdirSync(join(ECG, db)).filter((n) => n.endsWith('.hea'))) {
        const r = await readRecord(join(ECG, db, f));
        expect(r.signals.every((s) => s.digital.length === r.samples)).toBe(true);
        if (r.readNotices !== undefined) noticed.push(`${db}/${f}`);
        read++;
      }
    }
    expect(read).toBeGreaterThanOrEqual(238);
    // The MIT-BIH noise records give gain 0 (uncalibrated, as WFDB says): the noise stress test
    // scales them by their own RMS, so only the notice, not their use, depends on it.
    expect(noticed).toEqual(['noise/bw.hea', 'noise/ma.hea', ...['A00066', 'A00117', 'A00150', 'A00159', 'A00186', 'A00189', 'A00192', 'A00225'].map((r) => `cinc2017-dev/${r}.hea`)]);
  });

  it('reads a CinC 2017 record whose first sample disagrees with its header as stored, with a notice', async () => {
    const r = await readRecord(join(ECG, 'cinc2017-dev/A00066.hea'));
    expect(r.signals[0]!.digital.slice(0, 3)).toEqual(Int32Array.of(-16, 3, 24));
    expect(r.readNotices).toEqual([
      "signal 1 (ECG): the header's initial value 336 is not the first stored sample -16; the file's MATLAB header gives the samples' type and count; samples read as stored",
    ]);
  });

  it('reads a .mat record whose .hea gives fewer samples than its MATLAB header as the .hea says, with a notice', async () => {
    // WFDB allows data after the last sample the header counts, but the .mat file says how much it holds.
    await copyFile(join(ECG, 'cinc2017-dev/A00003.mat'), join(tmp, 'A00003.mat'));
    const hea = await readFile(join(ECG, 'cinc2017-dev/A00003.hea'), 'latin1');
    await writeFile(join(tmp, 'A00003.hea'), hea.replace('A00003 1 300 18000 ', 'A00003 1 300 9000 '), 'latin1');
    const r = await readRecord(join(tmp, 'A00003.hea'));
    expect(r.samples).toBe(9000);
    expect(r.readNotices).toEqual([
      "signal file A00003.mat: its MATLAB header says 1 x 18000 (samples per frame x frames), the WFDB header 1 x 9000; read as the WFDB header says",
    ]);
    // The unedited record agrees with its .mat header: no notice.
    expect((await readRecord(join(ECG, 'cinc2017-dev/A00003.hea'))).readNotices).toBeUndefined();
  });

  it('refuses a corrupted copy of an MIT-BIH record with the checksum error', async () => {
    const bytes = await readFile(join(ECG, 'mitdb-ds1/101.dat'));
    bytes[300_000] = bytes[300_000]! ^ 0x01;
    await writeFile(join(tmp, '101.dat'), bytes);
    await copyFile(join(ECG, 'mitdb-ds1/101.hea'), join(tmp, '101.hea'));
    await expect(readRecord(join(tmp, '101.hea'))).rejects.toThrow(WfdbChecksumError);
  });

  it('reads 12-lead .mat (16x1+24), 1000 Hz PTB with two signal files', async () => {
    const c = await readRecord(join(ECG, 'cinc2021-dev/E07500.hea'));
    expect(c).toMatchObject({ fsHz: 500, samples: 5000 });
    expect(c.signals).toHaveLength(12);
    expect(c.comments).toContain('Dx: 67741000119109,426177001');
    const p = await readRecord(join(ECG, 'ptbdb/s0010_re.hea'));
    expect(p.signals.map((s) => s.name).slice(12)).toEqual(['vx', 'vy', 'vz']);
  });

  it('names a missing file with the typed I/O error', async () => {
    await expect(readRecord(join(tmp, 'nope.hea'))).rejects.toThrow(WfdbFileError);
  });
});

describe('readAnnotations on PhysioNet files', () => {
  it('reads the 101.atr reference beats (1865 beats, MIT-BIH directory) and rhythm aux strings', async () => {
    const anns = await readAnnotations(join(ECG, 'mitdb-ds1/101.atr'));
    expect(anns.filter((a) => isBeatCode(a.code))).toHaveLength(1865);
    expect(anns[0]).toMatchObject({ symbol: '+', aux: '(N' });
    expect(anns.every((a, i) => i === 0 || a.sample >= anns[i - 1]!.sample)).toBe(true);
  });

  it('reads LUDB per-lead wave annotations as ( peak ) triplets', async () => {
    const anns = await readAnnotations(join(ECG, 'ludb-dev/1.ii'));
    expect(new Set(anns.map((a) => a.symbol))).toEqual(new Set(['(', ')', 'p', 'N', 't']));
  });
});

describe('write -> read round trip on disk', () => {
  it('writes a record and its annotations that read back identical', async () => {
    const src = await readRecord(join(ECG, 'ludb-dev/1.hea'));
    const copy = { ...src, name: 'copy1' };
    const headerPath = await writeRecord(tmp, copy);
    expect(await readRecord(headerPath)).toEqual(copy);
    const anns: Annotation[] = await readAnnotations(join(ECG, 'mitdb-ds1/101.atr'));
    await writeAnnotations(join(tmp, 'copy1.atr'), anns);
    expect(await readAnnotations(join(tmp, 'copy1.atr'))).toEqual(anns);
  });

  it('writes LUDB record 1 in formats 61 and 160, and two leads of it a quarter as fine in 310 and 311 (3001 frames: 6002 samples, a partial last group), that read back identical', async () => {
    const src = await readRecord(join(ECG, 'ludb-dev/1.hea'));
    for (const format of [61, 160]) {
      const copy = { ...src, name: `f${format}`, signals: src.signals.map((s) => ({ ...s, format })) };
      expect(await readRecord(await writeRecord(tmp, copy))).toEqual(copy);
    }
    const frames = 3001;
    for (const format of [310, 311]) {
      const signals = src.signals.slice(0, 2).map((s) => ({ ...s, format, adcResolutionBits: 10, digital: s.digital.slice(0, frames).map((v) => Math.round(v / 4)) }));
      const copy = { ...src, name: `f${format}`, samples: frames, signals };
      const headerPath = await writeRecord(tmp, copy);
      // 2000 groups of 4 bytes, then two leftover samples written as 4 bytes (WFDB's f310/f311).
      expect((await readFile(join(tmp, `f${format}.dat`))).length).toBe(8004);
      expect(await readRecord(headerPath)).toEqual(copy);
    }
  });
});
