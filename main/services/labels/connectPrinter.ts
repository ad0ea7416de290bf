import { createTransport } from '../../../drivers/transports/open.ts';
import { ZebraPrinter } from '../../../drivers/zebra/printer.ts';

/** How long a Zebra gets to answer ~HS; silence past this is the 'no-status-reply' fault. */
export const STATUS_TIMEOUT_MS = 1000;

/** Opens a Zebra printer at `usb:VID:PID`, `serial:PATH[@baud]` or `tcp:HOST:PORT`. */
export async function connectZebra(address: string, statusTimeoutMs = STATUS_TIMEOUT_MS): Promise<ZebraPrinter> {
  const printer = new ZebraPrinter(await createTransport(address, 9600), { statusTimeoutMs });
  await printer.open();
  return printer;
}
