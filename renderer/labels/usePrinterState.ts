import { useEffect, useState } from 'react';
import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import { describePrinterFault } from '../../common/labels/jobs.ts';
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

/** Printer fault codes in words (one code, or a job's comma-separated list). */
export const describeFault = describePrinterFault;
