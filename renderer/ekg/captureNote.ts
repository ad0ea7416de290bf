/** The capture fields the note is built from (cart.capture's answer). */
export interface CaptureOutcome {
  readonly complete: boolean;
  readonly gaps: readonly unknown[];
}

/**
 * What the EKG screen says under a complete capture with missing stretches, in plain words. A
 * capture cut short is told by the review panel that opens on it (the EKG view's captureNote:
 * how much was recorded and why), where everyone who reads it later sees it too.
 */
export function captureNote(c: CaptureOutcome): string | null {
  if (c.complete && c.gaps.length > 0) return `${c.gaps.length} stretch(es) of missing data are marked in the tracing (never filled in).`;
  return null;
}
