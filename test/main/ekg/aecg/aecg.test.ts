import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AecgFormatError, decodeAecg, encodeAecg, leadMv, type AecgDocument, type AecgFlag, type AecgReview } from '../../../../main/ekg/aecg/aecg.ts';
import { FLAG_CODES } from '../../../../main/domain/ekg-flags/flags.ts';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

const subjectArb = fc.option(
  fc.record({
    mrn: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/),
    familyName: fc.string({ minLength: 1, maxLength: 30 }),
    givenName: fc.string({ minLength: 1, maxLength: 30 }),
    birthDate: fc.date({ min: new Date('1880-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const, 'unknown' as const),
  }),
  { nil: null },
);

// `+ 0` turns -0 into 0: a decimal "0" has no sign to carry.
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);

/** Free text as people and the analysis write it: XML's special characters, line breaks, any script. */
const textArb = fc.string({
  unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '\t', '\n', '\r', '\r\n', ']]>', '&amp;', ' '), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  maxLength: 30,
});
/** An HL7 TS, with or without milliseconds. */
const tsArb = fc
  .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.boolean())
  .map(([d, ms]) => d.toISOString().replace(/[-:TZ]/g, '').slice(0, ms ? 18 : 14));
const reviewArb: fc.Arbitrary<AecgReview> = fc.oneof(
  fc.constant({ status: 'unconfirmed' as const }),
  fc.record({
    status: fc.constantFrom('confirmed' as const, 'over-read' as const),
    reviewerName: textArb,
    reviewerRole: textArb,
    time: tsArb,
    comment: fc.option(textArb, { nil: null }),
  }),
);
const flagArb: fc.Arbitrary<AecgFlag> = fc.record({
  code: fc.constantFrom(...FLAG_CODES),
  text: textArb,
  urgency: fc.constantFrom('routine' as const, 'prompt' as const, 'immediate' as const),
  value: fc.oneof(fc.constant(null), finite(-1e6, 1e6), textArb),
});

const docArb: fc.Arbitrary<AecgDocument> = fc
  .record({
    id: fc.string({ maxLength: 20 }),
    subject: subjectArb,
    simulated: fc.boolean(),
    fsHz: fc.constantFrom(250, 300, 360, 500, 1000),
    n: fc.integer({ min: 1, max: 40 }),
    leadCount: fc.integer({ min: 1, max: 12 }),
    seed: fc.array(fc.integer({ min: -2147483648, max: 2147483647 }), { minLength: 40 * 12, maxLength: 40 * 12 }),
    unit: fc.constantFrom('mV' as const, 'uV' as const),
    // Any positive double: the writer must carry a lead's scale exactly, not to 12 digits.
    scale: fc.double({ min: 1e-12, max: 1e4, noNaN: true }),
    origin: finite(-1e4, 1e4),
    measurements: fc.array(
      fc.record({
        code: fc.constantFrom('MDC_ECG_TIME_PD_PR', 'MDC_ECG_HEART_RATE', 'MDC_ECG_TIME_PD_QTc'),
        value: fc.option(finite(-2000, 2000), { nil: null }),
        unit: fc.constantFrom('ms' as const, 'bpm' as const, 'deg' as const),
        methodCode: fc.option(fc.constantFrom('MDC_ECG_TIME_PD_QTcB', 'MDC_ECG_TIME_PD_QTcF'), { nil: null }),
      }),
      { maxLength: 8 },
    ),
    review: reviewArb,
    flags: fc.array(flagArb, { maxLength: 5 }),
    device: fc.option(fc.record({ model: textArb, serial: fc.option(textArb, { nil: null }) }), { nil: null }),
    operator: fc.option(fc.record({ id: textArb, name: textArb }), { nil: null }),
  })
  .map((r) => ({
    id: r.id,
    effectiveTime: '20261122091500.125',
    subject: r.subject,
    simulated: r.simulated,
    fsHz: r.fsHz,
    leads: LEADS.slice(0, r.leadCount).map((name, k) => ({ name, unit: r.unit, origin: r.origin, scale: r.scale, digits: Int32Array.from(r.seed.slice(k * 40, k * 40 + r.n)) })),
    measurements: r.measurements,
    review: r.review,
    flags: r.flags,
    device: r.device,
    operator: r.operator,
  }));

describe('HL7 aECG codec', () => {
  it('writes the lead codes, the sample increment, the patient and the QTc formula where aECG readers look', () => {
    const xml = encodeAecg({
      id: 'st1.ekg.7',
      effectiveTime: '20261122091500.125',
      subject: { mrn: 'MRN-0042', familyName: 'Doe & Sons', givenName: 'Jane', birthDate: '1961-04-30', sex: 'female' },
      simulated: false,
      fsHz: 500,
      leads: [{ name: 'aVF', unit: 'mV', origin: 0, scale: 1 / 1716, digits: Int32Array.of(-3, 0, 5) }],
      measurements: [{ code: 'MDC_ECG_TIME_PD_QTc', value: 431, unit: 'ms', methodCode: 'MDC_ECG_TIME_PD_QTcF' }],
      review: { status: 'unconfirmed' },
      flags: [],
      device: null,
      operator: null,
    });
    expect(xml).toContain('<code code="MDC_ECG_LEAD_aVF" codeSystem="2.16.840.1.113883.6.24"/>');
    expect(xml).toContain('<increment value="0.002" unit="s"/>');
    expect(xml).toContain('<trialSubject><id extension="MRN-0042"/>');
    expect(xml).toContain('<name><family>Doe &amp; Sons</family><given>Jane</given></name>');
    expect(xml).toContain('<administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="19610430"/>');
    expect(xml).toContain('<methodCode code="MDC_ECG_TIME_PD_QTcF"');
    // The scale is written to the last bit (shortest round-trip decimal), not to 12 digits.
    expect(xml).toContain(`<scale value="${String(1 / 1716)}" unit="mV"/>`);
  });

  it('reads a cart lead in uV as mV samples', () => {
    const lead = { name: 'II', unit: 'uV' as const, origin: 10, scale: 4.88, digits: Int32Array.of(0, 100, -100) };
    expect(Array.from(leadMv(lead))).toEqual([Math.fround(0.01), Math.fround(0.498), Math.fround(-0.478)]);
  });

  it('decode(encode(x)) == x for any document', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        expect(decodeAecg(encodeAecg(d))).toEqual(d);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects garbage and damaged files with AecgFormatError only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          decodeAecg(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AecgFormatError);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(docArb, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 5 }), (d, at, len, junk) => {
        const xml = encodeAecg(d);
        const p = at % xml.length;
        const damaged = xml.slice(0, p) + junk + xml.slice(p + len);
        try {
          decodeAecg(damaged);
        } catch (e) {
          expect(e).toBeInstanceOf(AecgFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
