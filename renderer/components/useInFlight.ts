import { useCallback, useRef, useState } from 'react';

/**
 * One write at a time from a button: `run(fn)` starts `fn` only when no call of this guard is in
 * flight, and `inFlight` disables the button until it settles. A double-click (or a second click
 * before main answers) is dropped, so it never stores, sends or records a thing twice. The ref
 * catches a second click that arrives before React has re-rendered the button as disabled.
 */
export function useInFlight(): { readonly inFlight: boolean; readonly run: (fn: () => Promise<void>) => Promise<void> } {
  const busy = useRef(false);
  const [inFlight, setInFlight] = useState(false);
  const run = useCallback(async (fn: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    setInFlight(true);
    try {
      await fn();
    } finally {
      busy.current = false;
      setInFlight(false);
    }
  }, []);
  return { inFlight, run };
}
