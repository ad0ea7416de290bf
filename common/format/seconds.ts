/**
 * A length for people: whole seconds as they are ("10 s"), others to one decimal ("6.2 s").
 * Rounded first, so 9.96 s of flat line reads "10 s", not "10.0 s". Not for how long a recording
 * is: that is recordedSecondsText.
 */
export function secondsText(seconds: number): string {
  const tenths = Math.round(seconds * 10) / 10;
  return `${Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1)} s`;
}

/**
 * How long a recording is, for people, in the one form every place that states it uses (the
 * incomplete-capture note, the too-short flag, the worklist, the tracing's caption and rhythm
 * label, the PDF): rounded DOWN to 0.1 s, so a recording shorter than a limit never reads as long
 * enough (6.96 s is "6.9 s", never "7.0 s" beside "at least 7 s needed"). Whole seconds as they
 * are ("7 s", "10 s"). The tiny allowance keeps a sample count that is exactly a tenth (3450 / 500)
 * from reading a tenth less through floating-point error.
 */
export function recordedSecondsText(seconds: number): string {
  const tenths = Math.floor(seconds * 10 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1)} s`;
}
