const FORMAT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
};

/**
 * A moment as the station shows it: the PC's local date and time WITH its zone name, so a time
 * read off the screen (an audit entry, a result, a QC run) is never ambiguous.
 */
export function localTime(at: string | number): string {
  return new Date(at).toLocaleString(undefined, FORMAT);
}

/**
 * The time of day only, for a moment minutes ago on a screen already in front of the reader (the
 * live EKG's "stopped at"): the date and zone would only lengthen a line read at a glance.
 */
export function clockTime(at: string | number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
