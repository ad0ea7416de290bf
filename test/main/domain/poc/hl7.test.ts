import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import HL7 from 'hl7-standard';
import { buildCatalogue } from '../../../../main/domain/poc/catalogue.ts';
import { evaluateResult } from '../../../../main/domain/poc/evaluate.ts';
import { buildOru, hl7Escape, isoToHl7, type OruInput } from '../../../../main/domain/poc/hl7.ts';
import { FormatError } from '../../../../common/errors.ts';

const cat = buildCatalogue();

/** Reference unescape written from HL7 v2.5.1 §2.7.4, independent of the builder. */
function unescape(s: string): string {
  return s.replace(/\\([FSTRE]|X[0-9A-Fa-f]+)\\/g, (_, c: string) => ({ F: '|', S: '^', T: '&', R: '~', E: '\\' } as Record<string, string>)[c] ?? String.fromCharCode(parseInt(c.slice(1), 16)));
}

function input(over: Partial<OruInput> = {}): OruInput {
  return {
    controlId: 'POC000001',
    sentAt: '2026-11-22T16:00:00Z',
    sendingApplication: 'STATION',
    sendingFacility: 'CLINIC1',
    receivingApplication: 'EMR',
    receivingFacility: 'CLINIC1',
    mrnAuthority: 'CLINIC1',
    patient: { mrn: 'MRN123', familyName: "O'Brien", givenName: 'Ann', dob: '1960-02-29', sex: 'F' },
    evaluation: evaluateResult(cat, 'glucose-capillary', '432', 'mg/dL'),
    observedAt: '2026-11-22T15:42:10-05:00',
    status: 'F',
    resultId: '6f1c2a9e-0d3b-4c55-9a57-2b1e8f0c7d11',
    operator: { id: 'op7', familyName: 'Lee', givenName: 'Kim' },
    device: { id: 'SIM-7390-1' },
    lot: { number: 'LOT42', expires: '2027-06' },
    simulated: false,
    ...over,
  };
}

function parse(msg: string): HL7 {
  const h = new HL7(msg);
  h.transform();
  return h;
}

