import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccession } from '../../../common/labels/accession.ts';
import { LabelError, type LabelErrorReason } from '../../../common/labels/errors.ts';
import { buildLabel, parseLabelInput } from '../../../common/labels/label.ts';
import { NOW_MS, sampleInput } from './fixtures.ts';

const ACC = formatAccession('ST', 42);
const opts = { accession: ACC, nowMs: NOW_MS, simulated: false, dpi: 203 as const, dataMatrix: false };

/** The LabelError `f` throws (null when it throws none; any other error is rethrown). */
function labelErrorOf(f: () => unknown): LabelError | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof LabelError) return e;
    throw e;
  }
}

const reasonOf = (f: () => unknown): LabelErrorReason | 'none' => labelErrorOf(f)?.reason ?? 'none';

describe('label validation before printing', () => {
  it('accepts a complete request and formats the collection time as written', () => {
    const { content } = buildLabel(sampleInput(), opts);
    expect(content.collectedText).toBe('2026-11-22 09:30');
    expect(content.specimenText).toBe('Venous bld SST gold');
    expect(buildLabel(sampleInput({ specimen: { type: 'urine', container: 'urine-cup' } }), opts).content.specimenText).toBe('Urine cup');
  });

  it.each<[string, () => unknown, LabelErrorReason]>([
    ['missing DOB', () => buildLabel(sampleInput({ patient: { dob: '' } }), opts), 'missing-dob'],
    ['missing MRN', () => buildLabel(sampleInput({ patient: { mrn: ' ' } }), opts), 'missing-mrn'],
    ['collection in the future', () => buildLabel(sampleInput({ specimen: { collectedAt: '2026-11-22T16:10:00Z' } }), opts), 'collected-in-future'],
    ['collection before the date of birth', () => buildLabel(sampleInput({ patient: { dob: '1948-03-09' }, specimen: { collectedAt: '1940-05-01T09:30:00-05:00' } }), opts), 'collected-before-birth'],
    ['collection the day before the date of birth', () => buildLabel(sampleInput({ patient: { dob: '2026-11-22' }, specimen: { collectedAt: '2026-11-21T23:59:00-05:00' } }), opts), 'collected-before-birth'],
    ['unknown specimen type', () => buildLabel(sampleInput({ specimen: { type: 'blood-arterial' } }), opts), 'unknown-specimen-type'],
    ['unknown container', () => buildLabel(sampleInput({ specimen: { container: 'jar' } }), opts), 'unknown-container'],
    ['container not used for the type', () => buildLabel(sampleInput({ specimen: { type: 'urine' } }), opts), 'container-mismatch'],
    ['unsupported characters', () => buildLabel(sampleInput({ patient: { givenName: '太郎' } }), opts), 'unsupported-character'],
    ['too many tests for one line', () => buildLabel(sampleInput({ specimen: { tests: ['CMP', 'LIPID', 'TSH', 'HBA1C', 'CBC', 'FERRITIN'] } }), opts), 'too-many-tests'],
    ['bad accession check character', () => buildLabel(sampleInput(), { ...opts, accession: ACC.slice(0, -1) + (ACC.endsWith('A') ? 'B' : 'A') }), 'bad-accession'],
  ])('refuses %s with a typed error', (_what, f, reason) => {
    expect(reasonOf(f)).toBe(reason);
  });

  it('a collection on the day of birth itself is accepted (the day as written, as for a POC result)', () => {
    expect(buildLabel(sampleInput({ patient: { dob: '2026-11-22' }, specimen: { collectedAt: '2026-11-22T00:05:00+14:00' } }), opts).content.collectedText).toBe('2026-11-22 00:05');
  });

  it('error messages never carry the patient data they refuse', () => {
    try {
      buildLabel(sampleInput({ patient: { familyName: 'Wolfeschlegelsteinhausenbergerdorff', givenName: 'Ütz' } }), opts);
    } catch (e) {
      expect((e as Error).message).not.toMatch(/wolfe|ütz/i);
    }
  });

  it('a 59-letter family name prints: cut with a visible marker, the MRN and date of birth in full', () => {
    const familyName = 'Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Smyth';
    const mrn = 'MRN00912345';
    for (const dpi of [203, 300] as const) {
      const { layout, zpl } = buildLabel(sampleInput({ patient: { familyName, givenName: 'Maximilian', mrn, dob: '1948-03-09' } }), { ...opts, dpi, simulated: true });
      expect(layout.nameTruncated).toBe(true);
      const name = layout.elements.find((e) => e.kind === 'text' && e.role === 'name');
      expect(name).toMatchObject({ text: expect.stringMatching(/^WOLFESCHLEGELSTEINHAUSENBERGER[A-Z]*\.\.\., M\.$/) });
      // What the preview draws is what the printer gets.
      expect(zpl).toContain(`^FD${(name as { text: string }).text}^FS`);
      expect(zpl).toContain(`^FDDOB 1948-03-09  MRN ${mrn}^FS`);
    }
  });

  it.each([
    ['Chinese family name', { familyName: '王', givenName: 'Wei' }, 'family name'],
    ['Japanese given name', { familyName: 'Yamada', givenName: '太郎' }, 'given name'],
    ['Korean name', { familyName: '김', givenName: '민준' }, 'family and given names'],
    ['Cyrillic name', { familyName: 'Иванова', givenName: 'Anna' }, 'family name'],
    ['Vietnamese name (accented letters outside Latin-1 in both names)', { familyName: 'Nguyễn', givenName: 'Thị' }, 'family and given names'],
    ['Hebrew name', { familyName: 'כהן', givenName: 'דוד' }, 'family and given names'],
  ])('a %s is refused in plain words with the next step, never printed as boxes or a blank', (_what, patient, field) => {
    const error = labelErrorOf(() => buildLabel(sampleInput({ patient }), opts));
    expect(error).toMatchObject({ code: 'label-unsupported-character' });
    const message = error!.message;
    expect(message).toContain(`The label printer cannot print some characters of the patient's ${field}`);
    expect(message).toContain('No label can be printed for this patient. Label the tube by hand');
    expect(message).not.toMatch(/Latin-1|label-/);
    // Says exactly what prints, without contradicting an accented name it refuses ("accented ones too").
    expect(message).toContain('it prints only the letters A to Z, the accented letters of Western European languages (such as é, ñ, ü, ç, ø, ß), digits and common punctuation');
    expect(message).not.toMatch(/accented ones too/);
    // Names the field, never the patient's own letters (only fixed examples of what does not print).
    const fixedText = message.replace('Vietnamese ễ', '');
    for (const ch of `${patient.familyName}${patient.givenName}`) if (/[^\x20-\x7e]/.test(ch)) expect(fixedText).not.toContain(ch);
  });

  it('a name refused for a hidden control or text-direction character says so, not "accented letters / other alphabets" (a tester looked for accents in LEE)', () => {
    for (const patient of [{ familyName: 'Lee\u202E' }, { givenName: 'Ann\u200B' }, { familyName: 'Lee\u0007' }]) {
      const error = labelErrorOf(() => buildLabel(sampleInput({ patient }), opts));
      expect(error).toMatchObject({ code: 'label-unsupported-character' });
      const message = error!.message;
      expect(message).toContain('holds a hidden control or text-direction character');
      expect(message).not.toMatch(/accented|alphabets/);
      expect(message).toContain('No label can be printed for this patient.');
    }
  });

  it('a name typed with a combining accent is the Latin-1 letter: printed, not refused', () => {
    const { zpl } = buildLabel(sampleInput({ patient: { givenName: 'Zoe\u0308' } }), opts);
    expect(zpl).toContain('DOE, Zo_C3_AB');
  });

  it('prints typographic punctuation in a name as the ASCII mark it stands for (a pasted D’Angelo blocked every label of the patient)', () => {
    expect(buildLabel(sampleInput({ patient: { familyName: 'D\u2019Angelo\u2013Li', givenName: 'Ann\u2010Marie' } }), opts).zpl).toContain("^FDD'ANGELO-LI, Ann-Marie^FS");
    const quoted = buildLabel(sampleInput({ patient: { familyName: 'O\u02BCNeil', givenName: '\u201CJo\u201D' } }), opts);
    expect(quoted.content).toMatchObject({ familyName: "O'Neil", givenName: '"Jo"' });
    // Only punctuation: a letter outside Latin-1 is still refused, not replaced.
    expect(() => buildLabel(sampleInput({ patient: { familyName: 'D\u2019Ångelø\u0142' } }), opts)).toThrow(expect.objectContaining({ code: 'label-unsupported-character' }));
  });

  it('accepts Latin-1 names and ZPL control characters in names without breaking the format', () => {
    const { zpl } = buildLabel(sampleInput({ patient: { familyName: "O'Brien-Müller", givenName: 'Zoë ^XZ~JR' } }), opts);
    expect(zpl).toContain("O'BRIEN-M_C3_9CLLER, Zo_C3_AB _5EXZ_7EJR");
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });

  it('property: any JSON value is either a valid input or a LabelError, never another throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          const input = parseLabelInput(v);
          buildLabel(input, opts);
        } catch (e) {
          expect(e).toBeInstanceOf(LabelError);
        }
      }),
    );
  });

  it('property: mutated valid requests are accepted or refused with a LabelError', () => {
    const text = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, text, fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (family, given, mrn, collector, tests) => {
        try {
          buildLabel(parseLabelInput(sampleInput({ patient: { familyName: family, givenName: given, mrn }, specimen: { collector, tests } })), opts);
        } catch (e) {
          expect(e).toBeInstanceOf(LabelError);
        }
      }),
    );
  });
});

