/**
 * ASTM E1394 (CLSI LIS2-A2) records: H header, P patient, O order, R result, C comment,
 * M manufacturer, S scientific, Q request, L terminator. Delimiters are read from the H record
 * (`H|\^&` = field `|`, repeat `\`, component `^`, escape `&`), never assumed.
 * Record order follows python-astm's DEFAULT_RECORDS_FLOW_MAP (standards-notes §2.3), plus Q after H.
 *
 * Device departure handled here: Bayer/Ascensia Contour puts the result time in R-9 (standard
 * R-13) and the meter serial in H-5 component 3 (glucometerutils contourusb.py _RESULT_RECORD_RE).
 */
import { AstmError } from './errors.ts';

export interface Delimiters {
  readonly field: string;
  readonly repeat: string;
  readonly component: string;
  readonly escape: string;
}

export function delimitersFromHeader(record: string): Delimiters {
  if (record.length < 5 || record[0] !== 'H') throw new AstmError('astm-record', 'first record is not an H header');
  const [field, repeat, component, escape] = [record[1]!, record[2]!, record[3]!, record[4]!];
  const set = new Set([field, repeat, component, escape]);
  if (set.size !== 4 || [...set].some((c) => /[A-Za-z0-9\r\n]/.test(c))) throw new AstmError('astm-record', 'header delimiters are not 4 distinct punctuation characters');
  return { field, repeat, component, escape };
}