describe('ORU^R01 builder, read back with hl7-standard', () => {
  it('MSH, PID, OBR and OBX carry the right fields', () => {
    const h = parse(buildOru(input()));
    expect(h.get('MSH.9')).toEqual({ 'MSH.9.1': 'ORU', 'MSH.9.2': 'R01', 'MSH.9.3': 'ORU_R01' });
    expect(h.get('MSH.10')).toBe('POC000001');
    expect(h.get('MSH.11')).toBe('P');
    expect(h.get('MSH.12')).toBe('2.5.1');
    expect(h.get('MSH.7')).toBe('20261122160000+0000');
    expect(h.get('PID.3.1')).toBe('MRN123');
    expect(h.get('PID.3.5')).toBe('MR');
    expect(h.get('PID.5.1')).toBe("O'Brien");
    expect(h.get('PID.7')).toBe('19600229');
    expect(h.get('PID.8')).toBe('F');
    expect([h.get('OBR.2.1'), h.get('OBR.2.2'), h.get('OBR.3.1'), h.get('OBR.3.2')]).toEqual(['6f1c2a9e-0d3b-4c55-9a57-2b1e8f0c7d11', 'STATION', '6f1c2a9e-0d3b-4c55-9a57-2b1e8f0c7d11', 'STATION']);
    expect(h.get('OBR.4.1')).toBe('41653-7');
    expect(h.get('OBR.7')).toBe('20261122154210-0500');
    expect(h.get('OBR.25')).toBe('F');
    expect(h.get('OBX.2')).toBe('NM');
    expect(h.get('OBX.3')).toEqual({ 'OBX.3.1': '41653-7', 'OBX.3.2': 'Glucose [Mass/volume] in Capillary blood by Glucometer', 'OBX.3.3': 'LN' });
    expect(h.get('OBX.5')).toBe('432');
    expect(h.get('OBX.6.1')).toBe('mg/dL');
    expect(h.get('OBX.6.3')).toBe('UCUM');
    expect(h.get('OBX.7')).toBe('70-99');
    expect(h.get('OBX.8')).toBe('HH');
    expect(h.get('OBX.11')).toBe('F');
    expect(h.get('OBX.14')).toBe('20261122154210-0500');
    expect([h.get('OBX.16.1'), h.get('OBX.16.2'), h.get('OBX.16.3')]).toEqual(['op7', 'Lee', 'Kim']);
    expect(h.get('OBX.18')).toBe('SIM-7390-1');
    expect(h.getSegments('NTE')).toHaveLength(1);
  });

  it('a correction goes out with status C in OBR-25 and OBX-11, naming the same result in OBR-2/OBR-3', () => {
    const f = parse(buildOru(input()));
    const h = parse(buildOru(input({ status: 'C', controlId: 'POC000002', evaluation: evaluateResult(cat, 'glucose-capillary', '342', 'mg/dL') })));
    expect(h.get('OBX.11')).toBe('C');
    expect(h.get('OBR.25')).toBe('C');
    expect(h.get('OBR.2')).toEqual(f.get('OBR.2'));
    expect(h.get('OBR.3')).toEqual(f.get('OBR.3'));
    expect(h.get('OBR.3.1')).not.toBe('');
  });

  it('OBX-16 is an XCN: a display-only operator name is never split or put in the family name', () => {
    const h = parse(buildOru(input({ operator: { id: 'ma1' } })));
    expect(h.get('OBX.16')).toBe('ma1');
  });

  it('HI goes out as ST, unchanged; coded answers as CWE with the LOINC answer', () => {
    const hi = parse(buildOru(input({ evaluation: evaluateResult(cat, 'glucose-capillary', 'HI', 'mg/dL') })));
    expect([hi.get('OBX.2'), hi.get('OBX.5'), hi.get('OBX.8')]).toEqual(['ST', 'HI', 'HH']);
    const strep = parse(buildOru(input({ evaluation: evaluateResult(cat, 'strep-a-rapid', 'Positive', ''), answerCode: 'LA6576-8' })));
    expect([strep.get('OBX.2'), strep.get('OBX.5.1'), strep.get('OBX.5.2'), strep.get('OBX.6'), strep.get('OBX.8')]).toEqual(['CWE', 'LA6576-8', 'Positive', '', 'A']);
  });

  it('simulated results are marked: MSH-11 T and a SIMULATED note', () => {
    const msg = buildOru(input({ simulated: true }));
    expect(parse(msg).get('MSH.11')).toBe('T');
    expect(msg).toContain('SIMULATED');
  });

  it('property: any names survive escaping of | ^ ~ \\ & and read back identical', () => {
    const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\r\n]/.test(s) && s.trim() !== '');
    fc.assert(fc.property(name, name, name, (family, given, opName) => {
      const h = parse(buildOru(input({ patient: { mrn: 'M|1^2', familyName: family, givenName: given, dob: '2000-01-01', sex: 'U' }, operator: { id: 'o&1', familyName: opName, givenName: given } })));
      expect(unescape(h.get('PID.5.1') as string)).toBe(family);
      expect(unescape(h.get('PID.5.2') as string)).toBe(given);
      expect(unescape(h.get('PID.3.1') as string)).toBe('M|1^2');
      expect(unescape(h.get('OBX.16.1') as string)).toBe('o&1');
      expect(unescape(h.get('OBX.16.2') as string)).toBe(opName);
      expect(unescape(h.get('OBX.16.3') as string)).toBe(given);
      expect(h.getSegments().map((s) => s.type)).toEqual(['MSH', 'PID', 'OBR', 'OBX', 'NTE']);
    }));
  });

  it('escaping and time conversion details', () => {
    expect(hl7Escape('a|b^c~d\\e&f')).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    expect(isoToHl7('2026-01-02T03:04')).toBe('202601020304');
    expect(isoToHl7('2026-01-02T03:04:05.123Z')).toBe('20260102030405+0000');
    expect(() => buildOru(input({ patient: { mrn: '', familyName: 'a', givenName: 'b', dob: '2000-01-01', sex: 'F' } }))).toThrow(/MRN/);
  });

  it('a date or time that does not exist never becomes an HL7 DTM (no PID-7 20001345, no OBX-14 202602302400)', () => {
    expect(isoToHl7('2026-01-02T03:04:05+05:30')).toBe('20260102030405+0530');
    expect(isoToHl7('1960-02-29')).toBe('19600229');
    for (const t of ['2026-02-30T24:00', '2026-02-30', '2000-13-45', '2026-01-02T03:60', '2026-01-02T03:04+15:00']) expect(() => isoToHl7(t), t).toThrow(FormatError);
    expect(() => buildOru(input({ patient: { mrn: 'M1', familyName: 'a', givenName: 'b', dob: '2000-13-45', sex: 'F' } }))).toThrow(FormatError);
    expect(() => buildOru(input({ observedAt: '2026-11-31T07:30' }))).toThrow(FormatError);
  });
});