describe('label dates are ISO 8601, read as station poc hl7 reads them (common/calendar.ts)', () => {
  /** Runs f with the station computer's zone set to `zone` (Node reads TZ again when it is assigned). */
  function inZone<T>(zone: string, f: () => T): T {
    const before = process.env['TZ'];
    process.env['TZ'] = zone;
    try {
      return f();
    } finally {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    }
  }
  const messageOf = (f: () => unknown): string => labelErrorOf(f)?.message ?? 'accepted';

  it('a collection time without offset is the computer local time: printed as written, compared with now in that zone', () => {
    for (const collectedAt of ['2026-11-22T09:30:00', '2026-11-22T09:30', '2026-11-22T09:30:00.250']) {
      const input = parseLabelInput(sampleInput({ specimen: { collectedAt } }));
      const { content, zpl } = inZone('America/Chicago', () => buildLabel(input, opts));
      expect(content.collectedText).toBe('2026-11-22 09:30');
      expect(zpl).toContain('^FDColl 2026-11-22 09:30  By JS^FS');
      expect(content.collectedAtMs).toBe(Date.parse('2026-11-22T15:30:00Z') + (collectedAt.endsWith('.250') ? 250 : 0));
    }
    // 11:30 without offset is 16:30 UTC in New York: more than 5 minutes after NOW_MS (16:00 UTC).
    const late = parseLabelInput(sampleInput({ specimen: { collectedAt: '2026-11-22T11:30:00' } }));
    expect(inZone('America/New_York', () => reasonOf(() => buildLabel(late, opts)))).toBe('collected-in-future');
    expect(inZone('Asia/Tokyo', () => buildLabel(late, opts).content.collectedText)).toBe('2026-11-22 11:30');
  });

  it.each([
    ['garbage', 'yesterday morning'],
    ['a date without a time', '2026-11-22'],
    ['a space for the T', '2026-11-22 09:30:00'],
    ['31 November', '2026-11-31T09:30:00'],
    ['29 February of a common year', '2026-02-29T09:30:00'],
    ['hour 24', '2026-11-22T24:00:00'],
    ['minute 60', '2026-11-22T09:60:00'],
    ['an offset beyond +14:00', '2026-11-22T09:30:00+15:00'],
  ])('refuses a collection time that is %s, naming the field, never the value', (_what, collectedAt) => {
    expect(messageOf(() => parseLabelInput(sampleInput({ specimen: { collectedAt } })))).toBe('invalid label input at specimen.collectedAt: not a real ISO 8601 date and time');
  });

  it('dob is a real YYYY-MM-DD date', () => {
    expect(parseLabelInput(sampleInput({ patient: { dob: '2024-02-29' } })).patient.dob).toBe('2024-02-29');
    for (const dob of ['1948-02-30', '1948-3-9', '03/09/1948', '1948-03-09T00:00:00', '1948-13-01']) {
      expect(messageOf(() => parseLabelInput(sampleInput({ patient: { dob } }))), dob).toBe('invalid label input at patient.dob: not a real YYYY-MM-DD date');
    }
    // An empty one is missing, said so by name (label-missing-dob), not a format error.
    expect(reasonOf(() => buildLabel(parseLabelInput(sampleInput({ patient: { dob: '' } })), opts))).toBe('missing-dob');
  });
});
