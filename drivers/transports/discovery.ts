/**
 * Finding devices: serial ports by VID/PID or path (serialport `list()`), USB devices by VID/PID
 * (`usb`), and attach/detach events (usb hot-plug events plus polling the serial list, since
 * serialport has no hot-plug API).
 */

/** One device the OS shows, with the address `createTransport` accepts. */
export interface DiscoveredDevice {
  readonly address: string;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
}

/** The OS boundary, injectable so tests can stand in for USB hardware (none exists here). */
export interface DiscoverySources {
  listSerial(): Promise<ReadonlyArray<{ path: string; vendorId?: string | undefined; productId?: string | undefined; serialNumber?: string | undefined }>>;
  listUsb(): Promise<ReadonlyArray<{ vendorId: number; productId: number }>>;
  /** Subscribes to USB hot-plug; returns an unsubscribe. */
  watchUsb(onChange: () => void): () => void;
}

export async function realDiscoverySources(): Promise<DiscoverySources> {
  const { SerialPort } = await import('serialport');
  return {
    listSerial: () => SerialPort.list(),
    async listUsb() {
      const { getDeviceList } = await import('usb');
      return getDeviceList().map((d) => ({ vendorId: d.deviceDescriptor.idVendor, productId: d.deviceDescriptor.idProduct }));
    },
    watchUsb(onChange) {
      let stop = (): void => undefined;
      void import('usb').then(({ usb }) => {
        usb.on('attach', onChange);
        usb.on('detach', onChange);
        stop = () => {
          usb.off('attach', onChange);
          usb.off('detach', onChange);
        };
      });
      return () => stop();
    },
  };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function parseHexId(s: string | undefined): number | undefined {
  return s !== undefined && /^[0-9a-fA-F]{1,4}$/.test(s) ? parseInt(s, 16) : undefined;
}

export async function listDevices(sources: DiscoverySources): Promise<DiscoveredDevice[]> {
  const serial = (await sources.listSerial()).map((p): DiscoveredDevice => {
    const vendorId = parseHexId(p.vendorId);
    const productId = parseHexId(p.productId);
    return {
      address: `serial:${p.path}`,
      ...(vendorId !== undefined ? { vendorId } : {}),
      ...(productId !== undefined ? { productId } : {}),
      ...(p.serialNumber !== undefined ? { serialNumber: p.serialNumber } : {}),
    };
  });
  const usb = (await sources.listUsb()).map((d): DiscoveredDevice => ({ address: `usb:${hex4(d.vendorId)}:${hex4(d.productId)}`, vendorId: d.vendorId, productId: d.productId }));
  return [...serial, ...usb];
}

/** Devices matching a VID/PID (serial adapters and raw USB alike). */
export function byIds(devices: readonly DiscoveredDevice[], vendorId: number, productId: number): DiscoveredDevice[] {
  return devices.filter((d) => d.vendorId === vendorId && d.productId === productId);
}

/** The serial device at a port path, if the OS lists it. */
export function byPath(devices: readonly DiscoveredDevice[], path: string): DiscoveredDevice | undefined {
  return devices.find((d) => d.address === `serial:${path}`);
}

export interface DeviceWatchOptions {
  readonly sources: DiscoverySources;
  readonly pollMs: number;
  readonly onAttach: (device: DiscoveredDevice) => void;
  readonly onDetach: (device: DiscoveredDevice) => void;
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

/**
 * Emits attach/detach by diffing successive listings (by address). The first listing is the
 * baseline and emits attach for every device already present. Returns stop().
 */
export function watchDevices(options: DeviceWatchOptions): { stop: () => void; refresh: () => Promise<void> } {
  const set = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clear = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let known = new Map<string, DiscoveredDevice>();
  let stopped = false;
  let running: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    running ??= (async () => {
      try {
        const now = new Map((await listDevices(options.sources)).map((d) => [d.address, d]));
        if (stopped) return;
        for (const [addr, d] of now) if (!known.has(addr)) options.onAttach(d);
        for (const [addr, d] of known) if (!now.has(addr)) options.onDetach(d);
        known = now;
      } catch {
        // A failed listing (udev busy, libusb hiccup) is retried on the next poll; keep the last view.
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const handle = set(() => void refresh(), options.pollMs);
  const unwatchUsb = options.sources.watchUsb(() => void refresh());
  void refresh();
  return {
    refresh,
    stop() {
      stopped = true;
      clear(handle);
      unwatchUsb();
    },
  };
}
