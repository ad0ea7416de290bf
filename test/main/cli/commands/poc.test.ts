import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import HL7 from 'hl7-standard';
import { runCli } from '../../../../main/cli/main.ts';

const fixtures = fileURLToPath(new URL('../../../fixtures/poc/', import.meta.url));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd: fixtures });
  return { code, out, err };
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
    const bad = await cli('poc', 'import', '--format', 'onetouch', '--file', 'onetouch-sim-bad-checksum.bin', '--json');
    expect(bad.code).toBe(1);
    expect(bad.out).toEqual([]);
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
    writeFileSync(p, JSON.stringify(v));
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
});
