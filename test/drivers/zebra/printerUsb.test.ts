import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PrinterSimulator } from '../../../drivers/simulators/printer/printerSim.ts';
import { UsbTransport, type UsbApi, type UsbDeviceLike, type UsbInEndpointLike, type UsbInterfaceLike, type UsbOutEndpointLike } from '../../../drivers/transports/usb.ts';
import { ZebraPrinter } from '../../../drivers/zebra/printer.ts';

/**
 * FAKE USB device (no USB printer exists on this machine): a printer-class interface with one
 * bulk OUT and one bulk IN endpoint, wired to the printer simulator at the `usb` API boundary.
 */
function fakeZebraUsb(sim: PrinterSimulator): UsbApi {
  const inEmitter = new EventEmitter();
  const inEp = Object.assign(inEmitter, {
    direction: 'in' as const,
    transferType: 2,
    timeout: 0,
    startPoll: () => undefined,
    stopPoll: (cb?: () => void) => cb?.(),
  }) as unknown as UsbInEndpointLike;
  const outEp: UsbOutEndpointLike = {
    direction: 'out',
    transferType: 2,
    timeout: 0,
    transfer(buffer, callback) {
      const reply = sim.receive(new Uint8Array(buffer));
      setImmediate(() => {
        callback(undefined, buffer.length);
        if (reply.length > 0) inEmitter.emit('data', Buffer.from(reply));
      });
    },
  };
  const iface: UsbInterfaceLike = {
    endpoints: [inEp, outEp],
    isKernelDriverActive: () => true, // usblp bound, as on Linux
    detachKernelDriver: () => undefined,
    attachKernelDriver: () => undefined,
    claim: () => undefined,
    release: (_close, cb) => cb(),
  };
  const device: UsbDeviceLike = { deviceDescriptor: { idVendor: 0x0a5f, idProduct: 0x0164 }, open: () => undefined, close: () => undefined, interface: () => iface };
  return { findByIds: (v, p) => (v === 0x0a5f && p === 0x0164 ? device : undefined) };
}

describe('ZebraPrinter over USB printer class (fake device at the usb API boundary)', () => {
  it('reads ~HS over bulk IN and prints over bulk OUT', async () => {
    const labels: string[] = [];
    const sim = new PrinterSimulator({ silentWhenFaulted: false, labelLengthDots: 203 }, (z) => labels.push(z));
    const api = fakeZebraUsb(sim);
    const printer = new ZebraPrinter(new UsbTransport({ vendorId: 0x0a5f, productId: 0x0164 }, async () => api), { statusTimeoutMs: 500 });
    await printer.open();
    expect(await printer.status()).toMatchObject({ address: 'usb:0a5f:0164', ready: true });
    sim.setState('ribbon-out');
    expect((await printer.status()).faults).toEqual(['paused', 'ribbon-out']);
    sim.setState('ready');
    await printer.print('^XA^FDUSB^FS^XZ');
    expect(labels).toEqual(['^XA^FDUSB^FS^XZ']);
    await printer.close();
  });
});
