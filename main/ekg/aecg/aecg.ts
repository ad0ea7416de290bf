/**
 * HL7 aECG (FDA annotated ECG, HL7 v3 XML) export and reader for our 12-lead captures:
 * AnnotatedECG > component > series > component > sequenceSet with a TIME_ABSOLUTE sequence
 * (GLIST_TS, increment = seconds per sample) and one SLIST_PQ sequence per lead (MDC_ECG_LEAD_*,
 * origin + scale in uV, space-separated integer digits); global measurements as annotations with
 * MDC codes (HL7 aECG implementation guide; standards-notes 4.3, BRAVEHEART load_hl7xml.m).
 * Also what a receiving system needs to tell a reviewed patient EKG from an unconfirmed or simulated
 * one: the review and the flags for provider review as interpretation annotations
 * (./interpretation.ts), the device and the operator as the series' author and secondary performer
 * (./provenance.ts), and SIMULATED in the document text, an interpretation statement and the
 * subject's role (./subject.ts).
 */
import { sampleMv } from './digits.ts';
import { decodeInterpretation, encodeInterpretation, TS, type AecgFlag, type AecgReview } from './interpretation.ts';
import { decodeDevice, decodeOperator, encodeDevice, encodeOperator, type AecgDevice, type AecgOperator } from './provenance.ts';
import { decodeSubject, encodeSubject, subjectMarkedSimulated } from './subject.ts';
import { AecgFormatError, attr, decimal, escapeXml, kids, number, one, parseXml, path, type XmlElement } from './xml.ts';

export { AecgFormatError } from './xml.ts';
export type { AecgFlag, AecgFlagUrgency, AecgReview } from './interpretation.ts';
export type { AecgDevice, AecgOperator } from './provenance.ts';

export interface AecgLead {
  /** Standard lead name: I, II, III, aVR, aVL, aVF, V1..V6. */
  name: string;
  /** Unit of `origin` and `scale` as the file states it (our export writes mV; carts often uV). */
  unit: 'mV' | 'uV';
  /** Physical value of digit 0, in `unit`. */
  origin: number;
  /** Physical value of one digit, in `unit`. */
  scale: number;
  digits: Int32Array;
}

/**
 * MDC-coded global measurement (ms, bpm or degrees); `value` null = not measurable (HL7
 * nullFlavor NI). `methodCode`: how it was derived, e.g. the QTc formula shown.
 */
export interface AecgMeasurement {
  code: string;
  value: number | null;
  unit: 'ms' | 'bpm' | 'deg';
  methodCode: string | null;
}

/** The patient: trialSubject id (the MRN) and subjectDemographicPerson (name, sex, birth date). */
export interface AecgSubject {
  mrn: string;
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
}

export interface AecgDocument {
  /** Our record id (root of the document's id). */
  id: string;
  /** Acquisition start, UTC, `YYYYMMDDHHMMSS.sss`. */
  effectiveTime: string;
  /** Null: the tracing was taken without a patient selected (the file then names nobody). */
  subject: AecgSubject | null;
  simulated: boolean;
  fsHz: number;
  leads: AecgLead[];
  measurements: AecgMeasurement[];
  /** Where the provider's review stands; a file that does not say reads as unconfirmed. */
  review: AecgReview;
  /** The analysis' findings for provider review, in their stored words. */
  flags: AecgFlag[];
  /** The cart (or source) that recorded the tracing; null when not known. */
  device: AecgDevice | null;
  /** The operator who captured it; null when not known. */
  operator: AecgOperator | null;
}

const MDC = '2.16.840.1.113883.6.24';
const HL7_ACTCODE = '2.16.840.1.113883.5.4';
const LEAD_CODES: ReadonlyMap<string, string> = new Map(
  ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((n) => [n, `MDC_ECG_LEAD_${n}`]),
);
const LEAD_BY_CODE: ReadonlyMap<string, string> = new Map([...LEAD_CODES].map(([n, c]) => [c, n]));

