import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionAudit } from '../../../main/devices/connectionAudit.ts';
import type { DeviceStatus } from '../../../main/devices/supervisor.ts';
import { tempStore } from '../../helpers/tempStore.ts';

let cleanup = (): void => undefined;
afterEach(() => cleanup());

const connecting = (attempt: number): DeviceStatus => ({ state: 'connecting', message: 'connecting to tcp:127.0.0.1:9', attempt });
const failed: DeviceStatus = { state: 'error', message: 'refused', code: 'disconnected', retryInMs: 500 };

describe('ConnectionAudit', () => {
  it('writes one entry per connection change, none per retry of a reconnect storm', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const connection = new ConnectionAudit(t.store.audit, { objectType: 'ekg-cart', address: 'tcp:127.0.0.1:9' });
    const storm = (n: number) => {
      for (let i = 1; i <= n; i++) [connecting(i), failed].forEach((s) => connection.onStatus(s));
    };
    storm(50);
    connection.onStatus(connecting(51));
    connection.onStatus({ state: 'connected', message: 'connected' });
    connection.onStatus({ state: 'connected', message: 'connected' });
    connection.onStatus({ ...failed, code: 'timeout' });
    storm(30);
    connection.onStatus({ state: 'connected', message: 'connected' });
    connection.onStatus({ state: 'disconnected', message: 'stopped' });
    connection.onStatus({ state: 'disconnected', message: 'stopped' });
    const rows = t.store.db.prepare('SELECT operator_id AS operatorId, action, verb, object_type AS objectType, object_id AS objectId, patient_id AS patientId, outcome, details FROM audit_log ORDER BY seq').all();
    const base = { operatorId: null, action: 'execute', objectType: 'ekg-cart', objectId: 'tcp:127.0.0.1:9', patientId: null, outcome: 'success' };
    expect(rows).toEqual([
      { ...base, verb: 'device-connect', details: '{"addressKind":"tcp"}' },
      { ...base, verb: 'device-disconnect', details: '{"addressKind":"tcp","cause":"timeout"}' },
      { ...base, verb: 'device-connect', details: '{"addressKind":"tcp"}' },
      { ...base, verb: 'device-disconnect', details: '{"addressKind":"tcp","cause":"stopped"}' },
    ]);
  });
});
