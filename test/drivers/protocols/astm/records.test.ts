import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { astmTimestampToIso, delimitersFromHeader, escapeText, parseMessage, unescapeText } from '../../../../drivers/protocols/astm/records.ts';
import { AstmError } from '../../../../drivers/protocols/astm/errors.ts';
import { contourRecords } from './helpers.ts';

describe('ASTM E1394 records', () => {
  it('reads delimiters from the H record: field, repeat, component, escape', () => {
    expect(delimitersFromHeader('H|\\^&')).toEqual({ field: '|', repeat: '\\', component: '^', escape: '&' });
    expect(delimitersFromHeader('H;~:%')).toEqual({ field: ';', repeat: '~', component: ':', escape: '%' });
    expect(() => delimitersFromHeader('H||^&')).toThrow(AstmError);
    expect(() => delimitersFromHeader('P|1')).toThrow(AstmError);
  });

  it('parses a Contour message: test code, value and units as sent, serial from H-5, time from R-9', () => {
    const m = parseMessage(contourRecords([{ value: '93', ts: '201909221304' }, { value: 'HI', ts: '201909221310', flags: '>' }]));
    expect(m.sender[2]).toBe('7390-2336773');
    expect(m.terminationCode).toBe('N');
    expect(m.results.map((r) => [r.testCode, r.value, r.units, r.completedAt, r.abnormalFlags])).toEqual([
      ['Glucose', '93', 'mg/dL', '201909221304', ''],
      ['Glucose', 'HI', 'mg/dL', '201909221310', '>'],
    ]);
  });

  it('the same message with other delimiters parses identically (delimiters are not assumed)', () => {
    const a = parseMessage(contourRecords([{ value: '93', ts: '201909221304' }]));
    const b = parseMessage(contourRecords([{ value: '93', ts: '201909221304' }], '7390-2336773', ';~:%'));
    expect(b.results).toEqual(a.results);
    expect(b.sender[2]).toBe(a.sender[2]);
  });

  it('escape sequences round-trip for any text', () => {
    const d = delimitersFromHeader('H|\\^&');
    fc.assert(fc.property(fc.string(), (s) => {
      expect(unescapeText(escapeText(s, d), d)).toBe(s);
    }));
    expect(unescapeText('a&F&b&S&c&R&d&E&e', d)).toBe('a|b^c\\d&e');
  });

  it('refuses records out of order, a missing L, a result without test code', () => {
    const recs = contourRecords([{ value: '93', ts: '201909221304' }]);
    expect(() => parseMessage(recs.slice(0, -1))).toThrow(/no L terminator/);
    expect(() => parseMessage([recs[0]!, 'R|1|^^^Glucose|93', 'L|1'])).toThrow(/not allowed after H/);
    expect(() => parseMessage([recs[0]!, 'P|1', 'R|1||93', 'L|1'])).toThrow(/without a test code/);
    expect(() => parseMessage([...recs, 'P|2'])).toThrow(/after the L terminator/);
  });

  it('timestamps become ISO local time; impossible dates are refused', () => {
    expect(astmTimestampToIso('201909221304')).toBe('2019-09-22T13:04:00');
    expect(astmTimestampToIso('20190922130405')).toBe('2019-09-22T13:04:05');
    expect(() => astmTimestampToIso('201902301304')).toThrow(AstmError);
    expect(() => astmTimestampToIso('2019092213')).toThrow(AstmError);
  });

  it('random record lists: a message or an AstmError', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 6 }), (recs) => {
      try {
        parseMessage(recs);
      } catch (e) {
        expect(e).toBeInstanceOf(AstmError);
      }
    }));
  });
});
