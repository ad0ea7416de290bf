import type { Migration } from '../migrate.ts';

/**
 * Local operator accounts. The login is the operator's stable id (it is what the audit log
 * records). Neither the badge id nor the PIN is stored in clear: badge_hash is a salted SHA-256
 * used for lookup, pin_hash a scrypt string (main/services/secrets.ts).
 */
export const migration: Migration = {
  version: 3,
  name: 'operators',
  up(db) {
    db.exec(`
      CREATE TABLE operators (
        login TEXT PRIMARY KEY NOT NULL,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'ma', 'provider')),
        badge_hash TEXT NOT NULL UNIQUE,
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_out_at_utc TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
        created_at_utc TEXT NOT NULL
      ) STRICT;
    `);
  },
};
