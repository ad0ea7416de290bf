/**
 * A recorded length for people: whole seconds as they are ("10 s"), others to one decimal
 * ("6.2 s"). Rounded first, so 9.96 s reads "10 s", not "10.0 s".
 */
export function secondsText(seconds: number): string {
  const tenths = Math.round(seconds * 10) / 10;
  return `${Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1)} s`;
}
