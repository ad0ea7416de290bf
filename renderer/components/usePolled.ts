import { useCallback, useEffect, useState } from 'react';
import type { EventName } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';

/**
 * A list the screen keeps current from main: loaded now, again whenever main pushes `event`, every
 * `everyMs`, and whenever `key` changes (e.g. the selected patient). A failed load keeps the last
 * list. Returns the list and a reload for after the screen's own changes.
 */
export function usePolled<T>(load: () => Promise<T[]>, event: EventName, everyMs: number, key: unknown = null): readonly [T[], () => void] {
  const client = useClient();
  const [items, setItems] = useState<T[]>([]);
  const reload = useCallback(() => void load().then(setItems, () => undefined), [load]);
  useEffect(() => {
    reload();
    const off = client.on(event, () => reload());
    const t = setInterval(reload, everyMs);
    return () => {
      off();
      clearInterval(t);
    };
  }, [client, reload, event, everyMs, key]);
  return [items, reload] as const;
}
