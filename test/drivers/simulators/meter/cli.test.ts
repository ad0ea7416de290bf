import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../../main/cli/main.ts';
import { stopChild } from '../../../helpers/child.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';

const bin = fileURLToPath(new URL('../../../../bin/station.mjs', import.meta.url));

let pty: PtyPair | undefined;
let sim: ChildProcess | undefined;
afterEach(async () => {
  await stopChild(sim);
  sim = undefined;
  await pty?.kill();
  pty = undefined;
});

/** Starts `station simulate meter` as a real process on pty end a and waits for its banner. */
async function startSim(protocol: string, fault: string): Promise<void> {
  pty = await createPtyPair();
  sim = spawn(process.execPath, [bin, 'simulate', 'meter', '--protocol', protocol, '--port', pty.a, '--fault', fault], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    sim!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('SIMULATED')) resolve();
    });
    sim!.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
}

async function importFrom(protocol: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['poc', 'import', '--format', protocol, '--port', pty!.b, '--json', '--timeout-ms', '2000'], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd: process.cwd() });
  return { code, rows: out.map((l) => JSON.parse(l) as { value: string; unit: string; simulated: boolean }), err };
}

describe('station simulate meter + station poc import --port over a real pty', () => {
  it('astm: all five SIMULATED results', async () => {
    await startSim('astm', 'none');
    const r = await importFrom('astm');
    expect(r.code).toBe(0);
    expect(r.rows.map((x) => x.value)).toEqual(['93', '45', 'HI', '118', '7.2']);
    expect(r.rows.every((x) => x.simulated)).toBe(true);
  }, 30_000);

  it('astm with a NAK storm between frames: every result printed, the noise said in one line, exit 0 (nothing was lost)', async () => {
    await startSim('astm', 'nak-storm');
    const r = await importFrom('astm');
    expect(r.rows.map((x) => x.value)).toEqual(['93', '45', 'HI', '118', '7.2']);
    expect(r.err).toEqual([expect.stringMatching(/^station poc import: line noise \(astm-noise\): \d+ byte\(s\) outside any frame, between frames: no message was lost to them; check the cable/)]);
    expect(r.code).toBe(0);
  }, 30_000);

  it('astm with a frame always corrupted: nothing imported, exit 1', async () => {
    await startSim('astm', 'bad-checksum');
    const r = await importFrom('astm');
    expect(r.code).toBe(1);
    expect(r.rows).toEqual([]);
    expect(r.err.join('\n')).toMatch(/rejected/);
  }, 30_000);

  it('onetouch: the dump, values as sent', async () => {
    await startSim('onetouch', 'none');
    const r = await importFrom('onetouch');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.rows.map((x) => x.value)).toEqual(['093', '045', '132', '118']);
    // The unit as the meter's dump header sends it ("MG/DL ", without the pad space of its fixed-width field).
    expect(r.rows.map((x) => x.unit)).toEqual(['MG/DL', 'MG/DL', 'MG/DL', 'MG/DL']);
  }, 30_000);
});
