import { StationError } from '../../../common/errors.ts';

/**
 * The point-of-care test catalogue: what each CLIA-waived test reports, in which UCUM unit, with
 * which reference range, reportable range and critical limits. Defaults below; a clinic overrides
 * any limit through `buildCatalogue(overrides)` (its laboratory director signs off local limits).
 *
 * Units are never converted: a quantitative test lists each unit it accepts with its own LOINC
 * code and its own ranges (glucose in mg/dL is LOINC 41653-7, in mmol/L 14743-9), so a value is
 * always judged and exported in the unit the device reported.
 *
 * Sources (codes): LOINC via standards-notes §2.4 (loinc.org/24357-6, /78012-2, healthassure
 * 41653-7, 14743-9, 2106-3, uvmlabs HA1C 4548-4, 6301-6); SARS-CoV-2 Ag 94558-4 (CDC LOCS lab
 * advisory 2020-09-23, cdc.gov/csels/dls/locs/2020/livd_codes_for_sars-cov-2_antigen_tests.html);
 * influenza A/B Ag 80382-5 / 80383-3 (loinc.org panel 95942-9); answers LA6576-8 Positive,
 * LA6577-6 Negative, LA15841-2 Invalid (loinc.org/78012-2, /95209-3).
 */

/** A closed interval; either end may be open (undefined = no limit on that side). */
export interface Range {
  readonly low?: number;
  readonly high?: number;
}

export interface UnitSpec {
  /** UCUM code, exactly as exported in OBX-6. */
  readonly ucum: string;
  /** Spellings devices use for this unit (compared case-insensitively), e.g. `MG/DL`. */
  readonly deviceSpellings: readonly string[];
  readonly loinc: string;
  readonly loincName: string;
  /** What the device can measure; outside it the device reports HI/LO, never a number. */
  readonly reportable: Range;
  readonly reference: Range;
  /** Values beyond these ends are critical (strictly below low, strictly above high). */
  readonly critical: Range;
  /** Decimal places a valid value may carry. */
  readonly maxDecimals: number;
}

export interface QuantitativeTest {
  readonly kind: 'quantitative';
  readonly id: string;
  readonly name: string;
  readonly units: readonly UnitSpec[];
  /** Textual results meaning "above/below the reportable range", kept exactly as sent. */
  readonly aboveRangeText: string;
  readonly belowRangeText: string;
  /** Specimen for OBR/SPM (HL7 table 0487). */
  readonly specimen: string;
  readonly qc: QcPolicy;
}

export interface AllowedValue {
  readonly text: string;
  readonly loincAnswer?: string;
  /** Normal (no flag) when true; otherwise flagged A. */
  readonly normal: boolean;
  /** False for run outcomes that are not a patient result (Invalid: the test must be repeated). */
  readonly reportable: boolean;
}

export interface QualitativeTest {
  readonly kind: 'qualitative';
  readonly id: string;
  readonly name: string;
  readonly loinc: string;
  readonly loincName: string;
  readonly allowedValues: readonly AllowedValue[];
  /** Values that are critical (e.g. none by default for a rapid strep). */
  readonly criticalValues: readonly string[];
  readonly specimen: string;
  readonly qc: QcPolicy;
}

/** A panel groups member tests run on one device (urine dipstick). */
export interface PanelTest {
  readonly kind: 'panel';
  readonly id: string;
  readonly name: string;
  readonly loinc: string;
  readonly loincName: string;
  readonly members: readonly (QuantitativeTest | QualitativeTest)[];
  readonly specimen: string;
  readonly qc: QcPolicy;
}

export type CatalogueTest = QuantitativeTest | QualitativeTest | PanelTest;

/**
 * How often controls must be run. CLIA-waived tests follow the manufacturer's instructions; the
 * defaults are the common "two levels each day of testing and each new lot" policy, configurable.
 */
export interface QcPolicy {
  /** Control levels that must all pass (e.g. ['low','high'] or ['positive','negative']). */
  readonly levels: readonly string[];
  /** Hours a passing QC set stays valid (24 = once per day of testing). */
  readonly validForHours: number;
  /** Acceptable range per level for quantitative controls, or the expected text for qualitative ones. */
  readonly expected: Readonly<Record<string, Range | string>>;
}

