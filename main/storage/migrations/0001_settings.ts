import type { Migration } from '../migrate.ts';

/** Station-wide key/value settings (station id, auto-lock delay...). Changes are audited by the service. */
export const migration: Migration = {
  version: 1,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
