import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError, createTransport, parseAddress } from '../../../drivers/transports/open.ts';

describe('transport addresses', () => {
  it('parses the three schemes', () => {
    expect(parseAddress('serial:/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 });
    expect(parseAddress('serial:/tmp/x/a@9600')).toEqual({ kind: 'serial', path: '/tmp/x/a', baudRate: 9600 });
    expect(parseAddress('tcp:127.0.0.1:9100')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 9100 });
    expect(parseAddress('tcp:[::1]:80')).toEqual({ kind: 'tcp', host: '::1', port: 80 });
    expect(parseAddress('usb:0A5F:0164')).toEqual({ kind: 'usb', vendorId: 0x0a5f, productId: 0x0164 });
  });

  it('rejects malformed addresses with AddressError', () => {
    for (const bad of ['', '/dev/ttyS0', 'serial:', 'serial:/x@', 'tcp:host', 'tcp:h:0', 'tcp:h:70000', 'usb:1:2', 'usb:0a5f', 'com:1']) {
      expect(() => parseAddress(bad), bad).toThrow(AddressError);
    }
  });

  it('any string is either a valid address or an AddressError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('serial:', 'tcp:', 'usb:').chain((p) => fc.string().map((s) => p + s))), (s) => {
        try {
          parseAddress(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AddressError);
        }
      }),
    );
  });

  it('builds an unopened transport whose address names the device', async () => {
    expect((await createTransport('tcp:127.0.0.1:9100')).address).toBe('tcp:127.0.0.1:9100');
    expect((await createTransport('serial:/tmp/x/a')).address).toBe('serial:/tmp/x/a@115200');
    expect((await createTransport('usb:0a5f:0164')).address).toBe('usb:0a5f:0164');
  });
});