/** A lead's samples in Float32 mV: origin + digit x scale, rounded once (see digits.ts). */
export function leadMv(lead: AecgLead): Float32Array {
  const mvPerUnit = lead.unit === 'mV' ? 1 : 1e-3;
  const out = new Float32Array(lead.digits.length);
  for (let i = 0; i < out.length; i++) out[i] = sampleMv(lead.origin * mvPerUnit, lead.scale * mvPerUnit, lead.digits[i]!);
  return out;
}

/** The sample increment, written short (1/500 -> 0.002): the reader inverts it to the rate. */
const seconds = (v: number) => String(Number(v.toPrecision(12)));

function encodeMeasurement(m: AecgMeasurement): string {
  const value = m.value === null ? `<value xsi:type="PQ" nullFlavor="NI" unit="${m.unit}"/>` : `<value xsi:type="PQ" value="${decimal(m.value)}" unit="${m.unit}"/>`;
  const method = m.methodCode === null ? '' : `<methodCode code="${escapeXml(m.methodCode)}" codeSystem="${MDC}"/>`;
  return `<component><annotation><code code="${escapeXml(m.code)}" codeSystem="${MDC}"/>${value}${method}</annotation></component>`;
}

export function encodeAecg(doc: AecgDocument): string {
  if (!TS.test(doc.effectiveTime)) throw new AecgFormatError('effectiveTime must be YYYYMMDDHHMMSS[.sss]');
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<AnnotatedECG xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">');
  out.push(`<id root="${escapeXml(doc.id)}"/>`);
  out.push(`<code code="93000" codeSystem="2.16.840.1.113883.6.12" displayName="Routine ECG with at least 12 leads"/>`);
  if (doc.simulated) out.push('<text>SIMULATED - demonstration data, not from a patient</text>');
  out.push(`<effectiveTime><low value="${doc.effectiveTime}" inclusive="true"/></effectiveTime>`);
  if (doc.subject !== null) out.push(encodeSubject(doc.subject, doc.simulated));
  out.push('<component><series>');
  out.push(`<code code="RHYTHM" codeSystem="${HL7_ACTCODE}"/>`);
  out.push(`<effectiveTime><low value="${doc.effectiveTime}" inclusive="true"/></effectiveTime>`);
  if (doc.device !== null) out.push(encodeDevice(doc.device));
  if (doc.operator !== null) out.push(encodeOperator(doc.operator));
  out.push('<component><sequenceSet>');
  out.push(
    `<component><sequence><code code="TIME_ABSOLUTE" codeSystem="${HL7_ACTCODE}"/><value xsi:type="GLIST_TS"><head value="${doc.effectiveTime}"/><increment value="${seconds(1 / doc.fsHz)}" unit="s"/></value></sequence></component>`,
  );
  for (const l of doc.leads) {
    const code = LEAD_CODES.get(l.name);
    if (code === undefined) throw new AecgFormatError(`lead ${l.name} has no MDC code`);
    out.push(
      `<component><sequence><code code="${code}" codeSystem="${MDC}"/><value xsi:type="SLIST_PQ"><origin value="${decimal(l.origin)}" unit="${l.unit}"/><scale value="${decimal(l.scale)}" unit="${l.unit}"/><digits>${Array.from(l.digits).join(' ')}</digits></value></sequence></component>`,
    );
  }
  out.push('</sequenceSet></component>');
  const interpretation = encodeInterpretation(doc);
  if (doc.measurements.length > 0 || interpretation.analysis !== null) {
    out.push('<subjectOf><annotationSet>');
    for (const m of doc.measurements) out.push(encodeMeasurement(m));
    if (interpretation.analysis !== null) out.push(interpretation.analysis);
    out.push('</annotationSet></subjectOf>');
  }
  if (interpretation.reviewSet !== null) out.push(interpretation.reviewSet);
  out.push('</series></component>');
  out.push('</AnnotatedECG>');
  return out.join('\n');
}

function parseDigits(text: string): Int32Array {
  const parts = text.trim() === '' ? [] : text.trim().split(/\s+/);
  const d = new Int32Array(parts.length);
  parts.forEach((p, i) => {
    if (!/^-?\d{1,10}$/.test(p)) throw new AecgFormatError('digits must be integers');
    const v = Number(p);
    if (v > 2147483647 || v < -2147483648) throw new AecgFormatError('digit out of range');
    d[i] = v;
  });
  return d;
}

