import { useCallback, useEffect, useState, type ReactElement } from 'react';

/**
 * Alerts for patients other than the one on screen (critical POC results, immediate EKG findings)
 * take bounded room above every screen. A UI tester saw four of them fill the first screen at
 * 1280x800 with other patients' names, and at 1024x700 push the selected patient's bar to
 * y = 1756 px: labels were printed with the patient on screen out of view. So the alert lists show,
 * together, at most OTHER_PATIENT_LINES of them (one line each, opened to their form on demand), and
 * each list says how many more it holds behind one button. None is dropped: every alert stays until
 * it is acknowledged, and "Show N more" brings them all.
 */
export const OTHER_PATIENT_LINES = 2;

/** The alert lists above the screens, in the order they are shown (App). */
export type AlertListName = 'critical' | 'ekg';
const LISTS: readonly AlertListName[] = ['critical', 'ekg'];
type Counts = Readonly<Record<AlertListName, number>>;

/**
 * How many other-patient lines each list may show: every list that has some gets one, and the rest of
 * OTHER_PATIENT_LINES go to the lists in order (no list shows more than it has).
 */
export function otherLinesAllowed(counts: Counts, total = OTHER_PATIENT_LINES): Record<AlertListName, number> {
  const allowed: Record<AlertListName, number> = { critical: 0, ekg: 0 };
  let left = total;
  for (const l of LISTS) {
    if (counts[l] > 0) {
      allowed[l] = 1;
      left -= 1;
    }
  }
  for (const l of LISTS) {
    const more = Math.max(0, Math.min(left, counts[l] - allowed[l]));
    allowed[l] += more;
    left -= more;
  }
  // A list with none yet may still show one at once when its first arrives (until the counts catch up).
  for (const l of LISTS) if (counts[l] === 0) allowed[l] = 1;
  return allowed;
}

/** Held by App: each list reports how many other-patient alerts it has, and gets how many lines it may show. */
export function useOtherAlertLines(): { readonly allowed: Record<AlertListName, number>; readonly report: (list: AlertListName, count: number) => void } {
  const [counts, setCounts] = useState<Counts>({ critical: 0, ekg: 0 });
  const report = useCallback((list: AlertListName, count: number) => setCounts((c) => (c[list] === count ? c : { ...c, [list]: count })), []);
  return { allowed: otherLinesAllowed(counts), report };
}

/**
 * In a list: the other-patient alerts to show (the first `allowed`, or all once asked), and the
 * button that says how many more there are. `what` names one and several ("critical result", "critical results").
 */
export function useBoundedOthers<T>(others: readonly T[], allowed: number, what: readonly [one: string, several: string], onCount?: (count: number) => void): { readonly shown: readonly T[]; readonly more: ReactElement | null } {
  const [all, setAll] = useState(false);
  const count = others.length;
  useEffect(() => {
    onCount?.(count);
    return () => onCount?.(0);
  }, [count, onCount]);
  const limit = Math.max(1, allowed);
  useEffect(() => {
    if (count <= limit) setAll(false);
  }, [count, limit]);
  if (count <= limit) return { shown: others, more: null };
  const hidden = count - limit;
  return {
    shown: all ? others : others.slice(0, limit),
    more: (
      <button type="button" className="critical-more" aria-expanded={all} onClick={() => setAll(!all)}>
        {all ? `Show fewer ${what[1]} for other patients` : `Show ${hidden} more ${hidden === 1 ? what[0] : what[1]} for other patients`}
      </button>
    ),
  };
}
