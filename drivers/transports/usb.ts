import { TransportError } from './transport.ts';
import { ListenedTransport, toBytes } from './listeners.ts';

/*
 * The subset of the `usb` 2.x legacy API this transport uses. Written as structural types so a
 * test can substitute a fake at exactly this boundary (no USB device exists on CI machines).
 */
export interface UsbErrorLike extends Error {
  readonly errno?: number;
}
export interface UsbInEndpointLike {
  readonly direction: 'in';
  readonly transferType: number;
  timeout: number;
  startPoll(nTransfers?: number, transferSize?: number): unknown;
  stopPoll(callback?: () => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: UsbErrorLike) => void): unknown;
  removeAllListeners(): unknown;
}
export interface UsbOutEndpointLike {
  readonly direction: 'out';
  readonly transferType: number;
  timeout: number;
  transfer(buffer: Buffer, callback: (error: UsbErrorLike | undefined, actual: number) => void): unknown;
}
export interface UsbInterfaceLike {
  readonly endpoints: ReadonlyArray<UsbInEndpointLike | UsbOutEndpointLike>;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  attachKernelDriver(): void;
  claim(): void;
  release(closeEndpoints: boolean, callback: (error?: UsbErrorLike) => void): void;
}
export interface UsbDeviceLike {
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number };
  open(): void;
  close(): void;
  interface(index: number): UsbInterfaceLike;
}
export interface UsbApi {
  findByIds(vendorId: number, productId: number): UsbDeviceLike | undefined;
}

/** libusb constants (libusb.h): bulk transfer type and the codes we classify. */
const LIBUSB_TRANSFER_TYPE_BULK = 2;
const LIBUSB_ERROR_TIMEOUT = -7;
const LIBUSB_ERROR_NO_DEVICE = -4;
const LIBUSB_TRANSFER_TIMED_OUT = 2;
const LIBUSB_TRANSFER_CANCELLED = 3;
const LIBUSB_TRANSFER_NO_DEVICE = 5;

export interface UsbOptions {
  readonly vendorId: number;
  readonly productId: number;
  readonly interfaceNumber?: number;
  /** Bulk OUT transfer timeout; a device that does not accept bytes in time is a `timeout` fault. */
  readonly writeTimeoutMs?: number;
  /** Size of each bulk IN transfer kept queued by startPoll. */
  readonly readTransferBytes?: number;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** The real `usb` module, loaded only when a USB address is opened (native addon). */
export async function loadUsbApi(): Promise<UsbApi> {
  const mod = await import('usb');
  return { findByIds: (v, p) => mod.findByIds(v, p) as unknown as UsbDeviceLike | undefined };
}

/**
 * USB bulk transport: finds the device by VID/PID, detaches a kernel driver bound to the
 * interface (Linux cdc_acm/usblp, restored on close), claims the interface and moves bytes over
 * its first bulk IN and bulk OUT endpoints.
 */
export class UsbTransport extends ListenedTransport {
  readonly address: string;
  private state: { device: UsbDeviceLike; iface: UsbInterfaceLike; inEp: UsbInEndpointLike; outEp: UsbOutEndpointLike; reattach: boolean } | undefined;
  private closing = false;
  private failed = false;
  private writing: { reject: (e: TransportError) => void } | undefined;

  constructor(
    private readonly options: UsbOptions,
    private readonly api: () => Promise<UsbApi> = loadUsbApi,
  ) {
    super();
    this.address = `usb:${hex4(options.vendorId)}:${hex4(options.productId)}`;
  }

