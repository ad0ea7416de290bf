/** The parts of a moment in the PC's own zone: 24-hour clock, the zone's short name (en-US names: "EST", "UTC"). */
function parts(at: string | number): Record<string, string> {
  // Made per call, not once: the zone is read when the format is made, and the PC's may change.
  const format = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
}

/**
 * A moment as the station shows it: the PC's local date and time WITH its zone name, so a time
 * read off the screen (an audit entry, a result, a QC run) is never ambiguous. The date is written
 * as every date on the station is (YYYY-MM-DD, as dates of birth are typed), the time on a 24-hour
 * clock: "2026-11-24 14:02:05 EST", never "11/24/2026, 02:02:05 PM" beside a birth date 1957-02-28.
 */
export function localTime(at: string | number): string {
  const p = parts(at);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']} ${p['timeZoneName']}`;
}

/**
 * The time of day only, for a moment minutes ago on a screen already in front of the reader (the
 * live EKG's "stopped at"): the date and zone would only lengthen a line read at a glance.
 */
export function clockTime(at: string | number): string {
  const p = parts(at);
  return `${p['hour']}:${p['minute']}:${p['second']}`;
}
