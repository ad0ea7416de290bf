import { useCallback, useEffect, useState } from 'react';
import type { EventName } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';

/**
 * A list the screen keeps current from main: loaded now, every `everyMs`, again whenever main
 * pushes `event` (one or several, if the list has any), and whenever `key` changes (e.g. the selected patient). A
 * failed load keeps the last list. Returns the list and a reload for after the screen's own changes.
 */
export function usePolled<T>(load: () => Promise<T[]>, everyMs: number, { event, key = null }: { readonly event?: EventName | readonly EventName[]; readonly key?: unknown } = {}): readonly [T[], () => void] {
  const client = useClient();
  const [items, setItems] = useState<T[]>([]);
  const reload = useCallback(() => void load().then(setItems, () => undefined), [load]);
  useEffect(() => {
    reload();
    const offs = (event === undefined ? [] : typeof event === 'string' ? [event] : event).map((e) => client.on(e, () => reload()));
    const t = setInterval(reload, everyMs);
    return () => {
      for (const off of offs) off();
      clearInterval(t);
    };
  }, [client, reload, event, everyMs, key]);
  return [items, reload] as const;
}
