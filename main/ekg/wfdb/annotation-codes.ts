// MIT annotation codes and their mnemonics, from WFDB's <wfdb/ecgcodes.h> and annot(5).
const SYMBOLS: readonly string[] = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', '', '|', '', 's', 'T', '*', 'D', '"', '=', 'p', 'B',
  '^', 't', '+', 'u', '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(', ')', 'r',
];

/** Highest annotation code (ACMAX); 42..49 are free for local use. */
export const MAX_ANNOTATION_CODE = 49;

/** The mnemonic of a code as WFDB prints it (`[n]` for codes without one). */
export function annotationSymbol(code: number): string {
  const s = SYMBOLS[code];
  return s === undefined || s === '' ? `[${code}]` : s;
}

/** Beat annotation codes (WFDB's isqrs table): the ones a QRS detector is scored against. */
const BEAT_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);

export function isBeatCode(code: number): boolean {
  return BEAT_CODES.has(code);
}
