import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OneTouchError, OneTouchLineDecoder, decodeLine, encodeCommand, encodeLine, oneTouchChecksum, parseDump, withheldMessage } from '../../../../drivers/protocols/onetouch/protocol.ts';
import { isStationError } from '../../../../common/errors.ts';
import { buildCatalogue } from '../../../../main/domain/poc/catalogue.ts';
import { evaluateResult } from '../../../../main/domain/poc/evaluate.ts';

const text = (b: Uint8Array) => String.fromCharCode(...b);
const dumpLines = (serial = 'SIM-00001') => [
  text(encodeLine(`P 003,"${serial}","MG/DL "`)),
  text(encodeLine('P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00')),
  text(encodeLine('P "SAT","08/03/13","21:00:00   ","C 120 ","N","00", 00')),
  text(encodeLine('P "FRI","08/02/13","07:30:15   ","  600 ","A","03", 00')),
].join('');

function lines(s: string): string[] {
  return new OneTouchLineDecoder().feed(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

describe('OneTouch Ultra protocol', () => {
  it('checksum test vectors from glucometerutils test_otultra2.py', () => {
    expect(oneTouchChecksum('T')).toBe(0x0054);
    expect(oneTouchChecksum('T "SAT","08/03/13","22:12:00   "')).toBe(0x0608);
  });

  it('commands go out as DC1 CR <cmd> CR', () => {
    expect(Array.from(encodeCommand('DMP'))).toEqual([0x11, 0x0d, 0x44, 0x4d, 0x50, 0x0d]);
  });

  it('decodeLine(encodeLine(x)) == x', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 80 }), (p) => {
      expect(decodeLine(text(encodeLine(p)).replace(/\r\n$/, ''))).toBe(p);
    }));
  });

  it('parses a DMP dump: values and unit as sent (the header\'s "MG/DL " without its pad space), control flag, 20yy dates', () => {
    const { readings: r, withheld } = parseDump(lines(dumpLines()));
    expect(withheld).toEqual([]);
    expect(r.map((x) => [x.value, x.unit, x.observedAt, x.control, x.deviceSerial, x.simulated])).toEqual([
      ['093', 'MG/DL', '2013-08-03T22:12:00', false, 'SIM-00001', true],
      ['120', 'MG/DL', '2013-08-03T21:00:00', true, 'SIM-00001', true],
      ['600', 'MG/DL', '2013-08-02T07:30:15', false, 'SIM-00001', true],
    ]);
  });

  it('a meter set to show mmol/L still dumps mg/dL: the unit stays MG/DL, never the display setting MMOL/L', () => {
    const { readings } = parseDump(lines(dumpLines().replace(text(encodeLine('P 003,"SIM-00001","MG/DL "')), text(encodeLine('P 003,"SIM-00001","MMOL/L"')))));
    expect(readings.map((x) => [x.value, x.unit])).toEqual([['093', 'MG/DL'], ['120', 'MG/DL'], ['600', 'MG/DL']]);
    // Downstream (pending list -> result -> HL7 OBX-6) the catalogue reads the device spelling as UCUM mg/dL.
    expect(evaluateResult(buildCatalogue(), 'glucose-capillary', readings[0]!.value, readings[0]!.unit)).toMatchObject({ ucum: 'mg/dL', loinc: '41653-7', value: '093' });
  });

  it('whole dump refused on one bad checksum or a missing record (a re-read can cure those)', () => {
    const good = dumpLines();
    const badSum = good.replace('"B","00", 00 ', '"N","00", 00 ');
    expect(() => parseDump(lines(badSum))).toThrow(expect.objectContaining({ code: 'onetouch-checksum' }));
    const ls = lines(good);
    expect(() => parseDump(ls.slice(0, -1))).toThrow(/announced 3 records, got 2/);
  });

  it('a reading the meter flagged with a parity error is withheld, named, and costs no other reading', () => {
    const dump = lines([
      text(encodeLine('P 003,"SIM-00001","MG/DL "')),
      text(encodeLine('P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00')),
      text(encodeLine('P "SAT","08/03/13","21:00:00   ","  250?","N","00", 00')),
      text(encodeLine('P "FRI","08/02/13","07:30:15   ","  045 ","A","03", 00')),
    ].join(''));
    const d = parseDump(dump);
    // The 45 mg/dL critical reading is delivered; the flagged 250 never appears as a value.
    expect(d.readings.map((r) => r.value)).toEqual(['093', '045']);
    expect(d.withheld).toEqual([{ index: 2, deviceSerial: 'SIM-00001', recordTime: '08/03/13 21:00:00', reason: 'parity' }]);
    expect(withheldMessage(d.withheld[0]!)).toMatch(/reading 2 .*08\/03\/13 21:00:00.*parity/);
    expect(withheldMessage(d.withheld[0]!)).not.toContain('250');
    // A flagged record still counts toward the header's total, and must still be well-formed.
    expect(() => parseDump(dump.slice(0, -1))).toThrow(/announced 3 records, got 2/);
  });

  it('any chunking of the byte stream gives the same lines', () => {
    const bytes = Uint8Array.from(dumpLines(), (c) => c.charCodeAt(0));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }), (cuts) => {
      const d = new OneTouchLineDecoder();
      const out: string[] = [];
      let at = 0;
      let i = 0;
      while (at < bytes.length) {
        const n = cuts[i++ % cuts.length]!;
        out.push(...d.feed(bytes.slice(at, at + n)));
        at += n;
      }
      expect(out).toEqual(lines(dumpLines()));
    }));
  });

  it('random bytes: readings or a StationError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
      try {
        parseDump(new OneTouchLineDecoder().feed(b));
      } catch (e) {
        expect(isStationError(e) && e instanceof OneTouchError).toBe(true);
      }
    }));
  });
});
