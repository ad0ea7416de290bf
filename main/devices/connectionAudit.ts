import { AuditVerbs } from '../audit/entry.ts';
import type { AuditAppender } from '../storage/auditLog.ts';
import type { DeviceStatus } from './supervisor.ts';

/** What the log says about a device: identifiers only (its configured address and kind). */
export interface AuditedDevice {
  /** The kind of device, e.g. 'ekg-cart' (the audit entry's object type). */
  readonly objectType: string;
  /** The configured address, `serial:...`, `tcp:...` or `usb:...` (drivers/transports/open.ts). */
  readonly address: string;
}

/**
 * Audits a supervised device's connection (records issue: every device connect and disconnect):
 * one entry when it becomes connected and one when a connected device is lost or stopped. A
 * supervisor retrying with backoff reports connecting/error on every attempt; those are not
 * state changes of the connection, so a reconnect storm writes nothing until a connect succeeds.
 * Feed it every DeviceStatus the supervisor emits.
 */
export class ConnectionAudit {
  private connected = false;

  constructor(
    private readonly audit: AuditAppender,
    private readonly device: AuditedDevice,
  ) {}

  onStatus(status: DeviceStatus): void {
    const nowConnected = status.state === 'connected';
    if (nowConnected === this.connected) return;
    this.connected = nowConnected;
    const addressKind = this.device.address.slice(0, Math.max(0, this.device.address.indexOf(':'))) || 'unknown';
    this.audit.append({
      operator: null,
      action: 'execute',
      verb: nowConnected ? AuditVerbs.deviceConnect : AuditVerbs.deviceDisconnect,
      objectType: this.device.objectType,
      objectId: this.device.address,
      outcome: 'success',
      // Why a connection ended: the driver's error code on a loss, 'stopped' when the station let go.
      details: nowConnected ? { addressKind } : { addressKind, cause: status.state === 'error' ? status.code : 'stopped' },
    });
  }
}
