import { AuditVerbs, type AuditDetails } from '../audit/entry.ts';
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
 * Audits a device's connection (records issue: every device connect and disconnect): one entry
 * when it becomes connected and one when a connected device is lost or let go. Attempts that fail
 * are not state changes of the connection, so a reconnect storm writes nothing until a connect
 * succeeds. A supervised device feeds it every DeviceStatus (onStatus); a device the station
 * opens itself (printer link, meter download) says connected/disconnected directly.
 */
export class ConnectionAudit {
  private isConnected = false;

  constructor(
    private readonly audit: AuditAppender,
    private readonly device: AuditedDevice,
  ) {}

  onStatus(status: DeviceStatus): void {
    if (status.state === 'connected') this.connected();
    // Why a connection ended: the driver's error code on a loss, 'stopped' when the station let go.
    else this.disconnected(status.state === 'error' ? status.code : 'stopped');
  }

  /** The device is connected; writes an entry only if it was not already. */
  connected(): void {
    if (this.isConnected) return;
    this.isConnected = true;
    this.write(AuditVerbs.deviceConnect, { addressKind: this.addressKind() });
  }

  /** The connection ended for `cause` (an error code, or 'stopped'); no entry if none was up. */
  disconnected(cause: string): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.write(AuditVerbs.deviceDisconnect, { addressKind: this.addressKind(), cause });
  }

  private addressKind(): string {
    return this.device.address.slice(0, Math.max(0, this.device.address.indexOf(':'))) || 'unknown';
  }

  private write(verb: string, details: AuditDetails): void {
    this.audit.append({ operator: null, action: 'execute', verb, objectType: this.device.objectType, objectId: this.device.address, outcome: 'success', details });
  }
}
