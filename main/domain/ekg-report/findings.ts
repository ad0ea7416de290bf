/**
 * The findings area of the report: every flag (urgency and its text in plain words, which carry the
 * measured value) and the provider's comment, in one or two columns at a type size the page layout
 * chooses (layout.ts tries smaller sizes until the page fits). Nothing is dropped here: the reader of
 * a paper report has no EKG screen to look the rest up on.
 */
import { flagTextFor, type FlagReviewState } from '../../../common/ekg/reviewWording.ts';
import type { EkgFlag } from '../ekg-flags/flags.ts';
import { lineHeightMm, placeText, wrapText, type PlacedText, type TextWidthEm } from './textFlow.ts';

/**
 * "[PROMPT] Pause between beats of 3.12 s: needs provider review promptly." The flag's text in the
 * screen's words for where the review stands (flagTextFor): no internal code (a UI tester found
 * "(ST_ELEVATION: 2.5 mm)" on paper), no call to act once it is answered.
 */
export function flagLine(f: EkgFlag, review: FlagReviewState): string {
  return `[${f.urgency.toUpperCase()}] ${flagTextFor(f.text, 'report', review)}`;
}

const FINDINGS_HEADING = 'Findings flagged for provider review (not a diagnosis):';
const NO_FINDING_TEXT = 'No finding flagged by the station.';

export interface FindingsStyle {
  sizePt: number;
  columns: 1 | 2;
}

const COLUMN_GAP_MM = 4;
/** Space between two flags, so a wrapped flag's second line is not read as the next flag. */
const ENTRY_GAP_MM = 0.5;

/**
 * The heading, the flags (most urgent first, down the left column then the right) and the provider's
 * comment across the full width, from (xMm, yMm) within `widthMm`.
 */
export function layoutFindings(
  xMm: number,
  yMm: number,
  widthMm: number,
  flags: readonly EkgFlag[],
  review: FlagReviewState,
  comment: string | null,
  style: FindingsStyle,
  widthEm: TextWidthEm,
): { lines: PlacedText[]; bottomMm: number } {
  const heading = placeText(xMm, yMm, FINDINGS_HEADING, widthMm, { sizePt: style.sizePt + 0.5, bold: true }, widthEm);
  const lines = [...heading.lines];
  let y = heading.bottomMm + ENTRY_GAP_MM;
  const entryX = xMm + 2;
  const entriesW = widthMm - 2;
  if (flags.length === 0) {
    const none = placeText(entryX, y, NO_FINDING_TEXT, entriesW, { sizePt: style.sizePt, bold: false }, widthEm);
    lines.push(...none.lines);
    y = none.bottomMm;
  }
  const columnW = style.columns === 1 ? entriesW : (entriesW - COLUMN_GAP_MM) / 2;
  // Each flag wrapped at the column width, placed from 0; moved to its column below.
  const entries = flags.map((f) => {
    const immediate = f.urgency === 'immediate';
    return placeText(0, 0, flagLine(f, review), columnW, { sizePt: style.sizePt, bold: immediate }, widthEm, immediate ? '#c00000' : '#000000');
  });
  const heights = entries.map((e) => e.bottomMm + ENTRY_GAP_MM);
  const split = style.columns === 1 ? entries.length : balancedSplit(heights);
  const columnTops = [y, y];
  entries.forEach((e, k) => {
    const column = k < split ? 0 : 1;
    const top = columnTops[column]!;
    for (const l of e.lines) lines.push({ ...l, xMm: entryX + column * (columnW + COLUMN_GAP_MM), yMm: top + l.yMm });
    columnTops[column] = top + heights[k]!;
  });
  y = Math.max(...columnTops);
  if (comment !== null) {
    // Across the page, or down the left half and on down the right (a long comment's short last
    // lines of paragraphs then waste half a line each, not a whole one).
    const halfW = (widthMm - COLUMN_GAP_MM) / 2;
    const style2 = { sizePt: style.sizePt, bold: false };
    const wrapped = wrapText(`Provider comment: ${comment}`, style.columns === 1 ? widthMm : halfW, style2, widthEm);
    const leftCount = style.columns === 1 ? wrapped.length : Math.ceil(wrapped.length / 2);
    const top = y + ENTRY_GAP_MM;
    const stepMm = lineHeightMm(style.sizePt);
    wrapped.forEach((text, k) => {
      const right = k >= leftCount;
      lines.push({ xMm: right ? xMm + halfW + COLUMN_GAP_MM : xMm, yMm: top + (right ? k - leftCount : k) * stepMm, text, ...style2, color: '#000000' });
    });
    y = top + leftCount * stepMm;
  }
  return { lines, bottomMm: y };
}

/** Where to cut the list so the taller column is as short as it can be (ties: the left one fuller). */
function balancedSplit(heights: readonly number[]): number {
  const total = heights.reduce((a, b) => a + b, 0);
  let best = heights.length;
  let bestMm = total;
  let leftMm = 0;
  for (let k = 0; k <= heights.length; k++) {
    const tallerMm = Math.max(leftMm, total - leftMm);
    if (tallerMm <= bestMm) {
      best = k;
      bestMm = tallerMm;
    }
    leftMm += heights[k] ?? 0;
  }
  return best;
}
