/**
 * HL7 aECG (FDA annotated ECG, HL7 v3 XML) export and reader for our 12-lead captures:
 * AnnotatedECG > component > series > component > sequenceSet with a TIME_ABSOLUTE sequence
 * (GLIST_TS, increment = seconds per sample) and one SLIST_PQ sequence per lead (MDC_ECG_LEAD_*,
 * origin + scale in uV, space-separated integer digits); global measurements as annotations with
 * MDC codes (HL7 aECG implementation guide; standards-notes 4.3, BRAVEHEART load_hl7xml.m).
 */
import { AecgFormatError, escapeXml, parseXml, type XmlElement } from './xml.ts';

export { AecgFormatError } from './xml.ts';

export interface AecgLead {
  /** Standard lead name: I, II, III, aVR, aVL, aVF, V1..V6. */
  name: string;
  /** Physical value of digit 0, microvolts. */
  originUv: number;
  /** Microvolts per digit. */
  scaleUv: number;
  digits: Int32Array;
}

/** MDC-coded global measurement (ms, bpm or degrees). */
export interface AecgMeasurement {
  code: string;
  value: number;
  unit: 'ms' | 'bpm' | 'deg';
}

export interface AecgDocument {
  /** Our record id (root of the document's id). */
  id: string;
  /** Acquisition start, UTC, `YYYYMMDDHHMMSS.sss`. */
  effectiveTime: string;
  patientId: string;
  simulated: boolean;
  fsHz: number;
  leads: AecgLead[];
  measurements: AecgMeasurement[];
}

const MDC = '2.16.840.1.113883.6.24';
const HL7_ACTCODE = '2.16.840.1.113883.5.4';
const LEAD_CODES: ReadonlyMap<string, string> = new Map(
  ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((n) => [n, `MDC_ECG_LEAD_${n}`]),
);
const LEAD_BY_CODE: ReadonlyMap<string, string> = new Map([...LEAD_CODES].map(([n, c]) => [c, n]));
const TS = /^\d{14}(\.\d{1,3})?$/;

/** Converts leads in mV to aECG digits at `scaleUv` microvolts per digit (rounded; NaN is refused). */
export function digitize(mv: Float32Array, scaleUv: number): Int32Array {
  const d = new Int32Array(mv.length);
  for (let i = 0; i < mv.length; i++) {
    const v = mv[i]!;
    if (v !== v) throw new AecgFormatError('a lead has missing samples; aECG digits cannot encode gaps');
    d[i] = Math.round((v * 1000) / scaleUv);
  }
  return d;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12))));

export function encodeAecg(doc: AecgDocument): string {
  if (!TS.test(doc.effectiveTime)) throw new AecgFormatError('effectiveTime must be YYYYMMDDHHMMSS[.sss]');
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<AnnotatedECG xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">');
  out.push(`<id root="${escapeXml(doc.id)}"/>`);
  out.push(`<code code="93000" codeSystem="2.16.840.1.113883.6.12" displayName="Routine ECG with at least 12 leads"/>`);
  if (doc.simulated) out.push('<text>SIMULATED - demonstration data, not from a patient</text>');
  out.push(`<effectiveTime><low value="${doc.effectiveTime}" inclusive="true"/></effectiveTime>`);
  out.push('<componentOf><timepointEvent><componentOf><subjectAssignment><subject><trialSubject>');
  out.push(`<id extension="${escapeXml(doc.patientId)}"/>`);
  out.push('</trialSubject></subject></subjectAssignment></componentOf></timepointEvent></componentOf>');
  out.push('<component><series>');
  out.push(`<code code="RHYTHM" codeSystem="${HL7_ACTCODE}"/>`);
  out.push(`<effectiveTime><low value="${doc.effectiveTime}" inclusive="true"/></effectiveTime>`);
  out.push('<component><sequenceSet>');
  out.push(
    `<component><sequence><code code="TIME_ABSOLUTE" codeSystem="${HL7_ACTCODE}"/><value xsi:type="GLIST_TS"><head value="${doc.effectiveTime}"/><increment value="${num(1 / doc.fsHz)}" unit="s"/></value></sequence></component>`,
  );
  for (const l of doc.leads) {
    const code = LEAD_CODES.get(l.name);
    if (code === undefined) throw new AecgFormatError(`lead ${l.name} has no MDC code`);
    out.push(
      `<component><sequence><code code="${code}" codeSystem="${MDC}"/><value xsi:type="SLIST_PQ"><origin value="${num(l.originUv)}" unit="uV"/><scale value="${num(l.scaleUv)}" unit="uV"/><digits>${Array.from(l.digits).join(' ')}</digits></value></sequence></component>`,
    );
  }
  out.push('</sequenceSet></component>');
  if (doc.measurements.length > 0) {
    out.push('<subjectOf><annotationSet>');
    for (const m of doc.measurements) {
      out.push(`<component><annotation><code code="${escapeXml(m.code)}" codeSystem="${MDC}"/><value xsi:type="PQ" value="${num(m.value)}" unit="${m.unit}"/></annotation></component>`);
    }
    out.push('</annotationSet></subjectOf>');
  }
  out.push('</series></component>');
  out.push('</AnnotatedECG>');
  return out.join('\n');
}

const kids = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);
function one(e: XmlElement, name: string): XmlElement {
  const c = e.children.find((k) => k.name === name);
  if (c === undefined) throw new AecgFormatError(`<${e.name}> has no <${name}>`);
  return c;
}
function path(e: XmlElement, ...names: string[]): XmlElement {
  return names.reduce(one, e);
}
function attr(e: XmlElement, name: string): string {
  const v = e.attrs[name];
  if (v === undefined) throw new AecgFormatError(`<${e.name}> has no ${name}`);
  return v;
}
function number(e: XmlElement, name: string): number {
  const s = attr(e, name);
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) throw new AecgFormatError(`<${e.name}> ${name} is not a number`);
  return v;
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
    if (name === undefined) continue;
    const scaleUv = number(one(value, 'scale'), 'value');
    if (!(scaleUv > 0)) throw new AecgFormatError('scale must be positive');
    leads.push({ name, originUv: number(one(value, 'origin'), 'value'), scaleUv, digits: parseDigits(one(value, 'digits').text) });
  }
  if (fsHz === null) throw new AecgFormatError('no TIME_ABSOLUTE sequence');
  if (leads.length === 0) throw new AecgFormatError('no lead sequences');
  if (leads.some((l) => l.digits.length !== leads[0]!.digits.length)) throw new AecgFormatError('leads differ in length');
  const measurements: AecgMeasurement[] = [];
  const set = series.children.find((c) => c.name === 'subjectOf');
  if (set !== undefined) {
    for (const c of kids(one(set, 'annotationSet'), 'component')) {
      const a = one(c, 'annotation');
      const v = one(a, 'value');
      const unit = attr(v, 'unit');
      if (unit !== 'ms' && unit !== 'bpm' && unit !== 'deg') throw new AecgFormatError('unknown measurement unit');
      measurements.push({ code: attr(one(a, 'code'), 'code'), value: number(v, 'value'), unit });
    }
  }
  const subject = root.children.find((c) => c.name === 'componentOf');
  const patientId = subject === undefined ? '' : attr(path(subject, 'timepointEvent', 'componentOf', 'subjectAssignment', 'subject', 'trialSubject', 'id'), 'extension');
  const text = root.children.find((c) => c.name === 'text');
  return {
    id: attr(one(root, 'id'), 'root'),
    effectiveTime,
    patientId,
    simulated: text !== undefined && text.text.startsWith('SIMULATED'),
    fsHz,
    leads,
    measurements,
  };
}
