/**
 * What the station says about a tracing, where aECG readers look for it: interpretation
 * annotations of the series (series > subjectOf > annotationSet > component > annotation coded
 * MDC_ECG_INTERPRETATION, whose components are MDC_ECG_INTERPRETATION_STATEMENT annotations with an
 * ST value; HL7 aECG implementation guide 2005, annotations; read so by ECGConversion's aECG reader
 * and the hl7v3-aecg library).
 *
 * - The analysis set (the one with the measurements) says, one statement each and in this order:
 *   SIMULATED (simulated data), UNCONFIRMED (no provider has reviewed it; the PDF's words), then
 *   every flag for provider review in its stored words.
 * - A provider's review is a set of its own, as ECGConversion writes an over-read: its author
 *   (author > assignedEntity > assignedAuthorType > assignedPerson > name) is the reviewer, its
 *   activityTime when they confirmed or over-read; one statement "CONFIRMED by ..." or "OVER-READ
 *   by ...", and the comment as MDC_ECG_INTERPRETATION_COMMENT (the code open-source aECG readers
 *   look for; UNCONFIRMED against ISO/IEEE 11073-10102 itself).
 *
 * A flag's code, urgency and value, the review status and the reviewer's role have no MDC or HL7
 * code. They are LOCAL annotations nested under the statement they describe: codeSystem "" (as the
 * guide writes its own suggested codes) and codeSystemName POC_STATION, codes starting POC_. A
 * reader that does not know them still shows the statements.
 */
import { SIMULATED_REPORT_TEXT, UNCONFIRMED_TEXT } from '../../domain/ekg-report/layout.ts';
import { AecgFormatError, attr, decimal, escapeXml, kids, number, one, path, type XmlElement } from './xml.ts';

export type AecgFlagUrgency = 'routine' | 'prompt' | 'immediate';

/** One finding for provider review as the analysis stored it (EkgFlag): its words are written as they are. */
export interface AecgFlag {
  code: string;
  text: string;
  urgency: AecgFlagUrgency;
  value: number | string | null;
}

export type AecgReview =
  | { status: 'unconfirmed' }
  | {
      status: 'confirmed' | 'over-read';
      /** The reviewer's display name and role, as the review trail shows them. */
      reviewerName: string;
      reviewerRole: string;
      /** When they confirmed or over-read, UTC, `YYYYMMDDHHMMSS[.sss]` (HL7 TS). */
      time: string;
      comment: string | null;
    };

/** The PDF's words for simulated data, and that it is not for clinical use. */
export const SIMULATED_STATEMENT = `${SIMULATED_REPORT_TEXT}, not for clinical use`;

export const TS = /^\d{14}(\.\d{1,3})?$/;
const MDC = '2.16.840.1.113883.6.24';
const INTERPRETATION = 'MDC_ECG_INTERPRETATION';
const STATEMENT = 'MDC_ECG_INTERPRETATION_STATEMENT';
const COMMENT = 'MDC_ECG_INTERPRETATION_COMMENT';
// Local codes (no MDC or HL7 term exists): see the file comment.
const FLAG_CODE = 'POC_FLAG_CODE';
const FLAG_URGENCY = 'POC_FLAG_URGENCY';
const FLAG_VALUE = 'POC_FLAG_VALUE';
const REVIEW_STATUS = 'POC_REVIEW_STATUS';
const REVIEWER_ROLE = 'POC_REVIEWER_ROLE';
const URGENCIES: readonly string[] = ['routine', 'prompt', 'immediate'] satisfies AecgFlagUrgency[];

const mdc = (code: string) => `<code code="${code}" codeSystem="${MDC}"/>`;
const local = (code: string) => `<code code="${code}" codeSystem="" codeSystemName="POC_STATION"/>`;
const st = (text: string) => `<value xsi:type="ST">${escapeXml(text)}</value>`;
const component = (code: string, value: string, ...nested: string[]) => `<component><annotation>${code}${value}${nested.join('')}</annotation></component>`;

function flagValue(v: number | string | null): string[] {
  if (v === null) return [];
  return [component(local(FLAG_VALUE), typeof v === 'number' ? `<value xsi:type="REAL" value="${decimal(v)}"/>` : st(v))];
}

/** "2026-11-22 09:20 UTC" of an HL7 TS. */
const readableUtc = (ts: string) => `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)} ${ts.slice(8, 10)}:${ts.slice(10, 12)} UTC`;

/**
 * The analysis set's interpretation annotation (one `<component>`), and the provider's review set
 * (a whole `<subjectOf>`) when there is one.
 */
