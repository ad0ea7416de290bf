import { StationError } from '../../common/errors.ts';
import type { Transport } from './transport.ts';

/** A parsed device address: `serial:PATH[@baud]`, `tcp:HOST:PORT`, `usb:VID:PID` (hex). */
export type TransportAddress =
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'usb'; readonly vendorId: number; readonly productId: number };

export class AddressError extends StationError {
  constructor(message: string) {
    super('address', message);
    this.name = 'AddressError';
  }
}

export const DEFAULT_BAUD_RATE = 115200;

export function parseAddress(text: string, defaultBaudRate = DEFAULT_BAUD_RATE): TransportAddress {
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  switch (scheme) {
    case 'serial': {
      const m = /^([^@]+)(?:@(\d{3,7}))?$/.exec(rest);
      if (!m) throw new AddressError(`bad serial address '${text}' (serial:PATH[@baud])`);
      return { kind: 'serial', path: m[1]!, baudRate: m[2] === undefined ? defaultBaudRate : Number(m[2]) };
    }
    case 'tcp': {
      const m = /^(.+):(\d{1,5})$/.exec(rest);
      const port = m ? Number(m[2]) : NaN;
      if (!m || port < 1 || port > 65535) throw new AddressError(`bad tcp address '${text}' (tcp:HOST:PORT)`);
      return { kind: 'tcp', host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
    }
    case 'usb': {
      const m = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(rest);
      if (!m) throw new AddressError(`bad usb address '${text}' (usb:VID:PID, 4 hex digits each)`);
      return { kind: 'usb', vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
    }
    default:
      throw new AddressError(`unknown address scheme in '${text}' (serial:, tcp:, usb:)`);
  }
}

/** Builds (does not open) the transport for an address; native modules load only when used. */
export async function createTransport(address: string | TransportAddress, defaultBaudRate = DEFAULT_BAUD_RATE): Promise<Transport> {
  const a = typeof address === 'string' ? parseAddress(address, defaultBaudRate) : address;
  switch (a.kind) {
    case 'serial': {
      const { SerialTransport } = await import('./serial.ts');
      return new SerialTransport({ path: a.path, baudRate: a.baudRate });
    }
    case 'tcp': {
      const { TcpTransport } = await import('./tcp.ts');
      return new TcpTransport({ host: a.host, port: a.port });
    }
    case 'usb': {
      const { UsbTransport } = await import('./usb.ts');
      return new UsbTransport({ vendorId: a.vendorId, productId: a.productId });
    }
  }
}