  async open(): Promise<void> {
    if (this.state) throw new TransportError('fatal', `${this.address} is already open`);
    this.closing = false;
    this.failed = false;
    const device = (await this.api()).findByIds(this.options.vendorId, this.options.productId);
    if (!device) throw new TransportError('disconnected', `${this.address}: no such USB device attached`);
    let reattach = false;
    let iface: UsbInterfaceLike;
    try {
      device.open();
      iface = device.interface(this.options.interfaceNumber ?? 0);
      if (iface.isKernelDriverActive()) {
        iface.detachKernelDriver();
        reattach = true;
      }
      iface.claim();
    } catch (e) {
      try {
        device.close();
      } catch {
        // Already failing: the open error below is the one worth reporting.
      }
      throw this.classify(e, 'open');
    }
    const bulk = iface.endpoints.filter((ep) => ep.transferType === LIBUSB_TRANSFER_TYPE_BULK);
    const inEp = bulk.find((ep): ep is UsbInEndpointLike => ep.direction === 'in');
    const outEp = bulk.find((ep): ep is UsbOutEndpointLike => ep.direction === 'out');
    if (!inEp || !outEp) {
      iface.release(true, () => device.close());
      throw new TransportError('fatal', `${this.address}: interface has no bulk IN and OUT endpoint pair`);
    }
    outEp.timeout = this.options.writeTimeoutMs ?? 2000;
    this.state = { device, iface, inEp, outEp, reattach };
    inEp.on('data', (data: Buffer) => {
      if (data.length > 0) this.listeners.emitData(toBytes(data));
    });
    inEp.on('error', (err: UsbErrorLike) => {
      if (err.errno === LIBUSB_TRANSFER_CANCELLED || this.closing) return;
      this.fail(this.classify(err, 'read'));
    });
    inEp.startPoll(2, this.options.readTransferBytes ?? 512);
  }

  async close(): Promise<void> {
    const state = this.state;
    if (!state || this.closing) return;
    this.closing = true;
    this.writing?.reject(new TransportError('cancelled', `${this.address} closed during a write`));
    await this.teardown(state);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const state = this.state;
    if (!state || this.closing) throw new TransportError('cancelled', `${this.address} is not open`);
    if (this.writing) throw new TransportError('fatal', `${this.address}: a write is already in flight`);
    try {
      await new Promise<void>((resolve, reject) => {
        this.writing = { reject };
        state.outEp.transfer(Buffer.from(bytes), (err) => {
          if (!err) return resolve();
          const error = this.closing ? new TransportError('cancelled', `${this.address} closed during a write`) : this.classify(err, 'write');
          reject(error);
          if (error.kind === 'disconnected') this.fail(error);
        });
      });
    } finally {
      this.writing = undefined;
    }
  }

  private classify(e: unknown, step: string): TransportError {
    const err = e as UsbErrorLike;
    const msg = `${this.address}: ${step} failed: ${err.message ?? String(e)}`;
    switch (err.errno) {
      case LIBUSB_ERROR_TIMEOUT:
      case LIBUSB_TRANSFER_TIMED_OUT:
        return new TransportError('timeout', msg);
      case LIBUSB_ERROR_NO_DEVICE:
      case LIBUSB_TRANSFER_NO_DEVICE:
        return new TransportError('disconnected', msg);
      case LIBUSB_TRANSFER_CANCELLED:
        return new TransportError('cancelled', msg);
      default:
        return new TransportError('fatal', msg);
    }
  }

  private fail(error: TransportError): void {
    if (this.closing || this.failed || !this.state) return;
    this.failed = true;
    this.writing?.reject(error);
    this.listeners.emitError(error);
    void this.teardown(this.state);
  }

  private async teardown(state: NonNullable<UsbTransport['state']>): Promise<void> {
    await new Promise<void>((resolve) => state.inEp.stopPoll(() => resolve()));
    state.inEp.removeAllListeners();
    await new Promise<void>((resolve) => state.iface.release(true, () => resolve()));
    try {
      if (state.reattach) state.iface.attachKernelDriver();
      state.device.close();
    } catch {
      // The device may already be gone (unplug); nothing left to release.
    }
    this.state = undefined;
    this.listeners.emitClose();
  }
}