export function encodeInterpretation(d: { simulated: boolean; review: AecgReview; flags: readonly AecgFlag[] }): { analysis: string | null; reviewSet: string | null } {
  const statements: string[] = [];
  if (d.simulated) statements.push(component(mdc(STATEMENT), st(SIMULATED_STATEMENT)));
  if (d.review.status === 'unconfirmed') statements.push(component(mdc(STATEMENT), st(UNCONFIRMED_TEXT), component(local(REVIEW_STATUS), st('unconfirmed'))));
  for (const f of d.flags) {
    statements.push(component(mdc(STATEMENT), st(f.text), component(local(FLAG_CODE), st(f.code)), component(local(FLAG_URGENCY), st(f.urgency)), ...flagValue(f.value)));
  }
  const analysis = statements.length === 0 ? null : component(mdc(INTERPRETATION), '', ...statements);
  const r = d.review;
  if (r.status === 'unconfirmed') return { analysis, reviewSet: null };
  if (!TS.test(r.time)) throw new AecgFormatError('review time must be YYYYMMDDHHMMSS[.sss]');
  const said = `${r.status === 'confirmed' ? 'CONFIRMED' : 'OVER-READ'} by ${r.reviewerName} (${r.reviewerRole}) at ${readableUtc(r.time)}`;
  const reviewSet = [
    '<subjectOf><annotationSet>',
    `<activityTime value="${r.time}"/>`,
    `<author><assignedEntity><assignedAuthorType><assignedPerson><name>${escapeXml(r.reviewerName)}</name></assignedPerson></assignedAuthorType></assignedEntity></author>`,
    component(
      mdc(INTERPRETATION),
      '',
      component(mdc(STATEMENT), st(said), component(local(REVIEW_STATUS), st(r.status)), component(local(REVIEWER_ROLE), st(r.reviewerRole))),
      ...(r.comment === null ? [] : [component(mdc(COMMENT), st(r.comment))]),
    ),
    '</annotationSet></subjectOf>',
  ].join('');
  return { analysis, reviewSet };
}

const codeOf = (a: XmlElement) => attr(one(a, 'code'), 'code');
const nested = (a: XmlElement) => kids(a, 'component').map((c) => one(c, 'annotation'));
/** The ST value of an annotation. */
function stOf(a: XmlElement): string {
  const v = one(a, 'value');
  if (v.attrs['xsi:type'] !== 'ST') throw new AecgFormatError(`${codeOf(a)} is not a text value`);
  return v.text;
}
/** The nested local annotation `code` of a statement (at most one). */
function part(statement: XmlElement, code: string): XmlElement | undefined {
  const found = nested(statement).filter((a) => codeOf(a) === code);
  if (found.length > 1) throw new AecgFormatError(`more than one ${code}`);
  return found[0];
}

function decodeFlag(statement: XmlElement, code: XmlElement): AecgFlag {
  const urgencyPart = part(statement, FLAG_URGENCY);
  if (urgencyPart === undefined) throw new AecgFormatError('a flag without its urgency');
  const urgency = stOf(urgencyPart);
  if (!URGENCIES.includes(urgency)) throw new AecgFormatError('unknown flag urgency');
  const valuePart = part(statement, FLAG_VALUE);
  let value: AecgFlag['value'] = null;
  if (valuePart !== undefined) {
    const v = one(valuePart, 'value');
    value = v.attrs['xsi:type'] === 'REAL' ? number(v, 'value') : stOf(valuePart);
  }
  return { code: stOf(code), text: stOf(statement), urgency: urgency as AecgFlagUrgency, value };
}

/**
 * Flags, review and the SIMULATED statement of a series' annotation sets. A file that says nothing
 * of a review (a cart's, an older export) reads as unconfirmed; one that says two things is refused.
 */
export function decodeInterpretation(sets: readonly XmlElement[]): { flags: AecgFlag[]; review: AecgReview; simulated: boolean } {
  const flags: AecgFlag[] = [];
  let simulated = false;
  const statuses: { status: string; set: XmlElement; statement: XmlElement; interpretation: XmlElement }[] = [];
  for (const set of sets) {
    for (const interpretation of nested(set).filter((a) => codeOf(a) === INTERPRETATION)) {
      for (const statement of nested(interpretation).filter((a) => codeOf(a) === STATEMENT)) {
        const flagCode = part(statement, FLAG_CODE);
        const status = part(statement, REVIEW_STATUS);
        if (flagCode !== undefined) flags.push(decodeFlag(statement, flagCode));
        else if (status !== undefined) statuses.push({ status: stOf(status), set, statement, interpretation });
        else if (statement.children.some((v) => v.name === 'value' && v.text === SIMULATED_STATEMENT)) simulated = true;
      }
    }
  }
  if (statuses.length > 1) throw new AecgFormatError('more than one review status');
  const said = statuses[0];
  if (said === undefined) return { flags, review: { status: 'unconfirmed' }, simulated };
  if (said.status === 'unconfirmed') return { flags, review: { status: 'unconfirmed' }, simulated };
  if (said.status !== 'confirmed' && said.status !== 'over-read') throw new AecgFormatError('unknown review status');
  const role = part(said.statement, REVIEWER_ROLE);
  if (role === undefined) throw new AecgFormatError('a review without the reviewer\u2019s role');
  const time = attr(one(said.set, 'activityTime'), 'value');
  if (!TS.test(time)) throw new AecgFormatError('review time is not a timestamp');
  const comments = nested(said.interpretation).filter((a) => codeOf(a) === COMMENT);
  if (comments.length > 1) throw new AecgFormatError('more than one review comment');
  const comment = comments[0];
  return {
    flags,
    review: {
      status: said.status,
      reviewerName: path(said.set, 'author', 'assignedEntity', 'assignedAuthorType', 'assignedPerson', 'name').text,
      reviewerRole: stOf(role),
      time,
      comment: comment === undefined ? null : stOf(comment),
    },
    simulated,
  };
}
