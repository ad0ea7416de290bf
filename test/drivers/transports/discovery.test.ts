import { describe, expect, it } from 'vitest';
import { byIds, byPath, listDevices, realDiscoverySources, watchDevices, type DiscoveredDevice, type DiscoverySources } from '../../../drivers/transports/discovery.ts';

/** FAKE OS listings (a USB-serial adapter and a raw USB device do not exist on this machine). */
function fakeSources(): DiscoverySources & { serial: Array<{ path: string; vendorId?: string; productId?: string }>; usb: Array<{ vendorId: number; productId: number }>; plug: () => void } {
  let onChange = (): void => undefined;
  const s = {
    serial: [{ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' }] as Array<{ path: string; vendorId?: string; productId?: string }>,
    usb: [] as Array<{ vendorId: number; productId: number }>,
    listSerial: async () => s.serial,
    listUsb: async () => s.usb,
    watchUsb: (cb: () => void) => ((onChange = cb), () => (onChange = () => undefined)),
    plug: () => onChange(),
  };
  return s;
}

describe('device discovery', () => {
  it('lists serial and USB devices with addresses; finds by VID/PID and by path', async () => {
    const src = fakeSources();
    src.usb.push({ vendorId: 0x0a5f, productId: 0x0164 });
    const list = await listDevices(src);
    expect(list).toEqual([
      { address: 'serial:/dev/ttyUSB0', vendorId: 0x0403, productId: 0x6001 },
      { address: 'usb:0a5f:0164', vendorId: 0x0a5f, productId: 0x0164 },
    ]);
    expect(byIds(list, 0x0403, 0x6001).map((d) => d.address)).toEqual(['serial:/dev/ttyUSB0']);
    expect(byPath(list, '/dev/ttyUSB0')?.vendorId).toBe(0x0403);
    expect(byPath(list, '/dev/ttyS9')).toBeUndefined();
  });

  it('emits attach/detach from usb hot-plug events and serial polling', async () => {
    const src = fakeSources();
    const ticks: Array<() => void> = [];
    const events: string[] = [];
    const w = watchDevices({
      sources: src,
      pollMs: 1000,
      onAttach: (d: DiscoveredDevice) => events.push(`+${d.address}`),
      onDetach: (d: DiscoveredDevice) => events.push(`-${d.address}`),
      setInterval: (fn) => ticks.push(fn),
      clearInterval: () => undefined,
    });
    await w.refresh();
    expect(events).toEqual(['+serial:/dev/ttyUSB0']);
    src.usb.push({ vendorId: 1, productId: 2 });
    src.plug();
    await w.refresh();
    src.serial.length = 0;
    ticks[0]!();
    await w.refresh();
    expect(events).toEqual(['+serial:/dev/ttyUSB0', '+usb:0001:0002', '-serial:/dev/ttyUSB0']);
    w.stop();
  });

  it('the real serialport listing answers with paths', async () => {
    const src = await realDiscoverySources();
    const ports = await src.listSerial();
    for (const p of ports) expect(typeof p.path).toBe('string');
  });
});
