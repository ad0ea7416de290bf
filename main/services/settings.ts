import { randomBytes } from 'node:crypto';
import { StationError } from '../../common/errors.ts';
import type { AuditRole } from '../audit/entry.ts';
import type { Store } from '../storage/store.ts';

/** Inactivity before a session locks itself (issue 3: default 5 min). */
export const DEFAULT_AUTO_LOCK_MS = 5 * 60_000;
const MIN_AUTO_LOCK_MS = 30_000;
const MAX_AUTO_LOCK_MS = 60 * 60_000;

function read(store: Store, key: string): string | undefined {
  return store.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}

export function getAutoLockMs(store: Store): number {
  const v = read(store, 'auto_lock_ms');
  return v === undefined ? DEFAULT_AUTO_LOCK_MS : Number(v);
}

/** How a change of the auto-lock delay is audited; the role check's refusal reads the same (requireRole). */
export const AUTO_LOCK_CHANGE = { action: 'update', verb: 'config-change', objectType: 'setting', objectId: 'auto_lock_ms' } as const;

/** Changes the auto-lock delay (admins only: the caller checks the role); audited as a config change. */
export function setAutoLockMs(store: Store, autoLockMs: number, actor: { id: string; role: AuditRole }): void {
  if (!Number.isInteger(autoLockMs) || autoLockMs < MIN_AUTO_LOCK_MS || autoLockMs > MAX_AUTO_LOCK_MS) {
    throw new StationError('invalid-setting', `auto-lock must be ${MIN_AUTO_LOCK_MS}-${MAX_AUTO_LOCK_MS} ms`);
  }
  const previous = getAutoLockMs(store);
  store.transaction(() => {
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('auto_lock_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(autoLockMs));
    store.audit.append({
      ...AUTO_LOCK_CHANGE,
      operator: actor,
      outcome: 'success',
      details: { from: previous, to: autoLockMs },
    });
  });
}

/** The per-database salt of badge lookup hashes, created on first use. */
export function badgeSalt(store: Store): string {
  const existing = read(store, 'badge_salt');
  if (existing !== undefined) return existing;
  const salt = randomBytes(16).toString('hex');
  store.db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('badge_salt', ?)").run(salt);
  return read(store, 'badge_salt')!;
}
