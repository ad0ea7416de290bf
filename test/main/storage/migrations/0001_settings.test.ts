import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

describe('0001 settings', () => {
  it('creates a key/value table with unique keys', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 1));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('auto_lock_ms', '300000');
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('auto_lock_ms')).toBe('300000');
    expect(() => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('auto_lock_ms', '1')).toThrow(/UNIQUE/);
  });
});
