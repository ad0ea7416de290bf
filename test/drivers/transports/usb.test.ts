import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UsbTransport, type UsbApi, type UsbDeviceLike, type UsbErrorLike, type UsbInEndpointLike, type UsbInterfaceLike, type UsbOutEndpointLike } from '../../../drivers/transports/usb.ts';
import type { TransportError } from '../../../drivers/transports/transport.ts';

/*
 * FAKE USB DEVICE at the `usb` module boundary: no USB device exists on this machine or in CI.
 * It behaves like libusb through node-usb's legacy API: bulk endpoints, errno on errors.
 */
function usbError(errno: number, message: string): UsbErrorLike {
  return Object.assign(new Error(message), { errno });
}

class FakeInEndpoint extends EventEmitter implements UsbInEndpointLike {
  readonly direction = 'in' as const;
  readonly transferType = 2;
  timeout = 0;
  polling = false;
  startPoll(): unknown {
    this.polling = true;
    return [];
  }
  stopPoll(cb?: () => void): void {
    this.polling = false;
    setImmediate(() => cb?.());
  }
}

class FakeOutEndpoint implements UsbOutEndpointLike {
  readonly direction = 'out' as const;
  readonly transferType = 2;
  timeout = 0;
  sent: number[][] = [];
  nextError: UsbErrorLike | undefined;
  transfer(buffer: Buffer, cb: (e: UsbErrorLike | undefined, actual: number) => void): unknown {
    const err = this.nextError;
    this.nextError = undefined;
    if (!err) this.sent.push([...buffer]);
    setImmediate(() => cb(err, err ? 0 : buffer.length));
    return this;
  }
}

class FakeUsbDevice implements UsbDeviceLike {
  readonly deviceDescriptor = { idVendor: 0x1234, idProduct: 0xabcd };
  readonly inEp = new FakeInEndpoint();
  readonly outEp = new FakeOutEndpoint();
  kernelDriverActive = true;
  log: string[] = [];
  readonly iface: UsbInterfaceLike = {
    endpoints: [this.inEp, this.outEp],
    isKernelDriverActive: () => this.kernelDriverActive,
    detachKernelDriver: () => void (this.log.push('detach'), (this.kernelDriverActive = false)),
    attachKernelDriver: () => void (this.log.push('attach'), (this.kernelDriverActive = true)),
    claim: () => void this.log.push('claim'),
    release: (_close, cb) => void (this.log.push('release'), setImmediate(() => cb())),
  };
  open(): void {
    this.log.push('open');
  }
  close(): void {
    this.log.push('close');
  }
  interface(): UsbInterfaceLike {
    return this.iface;
  }
}

function fakeApi(device: FakeUsbDevice | undefined): () => Promise<UsbApi> {
  return async () => ({ findByIds: (v, p) => (device && v === 0x1234 && p === 0xabcd ? device : undefined) });
}

describe('UsbTransport against a FAKE usb module (no USB hardware here)', () => {
  it('detaches the kernel driver, claims, moves bytes over bulk IN/OUT, and restores on close', async () => {
    const dev = new FakeUsbDevice();
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0xabcd, writeTimeoutMs: 500 }, fakeApi(dev));
    expect(t.address).toBe('usb:1234:abcd');
    await t.open();
    expect(dev.log).toEqual(['open', 'detach', 'claim']);
    expect(dev.inEp.polling).toBe(true);
    expect(dev.outEp.timeout).toBe(500);
    const got: number[] = [];
    t.onData((b) => got.push(...b));
    dev.inEp.emit('data', Buffer.from([5, 6, 7]));
    expect(got).toEqual([5, 6, 7]);
    await t.write(Uint8Array.of(1, 2));
    expect(dev.outEp.sent).toEqual([[1, 2]]);
    let closes = 0;
    t.onClose(() => closes++);
    await t.close();
    await t.close();
    expect(closes).toBe(1);
    expect(dev.log).toEqual(['open', 'detach', 'claim', 'release', 'attach', 'close']);
  });

  it('no device with that VID/PID -> disconnected open error', async () => {
    await expect(new UsbTransport({ vendorId: 0x1234, productId: 0xabcd }, fakeApi(undefined)).open()).rejects.toMatchObject({ kind: 'disconnected' });
  });

  it('classifies libusb errors: OUT timeout -> timeout; IN no-device -> disconnected + close; cancelled IN is silent', async () => {
    const dev = new FakeUsbDevice();
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0xabcd }, fakeApi(dev));
    await t.open();
    const errors: TransportError[] = [];
    t.onError((e) => errors.push(e));
    dev.outEp.nextError = usbError(-7, 'LIBUSB_ERROR_TIMEOUT');
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'timeout' });
    dev.inEp.emit('error', usbError(3, 'LIBUSB_TRANSFER_CANCELLED'));
    expect(errors).toEqual([]);
    const closed = new Promise<void>((r) => t.onClose(r));
    dev.inEp.emit('error', usbError(5, 'LIBUSB_TRANSFER_NO_DEVICE'));
    await closed;
    expect(errors.map((e) => e.kind)).toEqual(['disconnected']);
  });

  it('rejects a second write in flight', async () => {
    const dev = new FakeUsbDevice();
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0xabcd }, fakeApi(dev));
    await t.open();
    const first = t.write(Uint8Array.of(1));
    await expect(t.write(Uint8Array.of(2))).rejects.toMatchObject({ kind: 'fatal' });
    await first;
    await t.close();
  });
});
