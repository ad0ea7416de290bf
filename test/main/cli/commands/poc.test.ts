import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import HL7 from 'hl7-standard';
import { runCli } from '../../../../main/cli/main.ts';
import { encodeLine } from '../../../../drivers/protocols/onetouch/protocol.ts';
import { captureOf } from '../../../drivers/protocols/astm/helpers.ts';
import { runStation } from '../../../helpers/cartSim.ts';

const fixtures = fileURLToPath(new URL('../../../fixtures/poc/', import.meta.url));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd: fixtures });
  return { code, out, err };
}


/** A OneTouch dump of these lines, each framed as the meter sends it, written to a new temp file. */
function oneTouchDumpFile(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'poc-ot-')), 'dump.txt');
  writeFileSync(file, Buffer.concat(lines.map((l) => Buffer.from(encodeLine(l)))));
  return file;
}
describe('station poc import --file', () => {
  it('ASTM capture: one JSON line per result with the fields the issue names', async () => {
    const r = await cli('poc', 'import', '--format', 'astm', '--file', 'astm-sim-session.bin', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const rows = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatchObject({ test: 'Glucose', value: 'HI', unit: 'mg/dL', observedAt: '2026-11-22T08:14:00', deviceSerial: 'SIM-ASTM-0001', simulated: true });
    expect(rows[4]).toMatchObject({ test: 'HbA1c', value: '7.2', unit: '%' });
  });

  it('a capture containing a retransmitted frame (bad checksum then good) is refused: nothing emitted, exit 1', async () => {
    const r = await cli('poc', 'import', '--format', 'astm', '--file', 'astm-sim-flaky-checksum.bin', '--json');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/message rejected/);
  });

  it('OneTouch capture: values exactly as sent; a bad line rejects the dump', async () => {
    const ok = await cli('poc', 'import', '--format', 'onetouch', '--file', 'onetouch-sim-session.bin', '--json');
    expect(ok.code).toBe(0);
    expect(ok.out.map((l) => (JSON.parse(l) as { value: string }).value)).toEqual(['093', '045', '132', '118']);
    // The unit as the meter sent it in the dump header ("MG/DL ", its pad space is framing), not a normalised "mg/dL".
    expect(ok.out.map((l) => (JSON.parse(l) as { unit: string }).unit)).toEqual(['MG/DL', 'MG/DL', 'MG/DL', 'MG/DL']);
    const bad = await cli('poc', 'import', '--format', 'onetouch', '--file', 'onetouch-sim-bad-checksum.bin', '--json');
    expect(bad.code).toBe(1);
    expect(bad.out).toEqual([]);
  });

  it('OneTouch: a reading stored with a parity flag is withheld with its own error; the others (a critical 45 included) are printed', async () => {
    const file = oneTouchDumpFile([
      'P 003,"SIM-00001","MG/DL "',
      'P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00',
      'P "SAT","08/03/13","21:00:00   ","  250?","N","00", 00',
      'P "FRI","08/02/13","07:30:15   ","  045 ","A","03", 00',
    ]);
    const r = await cli('poc', 'import', '--format', 'onetouch', '--file', file, '--json');
    expect(r.code).toBe(1);
    expect(r.out.map((l) => (JSON.parse(l) as { value: string }).value)).toEqual(['093', '045']);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/reading 2 .*withheld.*parity/);
  });

  it('ASTM: line noise with no frame is reported (exit 1), a clean ENQ/EOT is an empty download (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    writeFileSync(join(dir, 'garbage.bin'), Uint8Array.from({ length: 1024 }, (_, i) => i % 256));
    writeFileSync(join(dir, 'empty.bin'), Uint8Array.of(0x05, 0x04));
    const noise = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, 'garbage.bin'));
    expect(noise.code).toBe(1);
    expect(noise.out).toEqual([]);
    expect(noise.err.join('\n')).toMatch(/astm-noise.*outside any frame/);
    const empty = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, 'empty.bin'));
    expect([empty.code, empty.out, empty.err]).toEqual([0, [], []]);
  });

  it('ASTM: an empty capture is no transmission (exit 1, one typed line), as it is for OneTouch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));
    const r = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, 'empty.bin'), '--json');
    expect([r.code, r.out]).toEqual([1, []]);
    expect(r.err).toEqual([expect.stringMatching(/^station poc import: no transmission \(astm-empty\): the capture holds no transmission/)]);
  });

  it('ASTM: a result whose value carries a control character, or has none, is refused (exit 1), never printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    const records = (value: string) => ['H|\\^&||SIMULATED|METER^1.00^SIM-ASTM-0001^|A=1^U=mg/dL|1|||||||1|202611220800', 'P|1', `R|1|^^^Glucose|${value}|mg/dL||||F||||20261122080000|SIM-ASTM-0001`, 'L|1|N'];
    for (const [name, value] of [['bel.bin', '09\x073'], ['blank.bin', '']] as const) {
      writeFileSync(join(dir, name), captureOf(records(value)));
      const r = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, name), '--json');
      expect([name, r.code, r.out]).toEqual([name, 1, []]);
      expect(r.err).toEqual([expect.stringMatching(/^station poc import: message rejected \(astm-record\): result record 1 (contains a control character|has no value)/)]);
    }
  });

  it('ASTM: a capture of random bytes (the station process, as staff run it): every problem in one stderr line, counted; exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    let x = 12345;
    const bytes = Uint8Array.from({ length: 4096 }, () => (x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) >>> 24);
    writeFileSync(join(dir, 'garbage.bin'), bytes);
    const r = await runStation(['poc', 'import', '--format', 'astm', '--file', join(dir, 'garbage.bin')]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^station poc import: \d+ problems: \d+ message\(s\) rejected \([a-z0-9, x-]+\): .*; line noise \(astm-noise\): \d+ byte\(s\) outside any frame/);
  }, 30_000);

  it('ASTM: noise between frames that cost nothing is one stderr line and exit 0; every result is printed', async () => {
    // The session capture with the NAK-storm garbage (NAK, ACK, 0xFF) of `simulate meter --fault nak-storm` after every frame.
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    const clean = readFileSync(join(fixtures, 'astm-sim-session.bin'));
    const storm = Buffer.from(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0x15 : i % 3 === 1 ? 0x06 : 0xff)));
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < clean.length; i++) {
      if (clean[i] === 0x0a) {
        parts.push(clean.subarray(from, i + 1), storm);
        from = i + 1;
      }
    }
    parts.push(clean.subarray(from));
    writeFileSync(join(dir, 'storm.bin'), Buffer.concat(parts));
    const r = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, 'storm.bin'), '--json');
    expect(r.out.map((l) => (JSON.parse(l) as { value: string }).value)).toEqual(['93', '45', 'HI', '118', '7.2']);
    expect(r.err).toEqual([expect.stringMatching(/^station poc import: line noise \(astm-noise\): \d+ byte\(s\) outside any frame, between frames: no message was lost to them/)]);
    expect(r.code).toBe(0);
  });

  it('ASTM: a broken message and harmless noise in one capture: one line counting both, exit 1 (the broken message is withheld)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poc-astm-'));
    const records = (value: string, t: string) => ['H|\\^&||SIMULATED|METER^1.00^SIM-ASTM-0001^|A=1^U=mg/dL|1|||||||1|202611220800', 'P|1', `R|1|^^^Glucose|${value}|mg/dL||||F||||${t}|SIM-ASTM-0001`, 'L|1|N'];
    writeFileSync(join(dir, 'mixed.bin'), Buffer.concat([Buffer.from(captureOf(records('93', '20261122080000'))), Buffer.of(0xff, 0xfe), Buffer.from(captureOf(records('', '20261122081000')))]));
    const r = await cli('poc', 'import', '--format', 'astm', '--file', join(dir, 'mixed.bin'), '--json');
    expect([r.code, r.out.map((l) => (JSON.parse(l) as { value: string }).value)]).toEqual([1, ['93']]);
    expect(r.err).toEqual(['station poc import: 2 problems: 1 message(s) rejected (astm-record): result record 1 has no value (R-4); line noise (astm-noise): 2 byte(s) outside any frame, between frames: no message was lost to them; check the cable, baud rate (9600 8N1) and protocol']);
  });

  it('OneTouch: several readings withheld are one stderr line naming each (never a value); exit 1', async () => {
    const file = oneTouchDumpFile([
      'P 003,"SIM-00001","MG/DL "',
      'P "SAT","08/03/13","22:12:00   ","  093?","B","00", 00',
      'P "SAT","08/03/13","21:00:00   ","  250?","N","00", 00',
      'P "FRI","08/02/13","07:30:15   ","  045 ","A","03", 00',
    ]);
    const r = await cli('poc', 'import', '--format', 'onetouch', '--file', file, '--json');
    expect([r.code, r.out.map((l) => (JSON.parse(l) as { value: string }).value)]).toEqual([1, ['045']]);
    expect(r.err).toEqual(['station poc import: 2 readings withheld: the meter flagged a parity error in their stored values: reading 1 (meter SIM-00001, 08/03/13 22:12:00), reading 2 (meter SIM-00001, 08/03/13 21:00:00)']);
  });

  it('usage errors', async () => {
    expect((await cli('poc', 'import', '--format', 'xml', '--file', 'a')).code).toBe(2);
    expect((await cli('poc', 'import', '--format', 'astm')).code).toBe(2);
  });
});

