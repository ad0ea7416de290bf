import { describe, expect, it } from 'vitest';
import type { EkgFlag } from '../../../../main/domain/ekg-flags/flags.ts';
import { UNCONFIRMED_TEXT } from '../../../../main/domain/ekg-report/layout.ts';
import { reviewState, type ReviewEvent } from '../../../../main/domain/ekg-review/state.ts';
import { AecgFormatError, decodeAecg, encodeAecg } from '../../../../main/ekg/aecg/aecg.ts';
import { aecgDevice, aecgFromCapture, type AecgMeasurementSource } from '../../../../main/ekg/aecg/export.ts';

const noMeasurements: AecgMeasurementSource = {
  measurements: { heartRateBpm: null, prMs: null, qrsMs: null, qtMs: null, qtcMs: null, qtcFormula: 'fridericia', axisDeg: { p: null, qrs: null, t: null } },
  qtc: { bazettMs: null, fridericiaMs: null },
};
const PATIENT = { mrn: 'MRN-0042', familyName: 'Doe', givenName: 'Jane', birthDate: '1961-04-30', sex: 'female' as const };
const CART = JSON.stringify({ model: 'ACME 12L', serial: 'SN-77 <A&B>', firmware: '2.1', address: 'serial:/dev/ttyUSB0', resolutionNvPerLsb: 500 });

/** Flags as the analysis stores them, with text no parser should trip on. */
const FLAGS: EkgFlag[] = [
  { code: 'MARKED_TACHYCARDIA', text: 'Very fast heart rate (152 per minute): notify the provider now.', urgency: 'immediate', value: 152 },
  { code: 'PROLONGED_QTC', text: 'QTc < 500 & > 470 ms "borderline" — needs provider review promptly', urgency: 'prompt', value: 'QTc 488 ms\r\nFridericia' },
  { code: 'LOW_VOLTAGE', text: 'Низкий вольтаж · 低電圧 · جهد منخفض · מתח נמוך 🫀', urgency: 'routine', value: null },
];

const event = (kind: ReviewEvent['kind'], atUtc: string, comment: string | null): ReviewEvent => ({
  kind,
  atUtc,
  actorId: 'rdiaz',
  actorName: 'Dr. Rosa Díaz',
  actorRole: 'provider',
  notifiedWhom: null,
  notifiedHow: null,
  notifiedAtUtc: null,
  comment,
});

/** What the review service exports for a stored EKG with this review trail. */
function exported(events: ReviewEvent[], simulated = false) {
  const xml = encodeAecg(
    aecgFromCapture({
      id: 'st1.ekg.7',
      capturedAtUtc: '2026-11-22T09:15:00.125Z',
      subject: PATIENT,
      simulated,
      fsHz: 500,
      leads: [{ name: 'I', mv: Float32Array.of(0, 0.5, -0.25) }],
      acquisitionStepMv: null,
      measurements: noMeasurements,
      review: reviewState(FLAGS, events),
      flags: FLAGS,
      device: aecgDevice(CART),
      operator: { id: 'mjones', name: 'Mary Jones, MA' },
    }),
  );
  return { xml, back: decodeAecg(xml) };
}

