import { useEffect, useState } from 'react';

/** A moment as a date-time field's value: `YYYY-MM-DDTHH:MM` on the PC's local wall clock (what DateEntryInput keeps). */
export function localMinuteValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The current local minute, kept up to date: the fields that follow the clock until a time is typed
 * read it (the Labels screen's "Collected at", the EKG provider notification's "When").
 */
export function useLocalMinute(): string {
  const [minute, setMinute] = useState(() => localMinuteValue(new Date()));
  useEffect(() => {
    // Every second, so a new minute shows within a second of it starting (same value: no render).
    const timer = setInterval(() => setMinute(localMinuteValue(new Date())), 1000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}
