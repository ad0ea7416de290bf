/**
 * HL7 v2.5.1 ORU^R01 for one point-of-care result (standards-notes §2.4: LRI IG; FHIR
 * Observation<->v2 mapping):
 *
 *   MSH|^~\&|sendApp|sendFac|recvApp|recvFac|YYYYMMDDHHMMSS||ORU^R01^ORU_R01|ctrl|P|2.5.1
 *   PID|1||MRN^^^assigner^MR||Family^Given||YYYYMMDD|sex
 *   OBR|1|resultId^sendApp|resultId^sendApp|code^name^LN|||obsTime|...|OBR-25 status
 *   OBX|1|NM|LOINC^name^LN||value|UCUM^^UCUM|range|flag|||F|||obsTime||id^family^given||device
 *   NTE|1|L|Reagent lot ...
 *
 * Values leave as they came: HI/LO go out as ST (never turned into numbers), numbers as NM,
 * coded answers as CWE with the LOINC answer code. A correction goes out with status C.
 * Simulated results go out with MSH-11 = T (training) and an NTE saying SIMULATED.
 */
import { isIsoDate, parseIsoCalendar } from '../../../common/calendar.ts';
import { FormatError } from '../../../common/errors.ts';
import type { Evaluation } from './evaluate.ts';

export interface OruPatient {
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  /** YYYY-MM-DD */
  readonly dob: string;
  /** HL7 table 0001: F, M, O, U, A, N */
  readonly sex: string;
}

/** Who sends the message to whom, and when: the MSH fields plus the MRN's assigning authority. */
export interface Hl7Envelope {
  readonly controlId: string;
  /** ISO 8601 with offset, e.g. 2026-11-22T16:00:00Z */
  readonly sentAt: string;
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  /** Assigning authority of the MRN (PID-3.4). */
  readonly mrnAuthority: string;
}

export interface OruInput extends Hl7Envelope {
  readonly patient: OruPatient;
  readonly evaluation: Evaluation;
  /** Catalogue answer code (LOINC LA...) for a coded value, when known. */
  readonly answerCode?: string;
  /** ISO 8601; a zone offset is kept when given. */
  readonly observedAt: string;
  readonly status: 'F' | 'C';
  /**
   * The result's own id, the same in every version: OBR-2/OBR-3, so a correction (status C) names
   * the result it replaces rather than leaving the EMR to guess from patient, code and time.
   */
  readonly resultId: string;
  /** Family/given only when the operator record has them as such (XCN has no free-text name). */
  readonly operator: { readonly id: string; readonly familyName?: string; readonly givenName?: string };
  readonly device: { readonly id: string };
  readonly lot?: { readonly number: string; readonly expires: string };
  readonly simulated: boolean;
}

