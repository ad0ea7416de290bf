import { execFileSync, spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatAccession, previewAccession } from '../../../../common/labels/accession.ts';
import { WHAT_PRINTS } from '../../../../common/labels/charset.ts';
import { sampleInput } from '../../../common/labels/fixtures.ts';
import { startPrinterSim, type SimProcess } from '../../../drivers/simulators/printer/simProcess.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';
import { openStore } from '../../../../main/storage/store.ts';
import { PrintQueue } from '../../../../main/services/labels/printQueue.ts';

function station(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/station.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STATION_ACCESSION_PREFIX: 'TST' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

const scan = (png: string) => execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Scode128.enable', png], { encoding: 'utf8' }).trim();

describe('station label', () => {
  let dir: string;
  let sim: SimProcess | undefined;
  let pty: PtyPair | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'label-cli-'));
  });
  afterEach(async () => {
    await sim?.stop();
    await pty?.kill();
    sim = pty = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

  it('render without an accession is a preview: ZPL and PNG carry the PREVIEW mark and no barcode at all', async () => {
    const input = write('ok.json', sampleInput());
    const zpl = await station(['label', 'render', '--input', input, '--format', 'zpl', '--dpi', '300']);
    expect(zpl.code).toBe(0);
    expect(zpl.stdout).toMatch(/^\^XA\n/);
    expect(zpl.stdout).toContain('^PW600');
    expect(zpl.stdout).toContain('^FDPREVIEW - NOT A SPECIMEN LABEL^FS');
    expect(zpl.stdout).not.toMatch(/\^B[CX]|TST00000000/);
    const png = join(dir, 'ok.png');
    const r = await station(['label', 'render', '--input', input, '--format', 'png', '--out', png]);
    expect(r.code).toBe(0);
    // zbarimg exits 4 when it finds no symbol: nothing on the preview scans, in any symbology.
    const anything = spawnSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' });
    expect([anything.status, anything.stdout]).toEqual([4, '']);
  });

  it('render with a supplied accession prints its barcode; the PNG scans back to it', async () => {
    const accession = formatAccession('TST', 1234);
    const png = join(dir, 'real.png');
    const r = await station(['label', 'render', '--input', write('real.json', sampleInput({ specimen: { accession } })), '--format', 'png', '--out', png]);
    expect(r.code).toBe(0);
    expect(scan(png)).toBe(accession);
  });

  it('render refuses a collection before the date of birth (as poc hl7 does), a key given twice; reads a leading BOM', async () => {
    const before = await station(['label', 'render', '--input', write('born.json', sampleInput({ patient: { dob: '1948-03-09' }, specimen: { collectedAt: '1940-05-01T09:30:00-05:00' } })), '--format', 'zpl']);
    expect([before.code, before.stdout, before.stderr]).toEqual([1, '', "station label: collection time is before the patient's date of birth\n"]);
    const dup = JSON.stringify(sampleInput()).replace('"dob":"1960-01-02"', '"dob":"1960-01-02","dob":"1961-01-02"');
    const twice = await station(['label', 'render', '--input', write('dup.json', dup), '--format', 'zpl']);
    expect([twice.code, twice.stdout, twice.stderr]).toEqual([1, '', 'station label: the --input file is refused: key patient.dob is given more than once\n']);
    const bom = await station(['label', 'render', '--input', write('bom.json', `\uFEFF${JSON.stringify(sampleInput())}`), '--format', 'zpl']);
    expect([bom.code, bom.stderr]).toEqual([0, '']);
    // A Latin-1 file (0xE9 for 'e' acute) is not UTF-8: refused, never printed with a replacement character.
    const latin1Path = join(dir, 'latin1.json');
    writeFileSync(latin1Path, Buffer.from(JSON.stringify(sampleInput({ patient: { familyName: 'Rene' } })).replace('"Rene"', '"Ren\u00e9"'), 'latin1'));
    const latin1 = await station(['label', 'render', '--input', latin1Path, '--format', 'zpl']);
    expect([latin1.code, latin1.stdout, latin1.stderr]).toEqual([1, '', 'station label: cannot read the --input file latin1.json: it is not UTF-8 text\n']);
  });

  it('render to an --out it cannot write: exit 1, one typed line, no internal error', async () => {
    const input = write('out.json', sampleInput());
    const cases: Array<[string, string, RegExp]> = [
      ['zpl', join(dir, 'no-such-folder', 'x.zpl'), /^station label: cannot write the --out file x\.zpl: the folder for the output file does not exist\n$/],
      ['zpl', dir, /^station label: cannot write the --out file label-cli-\w+: the output path is a folder, not a file\n$/],
      ['png', join(dir, 'no-such-folder', 'x.png'), /^station label: cannot write the --out file x\.png: the folder for the output file does not exist\n$/],
    ];
    for (const [format, out, message] of cases) {
      const r = await station(['label', 'render', '--input', input, '--format', format, '--out', out]);
      expect([format, out, r.code, r.stdout]).toEqual([format, out, 1, '']);
      expect(r.stderr).toMatch(message);
    }
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{patient:', /not valid JSON/],
    ['schema violation', { patient: { familyName: 'Doe' } }, /invalid label input at patient\.givenName/],
    ['date not ISO 8601', sampleInput({ specimen: { collectedAt: '22/11/2026 09:30' } }), /invalid label input at specimen\.collectedAt/],
    ['missing DOB', sampleInput({ patient: { dob: '' } }), /date of birth is missing/],
    ['missing MRN', { ...sampleInput(), patient: { familyName: 'Doe', givenName: 'Jane', dob: '1960-01-02' } }, /MRN is missing/],
    ['collection in the future', sampleInput({ specimen: { collectedAt: '2099-01-01T00:00:00Z' } }), /collection time is in the future/],
    ['collection before the date of birth', sampleInput({ patient: { dob: '1948-03-09' }, specimen: { collectedAt: '1940-05-01T09:30:00-05:00' } }), /collection time is before the patient's date of birth/],
    ['a key given twice', JSON.stringify(sampleInput()).replace('"mrn":"1234567"', '"mrn":"1234567","mrn":"7654321"'), /key patient\.mrn is given more than once/],
    ['unknown specimen type', sampleInput({ specimen: { type: 'tears' } }), /unknown specimen type/],
    ['unsupported characters', sampleInput({ patient: { givenName: 'Имя' } }), /cannot print/],
    // The Labels screen's words (one source, common/labels/charset.ts): which letters print, exactly.
    [
      'an accented letter beyond Western European ones',
      sampleInput({ patient: { familyName: 'Nguyễn' } }),
      new RegExp(`cannot print some characters of the patient's family name: ${WHAT_PRINTS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. No label can be printed`),
    ],
  ];
  it.each(invalid)('print refuses %s: exit 1, one line, nothing sent to the printer', async (_what, value, message) => {
    sim ??= await startPrinterSim(['--port', 'tcp:0']);
    const input = write('bad.json', value);
    const r = await station(['label', 'print', '--input', input, '--printer', sim.address, '--data-dir', join(dir, 'data-bad')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/Doe|Jane|1234567/);
    expect(sim.lines.filter((l) => l.startsWith('label '))).toEqual([]);
    // Nothing issued either: a refused label uses up no accession number.
    expect(existsSync(join(dir, 'data-bad', 'station.sqlite'))).toBe(false);
  });

  it('print over TCP to the simulator: the saved PNG scans back to the issued accession', async () => {
    const out = join(dir, 'sim-tcp');
    sim = await startPrinterSim(['--port', 'tcp:0', '--out', out]);
    const input = write('long.json', sampleInput({ patient: { familyName: 'Abercrombie-Fitzgerald', givenName: 'Maximiliane Charlotte Louise' } }));
    const r = await station(['label', 'print', '--input', input, '--printer', sim.address, '--data-dir', join(dir, 'data'), '--simulated']);
    // The first print sets the station database up, and says its accession numbers start again
    // (a mistyped --data-dir would otherwise repeat numbers already on tubes, silently).
    expect(r.stderr).toBe(`station label: set up a new station database at ${join(dir, 'data')}: its accession numbers start again; if this is not the station's usual data dir, stop and print from that one\n`);
    expect(r.code).toBe(0);
    const accession = /^printed (TST\d{8}.) /.exec(r.stdout)![1]!;
    const line = await sim.waitForLine(/^label 1 printed /);
    const png = line.slice('label 1 printed '.length);
    expect(scan(png)).toBe(accession);
    expect(readFileSync(join(out, 'label-0001.zpl'), 'utf8')).toContain('SIMULATED');
  });

  it('print over a socat pty pair to the simulator', async () => {
    pty = await createPtyPair();
    const out = join(dir, 'sim-pty');
    sim = await startPrinterSim(['--port', pty.a, '--out', out]);
    const input = write('pty.json', sampleInput());
    const r = await station(['label', 'print', '--input', input, '--printer', `serial:${pty.b}`, '--data-dir', join(dir, 'data')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const accession = /^printed (TST\d{8}.) /.exec(r.stdout)![1]!;
    const line = await sim.waitForLine(/^label 1 printed /);
    expect(scan(line.slice('label 1 printed '.length))).toBe(accession);
  });

  it('print to a printer that stays paper-out gives up with a one-line reason and leaves the job queued', async () => {
    sim = await startPrinterSim(['--port', 'tcp:0', '--state', 'paper-out']);
    const input = write('wait.json', sampleInput());
    const r = await station(['label', 'print', '--input', input, '--printer', sim.address, '--data-dir', join(dir, 'data'), '--timeout-ms', '1500']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/still queued, printer not ready \(paper-out,paused\)/);
  });

  it('print refuses a reused --job-id for another patient or printer: exit 1, nothing printed; the same label resumes', async () => {
    sim = await startPrinterSim(['--port', 'tcp:0']);
    const data = join(dir, 'data-conflict');
    const jane = write('jane.json', sampleInput());
    const other = write('other.json', sampleInput({ patient: { familyName: 'Roe', givenName: 'Richard', mrn: '7654321' } }));
    const print = (input: string, printer: string) => station(['label', 'print', '--input', input, '--printer', printer, '--data-dir', data, '--job-id', 'J1']);
    const first = await print(jane, sim.address);
    expect(first.code).toBe(0);
    const accession = /^printed (TST\d{8}.) \(job J1\)/.exec(first.stdout)![1]!;
    for (const [input, printer] of [
      [other, sim.address],
      [other, 'usb:0a5f:0001'],
      [jane, 'usb:0a5f:0001'],
    ] as const) {
      const r = await print(input, printer);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/job id was already used for a different label or printer: nothing printed/);
    }
    const again = await print(jane, sim.address);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`printed ${accession} (job J1)\n`);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.lines.filter((l) => l.startsWith('label '))).toHaveLength(1);
  });

  it('paper-out, run again, printer ready, run again with the job id: the specimen gets exactly one label and one accession; --another-tube labels a second tube', async () => {
    const out = join(dir, 'sim-rerun');
    sim = await startPrinterSim(['--port', 'tcp:0', '--out', out, '--state', 'paper-out']);
    const data = join(dir, 'data-rerun');
    const jane = write('rerun.json', sampleInput());
    const run = (input: string, timeoutMs: number, ...extra: string[]) => station(['label', 'print', '--input', input, '--printer', sim!.address, '--data-dir', data, '--timeout-ms', String(timeoutMs), ...extra]);
    const first = await run(jane, 1500);
    expect(first.code).toBe(1);
    const jobId = /job (\S+) still queued, printer not ready \(paper-out,paused\)/.exec(first.stderr)![1]!;
    expect(first.stderr).toContain(`--job-id ${jobId}`);
    // Another patient's label waits behind it and is told the printer's real state, not "no reply".
    const other = await run(write('rerun-other.json', sampleInput({ patient: { familyName: 'Roe', givenName: 'Richard', mrn: '7654321' } })), 1500);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/still queued, printer not ready \(paper-out,paused\)/);
    expect(other.stderr).not.toContain(jobId);
    // The same label again: a re-run, or a second tube drawn in the same minute? The command asks.
    const second = await run(jane, 1500);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`an identical label is already waiting for this printer as job ${jobId}: run again with --job-id ${jobId}`);
    expect(second.stderr).toContain('nothing was queued');
    // A second tube, said so: its own job and number.
    const tube2 = await run(jane, 1500, '--another-tube');
    expect(tube2.code).toBe(1);
    const tube2Job = /job (\S+) still queued/.exec(tube2.stderr)![1]!;
    expect(tube2Job).not.toBe(jobId);

    sim.control('ready');
    await sim.waitForLine(/^state ready/);
    const third = await run(jane, 15_000, '--job-id', jobId);
    expect(third.code).toBe(0);
    const accession = /^printed (TST\d{8}.) \(job (\S+)\)/.exec(third.stdout)!;
    expect(accession[2]).toBe(jobId);
    // The second tube's job prints when a run waits for it.
    expect((await run(jane, 15_000, '--job-id', tube2Job)).code).toBe(0);
    await sim.waitForLine(/^label 3 printed/);
    await new Promise((r) => setTimeout(r, 300));
    // Three labels left the printer: Jane's first tube (once), the other patient's, Jane's second tube.
    const zpls = readdirSync(out).filter((f) => f.endsWith('.zpl')).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(zpls).toHaveLength(3);
    expect(zpls.filter((z) => z.includes('DOE')).filter((z) => z.includes(accession[1]!))).toHaveLength(1);
    expect(zpls.filter((z) => z.includes('DOE'))).toHaveLength(2);
  });

  it('print refuses the preview accession (sequence 0): exit 1, nothing printed, nothing stored', async () => {
    sim = await startPrinterSim(['--port', 'tcp:0']);
    const input = write('preview.json', sampleInput({ specimen: { accession: previewAccession('TST') } }));
    const r = await station(['label', 'print', '--input', input, '--printer', sim.address, '--data-dir', join(dir, 'data-preview')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/sequence 0 is the preview number and is never printed/);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.lines.filter((l) => l.startsWith('label '))).toEqual([]);
    expect(existsSync(join(dir, 'data-preview', 'station.sqlite'))).toBe(false);
  });

  describe('the issue synopsis (--out optional, --json, ISO 8601 dates)', () => {

    it('render --format png without --out writes the PNG bytes to stdout when it is a pipe: the same bytes as --out', async () => {
      const accession = formatAccession('TST', 77);
      const input = write('png.json', sampleInput({ specimen: { accession } }));
      const piped = await stationBytes(['label', 'render', '--input', input, '--format', 'png', '--dpi', '300']);
      expect([piped.code, piped.stderr]).toEqual([0, '']);
      expect(piped.stdout.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const file = join(dir, 'png.png');
      expect((await stationBytes(['label', 'render', '--input', input, '--format', 'png', '--dpi', '300', '--out', file])).code).toBe(0);
      expect(piped.stdout.equals(readFileSync(file))).toBe(true);
      writeFileSync(join(dir, 'piped.png'), piped.stdout);
      expect(scan(join(dir, 'piped.png'))).toBe(accession);
    });

    it('render --format png without --out onto a terminal is refused in one line (exit 2), nothing rendered', async () => {
      pty = await createPtyPair();
      const terminal = openSync(pty.b, 'r+');
      try {
        const r = await stationBytes(['label', 'render', '--input', write('tty.json', sampleInput()), '--format', 'png'], { stdout: terminal });
        expect([r.code, r.stderr]).toEqual([2, 'station label: --format png writes binary PNG bytes: give --out FILE, or send stdout to a file or a pipe (it is a terminal)\n']);
      } finally {
        closeSync(terminal);
      }
    });

    it('a collectedAt without offset is the computer local time: accepted, the label prints the same wall-clock time in any zone', async () => {
      const input = write('local.json', sampleInput({ specimen: { collectedAt: '2026-11-22T09:30:00' } }));
      for (const TZ of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
        const r = await stationBytes(['label', 'render', '--input', input, '--format', 'zpl'], { env: { TZ } });
        expect([r.code, r.stderr], TZ).toEqual([0, '']);
        expect(r.stdout.toString()).toContain('^FDColl 2026-11-22 09:30  By JS^FS');
      }
      const bad = await stationBytes(['label', 'render', '--input', write('bad-time.json', sampleInput({ specimen: { collectedAt: '2026-11-31T09:30:00' } })), '--format', 'zpl']);
      expect([bad.code, bad.stdout.toString(), bad.stderr]).toEqual([1, '', 'station label: invalid label input at specimen.collectedAt: not a real ISO 8601 date and time\n']);
    });

    it('print --json: one JSON line with the accession, job id and state; an accession printed before is refused without promising a reprint the command line has not', async () => {
      sim = await startPrinterSim(['--port', 'tcp:0']);
      const data = join(dir, 'data-json');
      const r = await stationBytes(['label', 'print', '--input', write('json.json', sampleInput()), '--printer', sim.address, '--data-dir', data, '--job-id', 'JSON1', '--json']);
      expect(r.code).toBe(0);
      const lines = r.stdout.toString().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('');
      const printed = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(printed).toEqual({ accession: expect.stringMatching(/^TST\d{8}.$/), jobId: 'JSON1', state: 'printed' });
      // The same accession, supplied, a second time: one line on stderr, nothing on stdout.
      const again = await stationBytes(['label', 'print', '--input', write('json-again.json', sampleInput({ specimen: { accession: printed['accession'] as string } })), '--printer', sim.address, '--data-dir', data, '--json']);
      expect([again.code, again.stdout.toString()]).toEqual([1, '']);
      expect(again.stderr).toBe(
        "station label: a label with this accession was already queued: the command line never prints one twice and cannot reprint (a label printed from the station's Labels screen is reprinted there, with a reason)\n",
      );
    });

    it('a job that may not have printed names a way out the command line has (a new label), not a reprint with a reason', async () => {
      sim = await startPrinterSim(['--port', 'tcp:0', '--state', 'paper-out']);
      const data = join(dir, 'data-uncertain');
      const input = write('uncertain.json', sampleInput());
      const run = () => stationBytes(['label', 'print', '--input', input, '--printer', sim!.address, '--data-dir', data, '--job-id', 'U1', '--timeout-ms', '1000', '--json']);
      expect((await run()).code).toBe(1);
      // A worker stopped mid-send (a crash) leaves the job 'sending'; the next start marks it uncertain.
      const store = openStore({ dataDir: data });
      try {
        expect(new PrintQueue(store).claim('U1')).toBe(true);
      } finally {
        store.close();
      }
      const r = await run();
      expect([r.code, r.stdout.toString()]).toEqual([1, '']);
      expect(r.stderr).toBe(
        'station label: job U1 may not have printed (interrupted): look at the printer and the tube; if no label came out, print a new label with a new accession number (station label print without --job-id or specimen.accession): the command line cannot reprint\n',
      );
    });
  });
});

/** `station ARGS` with stdout kept as bytes (a PNG), `stdout` given as a pipe by default, `env` added. */
function stationBytes(args: readonly string[], options: { stdout?: 'pipe' | number; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
  const child = spawn(process.execPath, ['bin/station.mjs', ...args], { stdio, env: { ...process.env, STATION_ACCESSION_PREFIX: 'TST', ...options.env } });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.once('close', (code) => r({ code, stdout: Buffer.concat(chunks), stderr })));
}

/** The 8 bytes every PNG file starts with (PNG spec, 5.2). */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