/** E1394 escape sequences: &F& field, &S& component, &R& repeat, &E& escape. */
export function unescapeText(s: string, d: Delimiters): string {
  const e = d.escape;
  if (!s.includes(e)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s[i + 1];
    if (c === e && code !== undefined && s[i + 2] === e && 'FSRE'.includes(code)) {
      out += code === 'F' ? d.field : code === 'S' ? d.component : code === 'R' ? d.repeat : d.escape;
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

export function escapeText(s: string, d: Delimiters): string {
  let out = '';
  for (const c of s) {
    if (c === d.escape) out += `${d.escape}E${d.escape}`;
    else if (c === d.field) out += `${d.escape}F${d.escape}`;
    else if (c === d.component) out += `${d.escape}S${d.escape}`;
    else if (c === d.repeat) out += `${d.escape}R${d.escape}`;
    else out += c;
  }
  return out;
}

/** A record split into raw fields; `field(n)` is 1-based like the standard (field 1 = record type). */
export class AstmRecord {
  readonly type: string;
  private readonly fields: string[];

  constructor(
    readonly text: string,
    readonly d: Delimiters,
  ) {
    this.fields = text.split(d.field);
    if (text.length === 0) throw new AstmError('astm-record', 'empty record');
    this.type = text[0]!;
    if (this.fields[0] !== this.type) throw new AstmError('astm-record', 'record type is not one letter');
  }

  raw(n: number): string {
    return this.fields[n - 1] ?? '';
  }

  /** Whole field, unescaped. */
  value(n: number): string {
    return unescapeText(this.raw(n), this.d);
  }

  /** Component c (1-based) of the first repeat of field n, unescaped. */
  component(n: number, c: number): string {
    const first = this.raw(n).split(this.d.repeat)[0] ?? '';
    return unescapeText(first.split(this.d.component)[c - 1] ?? '', this.d);
  }
}

export interface AstmResult {
  /** */
  readonly sequence: string;
  /** The test code the device sent: R-3 component 4 (`^^^Glucose`), else the last non-empty component. */
  readonly testCode: string;
  /** R-4, unescaped, otherwise exactly as sent. */
  readonly value: string;
  /** R-5 component 1. */
  readonly units: string;
  readonly referenceRange: string;
  readonly abnormalFlags: string;
  readonly resultStatus: string;
  readonly operator: string;
  /** Raw E1394 timestamp (YYYYMMDDHHMMSS or shorter). */
  readonly completedAt: string;
  readonly instrument: string;
  /** P-3 (practice-assigned patient id) of the patient record above, if any. */
  readonly patientId: string;
  /** O-3 specimen id of the order above, if any. */
  readonly specimenId: string;
  readonly comments: string[];
}

export interface AstmMessage {
  readonly delimiters: Delimiters;
  /** H-5 components (sender name or id: model, versions, serial...). */
  readonly sender: string[];
  readonly headerTimestamp: string;
  readonly results: AstmResult[];
  /** L-3: N normal, anything else means the sender ended abnormally. */
  readonly terminationCode: string;
  readonly recordCount: number;
}

// P -> R is a Contour departure (no O record; Tidepool bayerContour.js, glucometerutils contourusb.py).
const FLOW: Record<string, string> = { H: 'CMPLQ', P: 'CMORL', O: 'CMPORL', R: 'CMPORSL', Q: 'CMQL', S: 'CMPORSL' };
const TS_RE = /^\d{8}(\d{4}(\d{2})?)?$/;

/** C0 controls, DEL and the Latin-1 C1 controls: none is text (E1381 frames carry text, E1394 records printable data). */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * A result record that is no reading refuses its message (`astm-record`), like one without a test
 * code: a control character anywhere in it (a BEL inside `09<BEL>3` is line damage the checksum
 * did not catch, or a device fault; which digits were meant cannot be known), or no value (R-4
 * empty or blank). Never repaired, never dropped on its own. `n` counts the R records of the
 * message; the message names it, never its content.
 */
function assertResultRecord(r: AstmRecord, n: number): void {
  if (hasControlCharacter(r.text)) throw new AstmError('astm-record', `result record ${n} contains a control character`);
  if (r.value(4).trim() === '') throw new AstmError('astm-record', `result record ${n} has no value (R-4)`);
}

/** Parses one complete H..L message. Throws AstmError('astm-record') on anything out of order or malformed. */
export function parseMessage(records: readonly string[]): AstmMessage {
  const first = records[0];
  if (first === undefined) throw new AstmError('astm-record', 'message has no records');
  const d = delimitersFromHeader(first);
  const header = new AstmRecord(first, d);
  // H-2 is the delimiter definition itself: never split it.
  const sender = header.raw(5).split(d.component).map((c) => unescapeText(c, d));
  const results: AstmResult[] = [];
  let state = 'H';
  let patientId = '';
  let specimenId = '';
  let lastResult: AstmResult | null = null;
  let terminationCode: string | null = null;
  for (let i = 1; i < records.length; i++) {
    if (terminationCode !== null) throw new AstmError('astm-record', 'record after the L terminator');
    const r = new AstmRecord(records[i]!, d);
    const allowed = FLOW[state] ?? '';
    if (!allowed.includes(r.type)) throw new AstmError('astm-record', `record ${r.type} not allowed after ${state}`);
    switch (r.type) {
      case 'P':
        patientId = r.value(3);
        specimenId = '';
        lastResult = null;
        break;
      case 'O':
        specimenId = r.value(3);
        lastResult = null;
        break;
      case 'R': {
        assertResultRecord(r, results.length + 1);
        lastResult = {
          sequence: r.value(2),
          testCode: r.component(3, 4) || (r.raw(3).split(d.component).map((c) => unescapeText(c, d)).filter((c) => c !== '').pop() ?? ''),
          value: r.value(4),
          units: r.component(5, 1),
          referenceRange: r.value(6),
          abnormalFlags: r.value(7),
          resultStatus: r.value(9),
          operator: r.value(11),
          completedAt: r.value(13) || r.value(12) || (TS_RE.test(r.value(9)) ? r.value(9) : ''),
          instrument: r.value(14),
          patientId,
          specimenId,
          comments: [],
        };
        if (lastResult.testCode === '') throw new AstmError('astm-record', 'result record without a test code');
        results.push(lastResult);
        break;
      }
      case 'C':
        lastResult?.comments.push(r.component(4, 2) || r.value(4));
        break;
      case 'L':
        terminationCode = r.value(3);
        break;
      default:
        break;
    }
    if (r.type !== 'C' && r.type !== 'M') state = r.type;
  }
  if (terminationCode === null) throw new AstmError('astm-record', 'message has no L terminator');
  return { delimiters: d, sender, headerTimestamp: header.value(14), results, terminationCode, recordCount: records.length };
}

/** E1394 timestamp `YYYYMMDD[HHMM[SS]]` to ISO 8601 local time (no offset: devices send local time). */
export function astmTimestampToIso(ts: string): string {
  if (!TS_RE.test(ts)) throw new AstmError('astm-record', 'timestamp is not YYYYMMDD[HHMM[SS]]');
  const [y, mo, da, h, mi, s] = [ts.slice(0, 4), ts.slice(4, 6), ts.slice(6, 8), ts.slice(8, 10) || '00', ts.slice(10, 12) || '00', ts.slice(12, 14) || '00'];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(da) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new AstmError('astm-record', 'timestamp is not a real date/time');
  }
  return `${y}-${mo}-${da}T${h}:${mi}:${s}`;
}