function decodeLead(name: string, value: XmlElement): AecgLead {
  const origin = one(value, 'origin');
  const scale = one(value, 'scale');
  const unit = attr(scale, 'unit');
  if (unit !== 'mV' && unit !== 'uV') throw new AecgFormatError('lead scale must be in mV or uV');
  if (attr(origin, 'unit') !== unit) throw new AecgFormatError('lead origin and scale differ in unit');
  const scaleValue = number(scale, 'value');
  if (!(scaleValue > 0)) throw new AecgFormatError('scale must be positive');
  return { name, unit, origin: number(origin, 'value'), scale: scaleValue, digits: parseDigits(one(value, 'digits').text) };
}

function decodeMeasurement(a: XmlElement): AecgMeasurement {
  const v = one(a, 'value');
  const unit = attr(v, 'unit');
  if (unit !== 'ms' && unit !== 'bpm' && unit !== 'deg') throw new AecgFormatError('unknown measurement unit');
  const method = a.children.find((c) => c.name === 'methodCode');
  return {
    code: attr(one(a, 'code'), 'code'),
    value: v.attrs['nullFlavor'] !== undefined && v.attrs['value'] === undefined ? null : number(v, 'value'),
    unit,
    methodCode: method === undefined ? null : attr(method, 'code'),
  };
}

/** Reads an aECG document (ours or a cart's with the same structure). */
export function decodeAecg(xml: string): AecgDocument {
  const root = parseXml(xml);
  if (root.name !== 'AnnotatedECG') throw new AecgFormatError('root element is not AnnotatedECG');
  const effectiveTime = attr(path(root, 'effectiveTime', 'low'), 'value');
  if (!TS.test(effectiveTime)) throw new AecgFormatError('effectiveTime is not a timestamp');
  const series = path(root, 'component', 'series');
  const seqs = kids(path(series, 'component', 'sequenceSet'), 'component').map((c) => one(c, 'sequence'));
  let fsHz: number | null = null;
  const leads: AecgLead[] = [];
  for (const s of seqs) {
    const code = attr(one(s, 'code'), 'code');
    const value = one(s, 'value');
    if (code === 'TIME_ABSOLUTE') {
      const inc = number(one(value, 'increment'), 'value');
      if (!(inc > 0)) throw new AecgFormatError('sample increment must be positive');
      fsHz = Number((1 / inc).toPrecision(12));
      continue;
    }
    const name = LEAD_BY_CODE.get(code);
    if (name !== undefined) leads.push(decodeLead(name, value));
  }
  if (fsHz === null) throw new AecgFormatError('no TIME_ABSOLUTE sequence');
  if (leads.length === 0) throw new AecgFormatError('no lead sequences');
  if (leads.some((l) => l.digits.length !== leads[0]!.digits.length)) throw new AecgFormatError('leads differ in length');
  const sets = kids(series, 'subjectOf').map((s) => one(s, 'annotationSet'));
  // Every annotation but the interpretations is a measurement (./interpretation.ts reads those).
  const measurements = sets
    .flatMap((set) => kids(set, 'component').map((c) => one(c, 'annotation')))
    .filter((a) => attr(one(a, 'code'), 'code') !== 'MDC_ECG_INTERPRETATION')
    .map(decodeMeasurement);
  const { flags, review, simulated: simulatedStatement } = decodeInterpretation(sets);
  const componentOf = root.children.find((c) => c.name === 'componentOf');
  const trialSubject = componentOf === undefined ? null : path(componentOf, 'timepointEvent', 'componentOf', 'subjectAssignment', 'subject', 'trialSubject');
  const text = root.children.find((c) => c.name === 'text');
  return {
    id: attr(one(root, 'id'), 'root'),
    effectiveTime,
    subject: trialSubject === null ? null : decodeSubject(trialSubject),
    // Any one mark is enough: a file marked simulated anywhere is never read as a patient's.
    simulated: (text !== undefined && text.text.startsWith('SIMULATED')) || simulatedStatement || (trialSubject !== null && subjectMarkedSimulated(trialSubject)),
    fsHz,
    leads,
    measurements,
    review,
    flags,
    device: decodeDevice(series),
    operator: decodeOperator(series),
  };
}