const POS: AllowedValue = { text: 'Positive', loincAnswer: 'LA6576-8', normal: false, reportable: true };
const NEG: AllowedValue = { text: 'Negative', loincAnswer: 'LA6577-6', normal: true, reportable: true };
const INVALID: AllowedValue = { text: 'Invalid', loincAnswer: 'LA15841-2', normal: false, reportable: false };

const qualitativeQc: QcPolicy = { levels: ['positive', 'negative'], validForHours: 24, expected: { positive: 'Positive', negative: 'Negative' } };

function rapid(id: string, name: string, loinc: string, loincName: string, specimen: string): QualitativeTest {
  return { kind: 'qualitative', id, name, loinc, loincName, allowedValues: [POS, NEG, INVALID], criticalValues: [], specimen, qc: qualitativeQc };
}

// Dipstick ordinal scales as printed on common strip charts (e.g. Siemens Multistix); a clinic
// adjusts them to its strip brand.
const ordinal = (...texts: string[]): AllowedValue[] => texts.map((text, i) => ({ text, normal: i === 0, reportable: true }));

function dipstickMember(id: string, name: string, loinc: string, values: AllowedValue[]): QualitativeTest {
  return { kind: 'qualitative', id, name, loinc, loincName: `${name} by Test strip`, allowedValues: values, criticalValues: [], specimen: 'UR', qc: qualitativeQc };
}

