import { LabelError } from './errors.ts';

/**
 * Symbol sizes, so the layout knows how wide a barcode prints before the printer draws it.
 * Code 128: each symbol character is 11 modules, the stop pattern 13 (incl. termination bar);
 * subset C packs two digits per symbol [src: ISO/IEC 15417:2007 §4.2, §4.3.4]. We model the
 * optimal B/C mix (what ZPL ^BC mode A "automatic" chooses), by dynamic programming.
 */
export function code128Modules(data: string): number {
  const n = data.length;
  const isDigit = (i: number) => i < n && data.charCodeAt(i) >= 48 && data.charCodeAt(i) <= 57;
  // costB[i] / costC[i]: fewest symbols to encode data[i..] when currently in subset B / C.
  const costB = new Array<number>(n + 1).fill(0);
  const costC = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const stayB = 1 + costB[i + 1]!;
    const pairC = isDigit(i) && isDigit(i + 1) ? 1 + costC[i + 2]! : Infinity;
    costB[i] = Math.min(stayB, 1 + pairC);
    costC[i] = Math.min(pairC, 1 + stayB);
  }
  const dataSymbols = n === 0 ? 0 : Math.min(costB[0]!, costC[0]!);
  // start + data + checksum symbol, then the 13-module stop.
  return (dataSymbols + 2) * 11 + 13;
}

/** ECC 200 square symbols: [modules per side, data codewords]. [src: ISO/IEC 16022:2006 Table 7] */
const DATA_MATRIX_SQUARES: ReadonlyArray<readonly [number, number]> = [
  [10, 3], [12, 5], [14, 8], [16, 12], [18, 18], [20, 22], [22, 30], [24, 36], [26, 44], [32, 62], [36, 86],
];

/** Modules per side of the smallest ECC 200 square symbol holding `data` (ASCII encodation). */
export function dataMatrixModules(data: string): number {
  let codewords = 0;
  for (let i = 0; i < data.length; i++) {
    const pair = /\d\d/.test(data.slice(i, i + 2));
    codewords += data.charCodeAt(i) > 127 ? 2 : 1;
    if (pair) i++;
  }
  const fit = DATA_MATRIX_SQUARES.find(([, capacity]) => capacity >= codewords);
  if (!fit) throw new LabelError('layout-overflow', 'data too long for the Data Matrix sizes we lay out');
  return fit[0];
}