describe('aECG: review, flags, device and operator', () => {
  it('an UNCONFIRMED export says so in an interpretation statement, in the PDF\u2019s words, and reads back unconfirmed', () => {
    const { xml, back } = exported([event('provider-notified', '2026-11-22T09:16:00.000Z', null)]);
    expect(UNCONFIRMED_TEXT).toBe('UNCONFIRMED - REQUIRES PROVIDER REVIEW');
    expect(xml).toContain(
      `<annotation><code code="MDC_ECG_INTERPRETATION_STATEMENT" codeSystem="2.16.840.1.113883.6.24"/><value xsi:type="ST">${UNCONFIRMED_TEXT}</value>`,
    );
    expect(xml).not.toMatch(/CONFIRMED by|OVER-READ/);
    expect(back.review).toEqual({ status: 'unconfirmed' });
  });

  it('a confirmed export says by whom (name and role) and when, in a review set the provider authors', () => {
    const { xml, back } = exported([event('confirmed', '2026-11-22T10:05:30.250Z', null)]);
    expect(xml).not.toContain(UNCONFIRMED_TEXT);
    expect(xml).toContain(
      '<subjectOf><annotationSet><activityTime value="20261122100530.250"/><author><assignedEntity><assignedAuthorType><assignedPerson><name>Dr. Rosa Díaz</name>',
    );
    expect(xml).toContain('<value xsi:type="ST">CONFIRMED by Dr. Rosa Díaz (provider) at 2026-11-22 10:05 UTC</value>');
    expect(xml).not.toContain('MDC_ECG_INTERPRETATION_COMMENT');
    expect(back.review).toEqual({ status: 'confirmed', reviewerName: 'Dr. Rosa Díaz', reviewerRole: 'provider', time: '20261122100530.250', comment: null });
  });

  it('an over-read carries the provider\u2019s comment as written', () => {
    const comment = 'Artifact in V1 <not> ST change & "no" acute findings;\nrepeat if symptomatic. 再検査';
    const { xml, back } = exported([event('over-read', '2026-11-22T11:00:00.000Z', comment)]);
    expect(xml).toContain('OVER-READ by Dr. Rosa Díaz (provider) at 2026-11-22 11:00 UTC');
    expect(xml).toContain('<code code="MDC_ECG_INTERPRETATION_COMMENT" codeSystem="2.16.840.1.113883.6.24"/><value xsi:type="ST">Artifact in V1 &lt;not&gt; ST change &amp; &quot;no&quot;');
    expect(back.review).toEqual({ status: 'over-read', reviewerName: 'Dr. Rosa Díaz', reviewerRole: 'provider', time: '20261122110000.000', comment });
  });

  it('writes every flag as an interpretation statement in its stored words and reads back code, text, urgency and value', () => {
    const { xml, back } = exported([]);
    expect(back.flags).toEqual(FLAGS);
    expect(xml).toContain('<value xsi:type="ST">Very fast heart rate (152 per minute): notify the provider now.</value>');
    expect(xml).toContain('<value xsi:type="ST">Низкий вольтаж · 低電圧 · جهد منخفض · מתח נמוך 🫀</value>');
    // A line break survives other XML readers too (CR LF would otherwise become LF).
    expect(xml).toContain('QTc 488 ms&#13;&#10;Fridericia');
    // Findings for provider review, never a diagnosis: the analysis' words only.
    expect(xml).not.toMatch(/diagnos/i);
  });

  it('names the device (series author) and the operator who captured (secondary performer)', () => {
    const { xml, back } = exported([]);
    expect(xml).toContain(
      '<author><seriesAuthor><manufacturedSeriesDevice><id extension="SN-77 &lt;A&amp;B&gt;"/><code code="12LEAD_ELECTROCARDIOGRAPH" codeSystem=""/><manufacturerModelName>ACME 12L</manufacturerModelName>',
    );
    expect(xml).toContain('<secondaryPerformer><functionCode code="ELECTROCARDIOGRAPH_TECH" codeSystem=""/><seriesPerformer><id extension="mjones"/><assignedPerson><name>Mary Jones, MA</name>');
    expect(back.device).toEqual({ model: 'ACME 12L', serial: 'SN-77 <A&B>' });
    expect(back.operator).toEqual({ id: 'mjones', name: 'Mary Jones, MA' });
    // A demo or file capture stores a plain name.
    expect(aecgDevice('SIMULATED demo cart')).toEqual({ model: 'SIMULATED demo cart', serial: null });
  });

  it('marks SIMULATED data where a machine reader looks, and a patient\u2019s data nowhere', () => {
    const sim = exported([], true);
    expect(sim.xml).toContain('<text>SIMULATED - demonstration data, not from a patient</text>');
    expect(sim.xml).toContain('<value xsi:type="ST">SIMULATED - not patient data, not for clinical use</value>');
    expect(sim.xml).toMatch(/<trialSubject><id extension="MRN-0042"\/><code code="SIMULATED" codeSystem=""/);
    expect(sim.back.simulated).toBe(true);
    // Any one mark is enough for our reader.
    expect(decodeAecg(sim.xml.replace(/<text>.*<\/text>/, '').replace(/<code code="SIMULATED"[^>]*\/>/, '')).simulated).toBe(true);
    const real = exported([], false);
    expect(real.xml).not.toContain('SIMULATED');
    expect(real.back.simulated).toBe(false);
  });

  it('a file that says nothing of a review reads as unconfirmed without flags; one that says two things is refused', () => {
    const { xml } = exported([event('confirmed', '2026-11-22T10:05:00.000Z', null)]);
    const silent = xml.replace(/<component><annotation><code code="MDC_ECG_INTERPRETATION"[\s\S]*?<\/annotationSet><\/subjectOf>/g, '</annotationSet></subjectOf>');
    expect(decodeAecg(silent).review).toEqual({ status: 'unconfirmed' });
    expect(decodeAecg(silent).flags).toEqual([]);
    const twice = xml.replace(/<subjectOf><annotationSet><activityTime[\s\S]*?<\/subjectOf>/, (m) => m + m);
    expect(() => decodeAecg(twice)).toThrow(AecgFormatError);
  });

  it('refuses to write what XML cannot carry, and a review state without its event, with AecgFormatError', () => {
    const base = { id: 'x', capturedAtUtc: '2026-11-22T09:15:00.000Z', subject: null, simulated: false, fsHz: 500, leads: [{ name: 'I', mv: Float32Array.of(0) }], acquisitionStepMv: null, measurements: noMeasurements };
    const bad: EkgFlag = { code: 'PAUSE', text: 'pause\u0001', urgency: 'prompt', value: null };
    expect(() => encodeAecg(aecgFromCapture({ ...base, flags: [bad] }))).toThrow(AecgFormatError);
    expect(() => aecgFromCapture({ ...base, review: { status: 'confirmed', events: [] } })).toThrow(AecgFormatError);
  });
});