/** The defaults. Reference ranges cited per test; critical limits are local policy (configurable). */
export const defaultCatalogue: readonly CatalogueTest[] = [
  {
    kind: 'quantitative',
    id: 'glucose-capillary',
    name: 'Glucose, capillary (meter)',
    // Reportable 20-600 mg/dL: LifeScan OneTouch meters show LO below 20 and HI above 600 mg/dL
    // (onetouch.com "UltraMini - Understanding Other Messages"). Reference 70-99 mg/dL fasting
    // (ADA Standards of Care, normal fasting glucose). Critical < 50 / > 400 mg/dL (issue 8 default).
    units: [
      {
        ucum: 'mg/dL', deviceSpellings: ['mg/dL', 'MG/DL', 'mg/dl'], loinc: '41653-7',
        loincName: 'Glucose [Mass/volume] in Capillary blood by Glucometer',
        reportable: { low: 20, high: 600 }, reference: { low: 70, high: 99 }, critical: { low: 50, high: 400 }, maxDecimals: 0,
      },
      {
        ucum: 'mmol/L', deviceSpellings: ['mmol/L', 'MMOL/L', 'mmol/l'], loinc: '14743-9',
        loincName: 'Glucose [Moles/volume] in Capillary blood by Glucometer',
        // The same limits in mmol/L (mg/dL / 18.016, rounded to the meters' 0.1 step).
        reportable: { low: 1.1, high: 33.3 }, reference: { low: 3.9, high: 5.5 }, critical: { low: 2.8, high: 22.2 }, maxDecimals: 1,
      },
    ],
    aboveRangeText: 'HI',
    belowRangeText: 'LO',
    specimen: 'CAPLB',
    // Control solution ranges are printed on each strip vial; these are placeholders the clinic sets per lot.
    qc: { levels: ['low', 'high'], validForHours: 24, expected: { low: { low: 36, high: 108 }, high: { low: 250, high: 420 } } },
  },
  {
    kind: 'panel',
    id: 'urine-dipstick',
    name: 'Urinalysis dipstick panel',
    loinc: '24357-6',
    loincName: 'Urinalysis macro (dipstick) panel - Urine',
    specimen: 'UR',
    qc: qualitativeQc,
    members: [
      dipstickMember('urine-glucose', 'Glucose [Presence] in Urine', '5792-7', ordinal('Negative', 'Trace', '1+', '2+', '3+', '4+')),
      dipstickMember('urine-protein', 'Protein [Presence] in Urine', '5804-0', ordinal('Negative', 'Trace', '1+', '2+', '3+', '4+')),
      dipstickMember('urine-blood', 'Hemoglobin [Presence] in Urine', '5794-3', ordinal('Negative', 'Trace', '1+', '2+', '3+')),
      dipstickMember('urine-nitrite', 'Nitrite [Presence] in Urine', '5802-4', [NEG, POS]),
      dipstickMember('urine-leukocytes', 'Leukocyte esterase [Presence] in Urine', '5799-2', ordinal('Negative', 'Trace', '1+', '2+', '3+')),
      {
        kind: 'quantitative', id: 'urine-ph', name: 'pH of Urine', specimen: 'UR', aboveRangeText: '>', belowRangeText: '<', qc: qualitativeQc,
        // Strip pads read 5.0-8.5; reference 5.0-8.0 (common urinalysis reference, configurable).
        units: [{ ucum: '[pH]', deviceSpellings: ['[pH]', 'pH'], loinc: '5803-2', loincName: 'pH of Urine by Test strip', reportable: { low: 5, high: 8.5 }, reference: { low: 5, high: 8 }, critical: {}, maxDecimals: 1 }],
      },
      {
        kind: 'quantitative', id: 'urine-sg', name: 'Specific gravity of Urine', specimen: 'UR', aboveRangeText: '>', belowRangeText: '<', qc: qualitativeQc,
        units: [{ ucum: '1', deviceSpellings: ['1', ''], loinc: '5811-5', loincName: 'Specific gravity of Urine by Test strip', reportable: { low: 1, high: 1.03 }, reference: { low: 1.005, high: 1.03 }, critical: {}, maxDecimals: 3 }],
      },
    ],
  },
  {
    kind: 'qualitative', id: 'hcg-urine', name: 'hCG, urine (qualitative)', loinc: '2106-3',
    loincName: 'Choriogonadotropin (pregnancy test) [Presence] in Urine',
    allowedValues: [POS, NEG, INVALID], criticalValues: [], specimen: 'UR', qc: qualitativeQc,
  },
  rapid('strep-a-rapid', 'Rapid strep A', '78012-2', 'Streptococcus pyogenes Ag [Presence] in Throat by Rapid immunoassay', 'THRT'),
  {
    kind: 'quantitative', id: 'hba1c', name: 'Hemoglobin A1c', specimen: 'CAPLB', aboveRangeText: '>14.0', belowRangeText: '<4.0',
    // Reportable 4.0-14.0 % (typical waived analyzers, e.g. Afinion/DCA); reference < 5.7 % (ADA
    // diagnostic cut-off); no critical limits by default (configurable).
    units: [{ ucum: '%', deviceSpellings: ['%'], loinc: '4548-4', loincName: 'Hemoglobin A1c/Hemoglobin.total in Blood', reportable: { low: 4, high: 14 }, reference: { low: 4, high: 5.6 }, critical: {}, maxDecimals: 1 }],
    qc: { levels: ['low', 'high'], validForHours: 24 * 30, expected: { low: { low: 4.5, high: 6.5 }, high: { low: 8.5, high: 11.5 } } },
  },
  {
    kind: 'quantitative', id: 'inr', name: 'INR (prothrombin time)', specimen: 'CAPLB', aboveRangeText: '>8.0', belowRangeText: '<0.8',
    // Reportable 0.8-8.0 (Roche CoaguChek XS measuring range); reference 0.8-1.2 (untreated);
    // critical > 5.0 (common local policy, configurable).
    units: [{ ucum: '{INR}', deviceSpellings: ['{INR}', 'INR', ''], loinc: '6301-6', loincName: 'INR in Platelet poor plasma by Coagulation assay', reportable: { low: 0.8, high: 8 }, reference: { low: 0.8, high: 1.2 }, critical: { high: 5 }, maxDecimals: 1 }],
    qc: { levels: ['level1'], validForHours: 24, expected: { level1: { low: 0.8, high: 1.5 } } },
  },
  rapid('influenza-a-rapid', 'Rapid influenza A antigen', '80382-5', 'Influenza virus A Ag [Presence] in Upper respiratory specimen by Rapid immunoassay', 'NASPH'),
  rapid('influenza-b-rapid', 'Rapid influenza B antigen', '80383-3', 'Influenza virus B Ag [Presence] in Upper respiratory specimen by Rapid immunoassay', 'NASPH'),
  rapid('sars-cov-2-ag-rapid', 'Rapid SARS-CoV-2 antigen', '94558-4', 'SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay', 'NASPH'),
];

