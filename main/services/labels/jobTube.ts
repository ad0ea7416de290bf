import { CONTAINERS, SPECIMEN_TYPES } from '../../../common/labels/catalogue.ts';
import { specimenText } from '../../../common/labels/content.ts';

/**
 * Which tube a print job's label is for, as the label itself prints it: the specimen type and
 * container (catalogue codes), the test codes and the collection time. The Labels screen shows it
 * on each row of the job list and in the Reprint dialog, so the MA reprints the label of the tube
 * in her hand and not another tube's from the same visit.
 */
export interface JobTube {
  readonly specimenType: string;
  readonly container: string;
  /** The test codes as the label prints them (space-separated). */
  readonly tests: string;
  /** `YYYY-MM-DD HH:MM`: the wall-clock time the label prints (the time as the collector's clock showed it). */
  readonly collectedAt: string;
}

/**
 * The queue keeps no label input, only the ZPL (print_jobs.zpl): the very bytes a reprint sends
 * again, so what is read from it is exactly what the reprinted label says. The collection and
 * specimen lines are built by common/labels/layout.ts (`Coll YYYY-MM-DD HH:MM  By ...`, then
 * `SPECIMEN TEXT: TESTS`) and the specimen text by common/labels/content.ts `specimenText`; test/main/services/labels/
 * jobTube.test.ts round-trips every type and container through buildLabel to keep them in step.
 */
const COLLECTION_LINE = /^Coll (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) {2}By /;

/** Every specimen text a label can print, longest first (a longer one may start with a shorter). */
const SPECIMEN_TEXTS: readonly { readonly text: string; readonly specimenType: string; readonly container: string }[] = SPECIMEN_TYPES.flatMap((type) =>
  type.containers.flatMap((code) => {
    const container = CONTAINERS.find((c) => c.code === code);
    if (!container) return [];
    return [{ text: specimenText(type, container), specimenType: type.code, container: code }];
  }),
).sort((a, b) => b.text.length - a.text.length);

/** ZPL field data written under `^FH_` (zpl.ts): `_XX` is one byte of UTF-8. */
function unescapeFieldData(data: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const hex = data[i] === '_' ? data.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(data[i])) bytes.push(b);
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

/** The tube of a stored label, or null when its ZPL does not carry the lines the layout writes. */
export function tubeOfZpl(zpl: string): JobTube | null {
  const fields = [...zpl.matchAll(/\^FD(.*?)\^FS/g)].map((m) => unescapeFieldData(m[1] ?? ''));
  // The collection line comes right before the specimen line; the last such line, as the
  // layout puts them after the name, identifiers and accession.
  let at = -1;
  fields.forEach((f, i) => {
    if (COLLECTION_LINE.test(f)) at = i;
  });
  const collected = at < 0 ? null : COLLECTION_LINE.exec(fields[at]!);
  const specimenLine = fields[at + 1];
  if (!collected || specimenLine === undefined) return null;
  const specimen = SPECIMEN_TEXTS.find((s) => specimenLine.startsWith(`${s.text}: `));
  if (!specimen) return null;
  const tests = specimenLine.slice(specimen.text.length + 2);
  if (tests === '') return null;
  return { specimenType: specimen.specimenType, container: specimen.container, tests, collectedAt: collected[1]! };
}