describe('station poc hl7', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poc-hl7-'));
  const base = {
    patient: { mrn: 'MRN-1', familyName: 'Doe', givenName: 'Jane', dob: '1970-05-01', sex: 'F' },
    test: 'glucose-capillary',
    value: '432',
    unit: 'mg/dL',
    observedAt: '2026-11-22T08:14:00-05:00',
    operator: { id: 'ma1', name: 'Kim Lee' },
    device: { id: 'SIM-ASTM-0001' },
    lot: { number: 'L77', expires: '2027-03' },
  };
  const write = (name: string, v: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
    return p;
  };

  it('prints an ORU^R01 that an independent parser reads back', async () => {
    const r = await cli('poc', 'hl7', '--input', write('a.json', base));
    expect(r.code).toBe(0);
    const h = new HL7(r.out.join('\r'));
    h.transform();
    expect(h.get('PID.3.1')).toBe('MRN-1');
    expect(h.get('OBX.3.1')).toBe('41653-7');
    expect(h.get('OBX.5')).toBe('432');
    expect(h.get('OBX.8')).toBe('HH');
    expect(h.get('OBX.18')).toBe('SIM-ASTM-0001');
    expect(h.get('MSH.11')).toBe('T');
  });

  it('refuses a key given twice (JSON.parse would export the last value), naming the key, never a value', async () => {
    const text = JSON.stringify(base).replace('"value":"432"', '"value":"432","value":"45"');
    const r = await cli('poc', 'hl7', '--input', write('dup.json', text));
    expect([r.code, r.out]).toEqual([1, []]);
    expect(r.err).toEqual(['station poc: cannot read dup.json as JSON: key value is given more than once']);
    const nested = await cli('poc', 'hl7', '--input', write('dup2.json', JSON.stringify(base).replace('"dob":"1970-05-01"', '"dob":"1970-05-01","dob":"1971-05-01"')));
    expect([nested.code, nested.err]).toEqual([1, ['station poc: cannot read dup2.json as JSON: key patient.dob is given more than once']]);
  });

  it('reads a file that starts with a UTF-8 byte-order mark (Windows editors write one)', async () => {
    const r = await cli('poc', 'hl7', '--input', write('bom.json', `\uFEFF${JSON.stringify(base)}`));
    expect([r.code, r.err]).toEqual([0, []]);
  });

  it('refuses an expired lot and a wrong unit without echoing patient data', async () => {
    const expired = await cli('poc', 'hl7', '--input', write('b.json', { ...base, lot: { number: 'L1', expires: '2026-10-31' } }));
    expect(expired.code).toBe(1);
    expect(expired.err[0]).toMatch(/expired/);
    const unit = await cli('poc', 'hl7', '--input', write('c.json', { ...base, unit: 'g/L' }));
    expect(unit.code).toBe(1);
    const bad = await cli('poc', 'hl7', '--input', write('d.json', { ...base, patient: { ...base.patient, dob: 'yesterday' } }));
    expect(bad.code).toBe(1);
    expect(bad.err.join('')).not.toContain('yesterday');
  });

  it('applies the service\'s time rules: no future observation, none before the date of birth', async () => {
    const future = await cli('poc', 'hl7', '--input', write('f.json', { ...base, observedAt: '2030-01-01T08:00:00', lot: { number: 'L1', expires: '2031-01' } }));
    expect([future.code, future.out]).toEqual([1, []]);
    expect(future.err.join('')).toMatch(/poc-future-time|future/);
    const unborn = await cli('poc', 'hl7', '--input', write('g.json', { ...base, patient: { ...base.patient, dob: '2099-01-01' } }));
    expect([unborn.code, unborn.out]).toEqual([1, []]);
    expect(unborn.err.join('')).toMatch(/date of birth/);
    const beforeBirth = await cli('poc', 'hl7', '--input', write('h.json', { ...base, patient: { ...base.patient, dob: '2026-11-23' } }));
    expect([beforeBirth.code, beforeBirth.out]).toEqual([1, []]);
  });

  it('refuses a date of birth, observation time or lot expiry that does not exist (never exported as PID-7 20001345)', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['dob.json', { ...base, patient: { ...base.patient, dob: '2000-13-45' } }, 'patient.dob'],
      ['dob2.json', { ...base, patient: { ...base.patient, dob: '1970-02-29' } }, 'patient.dob'],
      ['obs.json', { ...base, observedAt: '2026-02-30T24:00' }, 'observedAt'],
      ['obs2.json', { ...base, observedAt: '2026-11-21T24:00' }, 'observedAt'],
      ['lot.json', { ...base, lot: { number: 'L77', expires: '2027-02-30' } }, 'lot.expires'],
    ];
    for (const [name, v, field] of cases) {
      const r = await cli('poc', 'hl7', '--input', write(name, v));
      expect([name, r.code, r.out]).toEqual([name, 1, []]);
      expect(r.err.join('')).toContain(field);
    }
  });

  it('OBR-2/OBR-3 name the result the same way in the F message and its C correction; OBX-16 is a proper XCN', async () => {
    const read = async (name: string, v: unknown) => {
      const r = await cli('poc', 'hl7', '--input', write(name, v));
      expect(r.code).toBe(0);
      const h = new HL7(r.out.join('\r'));
      h.transform();
      return h;
    };
    const f = await read('i.json', base);
    const c = await read('j.json', { ...base, value: '342', status: 'C' });
    expect(f.get('OBR.3.1')).not.toBe('');
    expect([c.get('OBR.2'), c.get('OBR.3')]).toEqual([f.get('OBR.2'), f.get('OBR.3')]);
    expect(f.get('OBX.16')).toBe('ma1');
    const named = await read('k.json', { ...base, operator: { id: 'ma1', name: 'Kim Lee', familyName: 'Lee', givenName: 'Kim' } });
    expect([named.get('OBX.16.1'), named.get('OBX.16.2'), named.get('OBX.16.3')]).toEqual(['ma1', 'Lee', 'Kim']);
  });
});