/** Local changes to the defaults, per test id (panel members by their own id) and unit. */
export interface CatalogueOverride {
  readonly units?: Readonly<Record<string, Partial<Pick<UnitSpec, 'reportable' | 'reference' | 'critical'>>>>;
  readonly criticalValues?: readonly string[];
  readonly qc?: Partial<QcPolicy>;
}

export type Catalogue = ReadonlyMap<string, QuantitativeTest | QualitativeTest | PanelTest>;

function applyOverride<T extends CatalogueTest>(test: T, o: CatalogueOverride | undefined): T {
  if (!o) return test;
  let out: CatalogueTest = test;
  if (o.qc) out = { ...out, qc: { ...out.qc, ...o.qc } };
  if (o.units && out.kind === 'quantitative') {
    const unitOverrides = o.units;
    for (const ucum of Object.keys(unitOverrides)) {
      if (!out.units.some((u) => u.ucum === ucum)) throw new CatalogueError(`override names unit ${ucum} that test ${test.id} does not report`);
    }
    out = { ...out, units: out.units.map((u) => ({ ...u, ...(unitOverrides[u.ucum] ?? {}) })) };
  }
  if (o.criticalValues && out.kind === 'qualitative') {
    const allowed = new Set(out.allowedValues.map((v) => v.text));
    for (const v of o.criticalValues) if (!allowed.has(v)) throw new CatalogueError(`critical value override not allowed for test ${test.id}`);
    out = { ...out, criticalValues: o.criticalValues };
  }
  return out as T;
}

/**
 * The effective catalogue: defaults with overrides applied, indexed by id (panel members too).
 * Overrides naming an unknown test or unit are refused rather than ignored.
 */
export function buildCatalogue(overrides: Readonly<Record<string, CatalogueOverride>> = {}, base: readonly CatalogueTest[] = defaultCatalogue): Catalogue {
  const map = new Map<string, CatalogueTest>();
  for (const t of base) {
    const test = t.kind === 'panel' ? { ...applyOverride(t, overrides[t.id]), members: t.members.map((m) => applyOverride(m, overrides[m.id])) } : applyOverride(t, overrides[t.id]);
    map.set(test.id, test);
    if (test.kind === 'panel') for (const m of test.members) map.set(m.id, m);
  }
  for (const id of Object.keys(overrides)) if (!map.has(id)) throw new CatalogueError(`override names unknown test ${id}`);
  return map;
}

export function getTest(catalogue: Catalogue, id: string): CatalogueTest {
  const t = catalogue.get(id);
  if (!t) throw new CatalogueError(`unknown test id ${id}`);
  return t;
}

/** Finds the unit spec a device-reported unit names (exact UCUM first, then device spellings). */
export function findUnit(test: QuantitativeTest, unit: string): UnitSpec | undefined {
  return test.units.find((u) => u.ucum === unit) ?? test.units.find((u) => u.deviceSpellings.some((s) => s.toLowerCase() === unit.toLowerCase()));
}

/**
 * Test codes meters send (ASTM R-3 `^^^Glucose`, OneTouch dumps are glucose-only) mapped to
 * catalogue ids. Unknown codes stay unmapped and the assistant picks the test.
 */
export const deviceTestCodes: Readonly<Record<string, string>> = {
  Glucose: 'glucose-capillary',
  GLU: 'glucose-capillary',
  HbA1c: 'hba1c',
  A1C: 'hba1c',
  INR: 'inr',
};

export class CatalogueError extends StationError {
  constructor(message: string) {
    super('poc-catalogue', message);
    this.name = 'CatalogueError';
  }
}
