import { useEffect, useState } from 'react';
import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';

export type PrinterState = EventPayloadOf<'labels.printerState'>;

/** The label printer's state as main last saw it, kept current by `labels.printerState` events. */
export function usePrinterState(): PrinterState | null {
  const client = useClient();
  const [state, setState] = useState<PrinterState | null>(null);
  useEffect(() => {
    let live = true;
    client.call('labels.printerState', {}).then((r) => live && r.printer && setState(r.printer), () => undefined);
    const off = client.on('labels.printerState', (s) => setState(s));
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return state;
}

const faultText: Record<string, string> = {
  'paper-out': 'out of labels: load a new roll',
  'head-open': 'the print head is open: close it',
  'ribbon-out': 'out of ribbon',
  paused: 'paused: press the pause button on the printer',
  'buffer-full': 'busy (buffer full)',
  'no-status-reply': 'not answering: check that it is on and connected',
  offline: 'offline: check that it is on and connected',
};

export const describeFault = (f: string) => faultText[f] ?? f;