/** HL7 escaping with the default encoding characters (HL7 v2.5.1 ch. 2.7). */
export function hl7Escape(s: string): string {
  let out = '';
  for (const c of s) {
    switch (c) {
      case '\\': out += '\\E\\'; break;
      case '|': out += '\\F\\'; break;
      case '^': out += '\\S\\'; break;
      case '&': out += '\\T\\'; break;
      case '~': out += '\\R\\'; break;
      case '\r': out += '\\X0D\\'; break;
      case '\n': out += '\\X0A\\'; break;
      default: out += c;
    }
  }
  return out;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 to HL7 DTM, keeping the precision and the offset that were given. A date or time that does not exist is refused. */
export function isoToHl7(iso: string): string {
  const c = parseIsoCalendar(iso);
  if (c === undefined) throw new FormatError('date/time is not a real ISO 8601 date or date-time');
  let out = `${pad(c.year, 4)}${pad(c.month)}${pad(c.day)}`;
  const t = c.time;
  if (t === undefined) return out;
  out += `${pad(t.hour)}${pad(t.minute)}${t.second === undefined ? '' : pad(t.second)}`;
  if (t.offsetMinutes !== undefined) {
    const abs = Math.abs(t.offsetMinutes);
    out += `${t.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  }
  return out;
}

/** Joins fields or components, dropping trailing empty ones as HL7 senders customarily do. */
function joinTrimmed(parts: readonly string[], separator: '|' | '^'): string {
  let n = parts.length;
  while (n > 1 && parts[n - 1] === '') n--;
  return parts.slice(0, n).join(separator);
}

function segment(...fields: string[]): string {
  return joinTrimmed(fields, '|');
}

/** XCN (id^family^given): a display name is never split, since which word is the family name cannot be told from it. */
function xcn(person: OruInput['operator']): string {
  return joinTrimmed([person.id, person.familyName ?? '', person.givenName ?? ''].map(hl7Escape), '^');
}

function valueType(e: Evaluation, answerCode: string | undefined): { type: string; value: string } {
  if (e.valueKind === 'numeric') return { type: 'NM', value: hl7Escape(e.value.trim()) };
  if (e.valueKind === 'coded' && answerCode) return { type: 'CWE', value: `${hl7Escape(answerCode)}^${hl7Escape(e.value)}^LN` };
  return { type: 'ST', value: hl7Escape(e.value) };
}

/** Builds the message; segments separated by CR as HL7 requires. */
export function buildOru(input: OruInput): string {
  const e = input.evaluation;
  const p = input.patient;
  if (input.controlId === '' || input.controlId.length > 20) throw new FormatError('HL7 control id must be 1-20 characters');
  // EI.1 is an ST of at most 199 characters (HL7 v2.5.1 2A.25).
  if (input.resultId.trim() === '' || input.resultId.length > 199) throw new FormatError('result id must be 1-199 characters');
  if (p.mrn.trim() === '') throw new FormatError('patient MRN is required');
  if (!isIsoDate(p.dob)) throw new FormatError('patient dob must be a real YYYY-MM-DD date');
  if (!/^[FMOUAN]$/.test(p.sex)) throw new FormatError('patient sex must be one of F M O U A N (HL7 table 0001)');
  const obsTime = isoToHl7(input.observedAt);
  const { type, value } = valueType(e, input.answerCode);
  const code = `${hl7Escape(e.loinc)}^${hl7Escape(e.loincName)}^LN`;
  const units = e.ucum === '' ? '' : `${hl7Escape(e.ucum)}^^UCUM`;
  // Placer and filler order number: a point-of-care test has no order from the EMR, so the station
  // is both and numbers it with the result id, namespaced by the sending application (EI.1^EI.2).
  const orderNumber = `${hl7Escape(input.resultId)}^${hl7Escape(input.sendingApplication)}`;
  const segments = [
    segment('MSH', '^~\\&', hl7Escape(input.sendingApplication), hl7Escape(input.sendingFacility), hl7Escape(input.receivingApplication), hl7Escape(input.receivingFacility),
      isoToHl7(input.sentAt), '', 'ORU^R01^ORU_R01', hl7Escape(input.controlId), input.simulated ? 'T' : 'P', '2.5.1'),
    segment('PID', '1', '', `${hl7Escape(p.mrn)}^^^${hl7Escape(input.mrnAuthority)}^MR`, '', `${hl7Escape(p.familyName)}^${hl7Escape(p.givenName)}`, '', p.dob.replaceAll('-', ''), p.sex),
    // OBR-2/3 order numbers, OBR-7 observation time, OBR-22 status change time, OBR-25 result status.
    segment('OBR', '1', orderNumber, orderNumber, code, '', '', obsTime, '', '', '', '', '', '', '', '', '', '', '', '', '', '', isoToHl7(input.sentAt), '', '', input.status),
    // OBX-14 observation time, OBX-16 responsible observer (the operator, XCN), OBX-18 equipment instance.
    segment('OBX', '1', type, code, '', value, units, hl7Escape(e.referenceRange), e.flag ?? '', '', '', input.status, '', '', obsTime, '', xcn(input.operator), '', hl7Escape(input.device.id)),
  ];
  let nte = 1;
  if (input.lot) segments.push(segment('NTE', String(nte++), 'L', hl7Escape(`Reagent lot ${input.lot.number}, expires ${input.lot.expires}`)));
  if (input.simulated) segments.push(segment('NTE', String(nte++), 'L', 'SIMULATED DEVICE RESULT - NOT FOR CLINICAL USE'));
  return segments.join('\r') + '\r';
}
