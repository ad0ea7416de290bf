import { describe, expect, it } from 'vitest';
import { criticalAlertName, criticalHeadline, criticalWords } from '../../../renderer/poc/criticalWording.ts';
import { flagText, type PocTest } from '../../../renderer/poc/usePoc.ts';
import { valueText } from '../../../renderer/poc/valueText.ts';

/** The catalogue's glucose meter test as poc.catalogue sends it (reportable 20-600 mg/dL). */
const tests: PocTest[] = [
  {
    id: 'glucose-capillary',
    name: 'Glucose, capillary (meter)',
    kind: 'quantitative',
    loinc: '41653-7',
    units: [{ ucum: 'mg/dL', loinc: '41653-7', reportable: { low: 20, high: 600 }, reference: { low: 70, high: 99 }, critical: { low: 50, high: 400 } }],
    allowedValues: [],
    members: [],
    qcLevels: ['low', 'high'],
  },
];

describe('critical alert words for who reads them', () => {
  it('an assistant is told to tell a provider and records who was notified', () => {
    const w = criticalWords({ role: 'ma', displayName: 'Mary Assistant' });
    expect(w.action).toBe('Tell a provider now.');
    expect(w.whoLabel).toBe('Provider notified');
    expect(w.submitLabel).toBe('Record notification');
    expect(w.prefillWho).toBe('');
    // Not known who reads it: the assistant's words (the safe default: someone is told).
    expect(criticalWords(null)).toEqual(w);
  });

  it('a provider is asked to review it and is filled in as the one informed', () => {
    const w = criticalWords({ role: 'provider', displayName: 'Dr Paula Provider' });
    expect(w.action).toBe('Review this critical result now.');
    expect(`${w.action} ${w.whoLabel} ${w.readBackLabel} ${w.submitLabel} ${w.readBackMissing}`).not.toMatch(/tell a provider/i);
    expect(w.whoLabel).toBe('Provider informed');
    expect(w.prefillWho).toBe('Dr Paula Provider');
    expect(w.submitLabel).toBe('Record review');
  });

  it('a corrected critical says what the value was and what it is now, and asks for the corrected value to be told', () => {
    const ma = criticalWords({ role: 'ma', displayName: 'Mary Assistant' });
    const base = { testId: 'glucose-capillary', testName: 'Glucose, capillary (meter)', unit: 'mg/dL', simulated: true, previous: null };
    const was41 = { value: '41', unit: 'mg/dL', flag: 'LL', critical: true, acknowledged: false };
    expect(criticalHeadline({ ...base, value: '41', flag: 'LL', critical: true, correctedFrom: null }, ma, flagText, tests)).toBe(
      'CRITICAL (SIMULATED) — Glucose, capillary (meter) 41 mg/dL (CRITICAL LOW). Tell a provider now.',
    );
    expect(criticalHeadline({ ...base, value: '85', flag: null, critical: false, correctedFrom: was41 }, ma, flagText, tests)).toBe(
      'CORRECTED CRITICAL (SIMULATED) — Glucose, capillary (meter) corrected from 41 mg/dL (CRITICAL LOW) to 85 mg/dL. Tell a provider the corrected value now.',
    );
    // The line of another patient's alert: the value, no action sentence (it opens to the form).
    expect(criticalHeadline({ ...base, value: '38', flag: 'LL', critical: true, correctedFrom: null }, ma, flagText, tests, true)).toBe('CRITICAL (SIMULATED) — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW)');
    const provider = criticalWords({ role: 'provider', displayName: 'Dr P' });
    expect(criticalHeadline({ ...base, value: '85', flag: null, critical: false, correctedFrom: was41 }, provider, flagText, tests)).toMatch(/ to 85 mg\/dL\. Review the corrected value now\.$/);
  });

  /**
   * Every chain, as main names its versions (PocService.correctedFrom): `correctedFrom` is the
   * version a provider was last told, else the last critical one, else the one just before;
   * `previous` the one just before when it is another. "told" = a provider read that value back.
   */
  it('names the value a provider was told, or else the critical one, in every chain of corrections', () => {
    const ma = criticalWords(null);
    const g = { testId: 'glucose-capillary', testName: 'Glucose', unit: 'mg/dL', simulated: false };
    const v = (value: string, flag: string | null, acknowledged = false) => ({ value, unit: 'mg/dL', flag, critical: flag === 'LL' || flag === 'HH', acknowledged });
    const now = (value: string, flag: string | null) => ({ ...g, value, flag, critical: flag === 'LL' || flag === 'HH' });
    const say = (r: Parameters<typeof criticalHeadline>[0]) => criticalHeadline(r, ma, flagText, tests);
    const chains: Array<[string, Parameters<typeof criticalHeadline>[0], string]> = [
      ['41 -> 85, never told', { ...now('85', null), correctedFrom: v('41', 'LL'), previous: null }, 'CORRECTED CRITICAL — Glucose corrected from 41 mg/dL (CRITICAL LOW) to 85 mg/dL. Tell a provider the corrected value now.'],
      ['41 told -> 85', { ...now('85', null), correctedFrom: v('41', 'LL', true), previous: null }, 'CORRECTED CRITICAL — Glucose corrected from 41 mg/dL (CRITICAL LOW), which a provider was told, to 85 mg/dL. Tell a provider the corrected value now.'],
      [
        '41 -> 85 -> 90, never told',
        { ...now('90', null), correctedFrom: v('41', 'LL'), previous: v('85', null) },
        'CORRECTED CRITICAL — Glucose corrected from 41 mg/dL (CRITICAL LOW) to 90 mg/dL; it read 85 mg/dL in between. Tell a provider the corrected value now.',
      ],
      [
        '41 told -> 85 -> 90',
        { ...now('90', null), correctedFrom: v('41', 'LL', true), previous: v('85', null) },
        'CORRECTED CRITICAL — Glucose corrected from 41 mg/dL (CRITICAL LOW), which a provider was told, to 90 mg/dL; it read 85 mg/dL in between. Tell a provider the corrected value now.',
      ],
      ['41 -> 38', { ...now('38', 'LL'), correctedFrom: v('41', 'LL'), previous: null }, 'CRITICAL — Glucose 38 mg/dL (CRITICAL LOW), corrected from 41 mg/dL (CRITICAL LOW). Tell a provider the corrected value now.'],
      ['41 told -> 38', { ...now('38', 'LL'), correctedFrom: v('41', 'LL', true), previous: null }, 'CRITICAL — Glucose 38 mg/dL (CRITICAL LOW), corrected from 41 mg/dL (CRITICAL LOW), which a provider was told. Tell a provider the corrected value now.'],
      [
        '41 -> 85 -> 38, never told',
        { ...now('38', 'LL'), correctedFrom: v('41', 'LL'), previous: v('85', null) },
        'CRITICAL — Glucose 38 mg/dL (CRITICAL LOW), corrected from 41 mg/dL (CRITICAL LOW); it read 85 mg/dL in between. Tell a provider the corrected value now.',
      ],
      // The provider was told 85 (the first correction): 85 -> 90 is the news; neither value is critical.
      [
        '41 told -> 85 told -> 90',
        { ...now('90', null), correctedFrom: v('85', null, true), previous: null },
        'CORRECTED RESULT (critical earlier) — Glucose corrected from 85 mg/dL, which a provider was told, to 90 mg/dL. Tell a provider the corrected value now.',
      ],
      ['85 -> 41', { ...now('41', 'LL'), correctedFrom: v('85', null), previous: null }, 'CRITICAL — Glucose 41 mg/dL (CRITICAL LOW), corrected from 85 mg/dL. Tell a provider the corrected value now.'],
    ];
    for (const [chain, r, words] of chains) expect(`${chain}: ${say(r)}`).toBe(`${chain}: ${words}`);
    // "CORRECTED CRITICAL" only with a critical value in the headline.
    for (const [chain, r] of chains) {
      const h = say(r);
      if (h.startsWith('CORRECTED CRITICAL')) expect(/CRITICAL (LOW|HIGH)/.test(h), chain).toBe(true);
    }
  });

  /**
   * A black-box tester: 38 -> 85 -> 38 before anyone was told read "38 mg/dL (CRITICAL LOW),
   * corrected from 38 mg/dL (CRITICAL LOW); it read 85 mg/dL in between". A correction back to the
   * value it names says so, and never loses that the value changed on the way.
   */
  it('a correction back to the value it was corrected from says it went back, and what it read in between', () => {
    const ma = criticalWords(null);
    const g = { testId: 'glucose-capillary', testName: 'Glucose, capillary (meter)', unit: 'mg/dL', simulated: false };
    const v = (value: string, flag: string | null, acknowledged = false) => ({ value, unit: 'mg/dL', flag, critical: flag === 'LL' || flag === 'HH', acknowledged });
    const now = (value: string, flag: string | null) => ({ ...g, value, flag, critical: flag === 'LL' || flag === 'HH' });
    const say = (r: Parameters<typeof criticalHeadline>[0]) => criticalHeadline(r, ma, flagText, tests);
    const chains: Array<[string, Parameters<typeof criticalHeadline>[0], string]> = [
      [
        '38 -> 85 -> 38, never told',
        { ...now('38', 'LL'), correctedFrom: v('38', 'LL'), previous: v('85', null) },
        'CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW): it read 85 mg/dL for a while, then was corrected back to 38 mg/dL (CRITICAL LOW). Tell a provider the corrected value now.',
      ],
      [
        '38 told -> 85 -> 38',
        { ...now('38', 'LL'), correctedFrom: v('38', 'LL', true), previous: v('85', null) },
        'CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW), which a provider was told: it read 85 mg/dL for a while, then was corrected back to 38 mg/dL (CRITICAL LOW). Tell a provider the corrected value now.',
      ],
      // 41 told -> 85 told -> 38 -> 85: the provider was told 85, which it reads again.
      [
        '41 told -> 85 told -> 38 -> 85',
        { ...now('85', null), correctedFrom: v('85', null, true), previous: v('38', 'LL') },
        'CORRECTED CRITICAL — Glucose, capillary (meter) now 85 mg/dL, which a provider was told: it read 38 mg/dL (CRITICAL LOW) for a while, then was corrected back to 85 mg/dL. Tell a provider the corrected value now.',
      ],
      // A correction that kept the value (38 -> 38).
      [
        '38 -> 38',
        { ...now('38', 'LL'), correctedFrom: v('38', 'LL'), previous: null },
        'CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW): corrected, with the same value. Tell a provider the corrected value now.',
      ],
    ];
    for (const [chain, r, words] of chains) {
      const h = say(r);
      expect(`${chain}: ${h}`).toBe(`${chain}: ${words}`);
      // Never "corrected from" the value it reads now.
      expect(h, chain).not.toMatch(new RegExp(`corrected from ${r.value} `));
    }
    // The provider's words end it as for any correction.
    expect(criticalHeadline(chains[0]![1], criticalWords({ role: 'provider', displayName: 'Dr P' }), flagText, tests)).toMatch(/then was corrected back to 38 mg\/dL \(CRITICAL LOW\)\. Review the corrected value now\.$/);
    // The compact line is as for any correction: the value now, "corrected".
    expect(criticalHeadline(chains[0]![1], ma, flagText, tests, true)).toBe('CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW), corrected');
  });

  it('says a meter\'s HI or LO in words with its limit, as the results table does, never "HI mg/dL"', () => {
    const ma = criticalWords(null);
    const g = { testId: 'glucose-capillary', testName: 'Glucose', unit: 'mg/dL', simulated: false, previous: null };
    const hi = criticalHeadline({ ...g, value: 'HI', flag: 'HH', critical: true, correctedFrom: null }, ma, flagText, tests);
    expect(hi).toBe(`CRITICAL — Glucose ${valueText(tests, 'glucose-capillary', 'HI', 'mg/dL')} (CRITICAL HIGH). Tell a provider now.`);
    expect(hi).toBe("CRITICAL — Glucose HI (above the meter's range, over 600 mg/dL) (CRITICAL HIGH). Tell a provider now.");
    const corrected = criticalHeadline({ ...g, value: '85', flag: null, critical: false, correctedFrom: { value: 'LO', unit: 'mg/dL', flag: 'LL', critical: true, acknowledged: true } }, ma, flagText, tests);
    expect(corrected).toBe("CORRECTED CRITICAL — Glucose corrected from LO (below the meter's range, under 20 mg/dL) (CRITICAL LOW), which a provider was told, to 85 mg/dL. Tell a provider the corrected value now.");
    expect(`${hi} ${corrected}`).not.toMatch(/(HI|LO) mg\/dL/);
    // The catalogue not loaded yet: still in words, only without the limit.
    expect(criticalHeadline({ ...g, value: 'HI', flag: 'HH', critical: true, correctedFrom: null }, ma, flagText, [], true)).toBe("CRITICAL — Glucose HI (above the meter's range) (CRITICAL HIGH)");
  });

  /**
   * The alert's name (its group or form, what a screen reader says): a UI tester found a 41 told to a
   * provider and corrected to 90 named "Critical result: Glucose, capillary (meter) 90 mg/dL",
   * calling a normal value critical.
   */
  it('names a correction to a value that is no longer critical as a corrected critical, never the value now as critical', () => {
    const g = { testId: 'glucose-capillary', testName: 'Glucose, capillary (meter)', unit: 'mg/dL', simulated: false, previous: null };
    const was41 = { value: '41', unit: 'mg/dL', flag: 'LL', critical: true, acknowledged: true };
    const name = (r: Parameters<typeof criticalAlertName>[0]) => criticalAlertName(r, tests);
    expect(name({ ...g, value: '41', flag: 'LL', critical: true, correctedFrom: null })).toBe('Critical result: Glucose, capillary (meter) 41 mg/dL');
    const to90 = { ...g, value: '90', flag: null, critical: false, correctedFrom: was41 };
    expect(name(to90)).toBe('Corrected critical result: Glucose, capillary (meter) now 90 mg/dL');
    expect(name(to90)).not.toMatch(/^Critical result/);
    // Still critical after the correction: a critical result, as a first version is.
    expect(name({ ...g, value: '38', flag: 'LL', critical: true, correctedFrom: was41 })).toBe('Critical result: Glucose, capillary (meter) 38 mg/dL');
    // Neither value it names is critical (85 told -> 90): the headline's own words, in sentence case.
    const from85 = { ...g, value: '90', flag: null, critical: false, correctedFrom: { value: '85', unit: 'mg/dL', flag: null, critical: false, acknowledged: true } };
    expect(name(from85)).toBe('Corrected result (critical earlier): Glucose, capillary (meter) now 90 mg/dL');
    expect(criticalHeadline(from85, criticalWords(null), flagText, tests)).toMatch(/^CORRECTED RESULT \(critical earlier\) — /);
    // A HI in words with the meter's limit, as everywhere.
    expect(name({ ...g, value: 'HI', flag: 'HH', critical: true, correctedFrom: null })).toBe("Critical result: Glucose, capillary (meter) HI (above the meter's range, over 600 mg/dL)");
  });

  it("another patient's compact line says a correction and its value now, short enough for two lines at 640 px", () => {
    const ma = criticalWords(null);
    const g = { testId: 'glucose-capillary', testName: 'Glucose, capillary (meter)', unit: 'mg/dL', simulated: false };
    const was41 = { value: '41', unit: 'mg/dL', flag: 'LL', critical: true, acknowledged: true };
    const compact = (r: Parameters<typeof criticalHeadline>[0]) => criticalHeadline(r, ma, flagText, tests, true);
    expect(compact({ ...g, value: '90', flag: null, critical: false, correctedFrom: was41, previous: { value: '85', unit: 'mg/dL', flag: null, critical: false, acknowledged: false } })).toBe(
      'CORRECTED CRITICAL — Glucose, capillary (meter) now 90 mg/dL',
    );
    expect(compact({ ...g, value: '38', flag: 'LL', critical: true, correctedFrom: was41, previous: null })).toBe('CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW), corrected');
  });

  it('a missing name is asked for first, in the reader\'s words', () => {
    expect(criticalWords(null).whoMissing).toBe('Enter the name of the provider you told.');
    expect(criticalWords({ role: 'provider', displayName: 'Dr P' }).whoMissing).toBe('Enter your name in "Provider informed".');
  });
});
