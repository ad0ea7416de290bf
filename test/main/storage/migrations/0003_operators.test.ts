import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

describe('0003 operators', () => {
  it('stores accounts with a known role and unique badge hashes', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 3));
    const ins = db.prepare('INSERT INTO operators (login, display_name, role, badge_hash, pin_hash, created_at_utc) VALUES (?, ?, ?, ?, ?, ?)');
    ins.run('ann', 'Ann', 'admin', 'b1', 'p', '2026-01-01T00:00:00.000Z');
    expect(() => ins.run('bob', 'Bob', 'janitor', 'b2', 'p', '2026-01-01T00:00:00.000Z')).toThrow(/CHECK/);
    expect(() => ins.run('bob', 'Bob', 'ma', 'b1', 'p', '2026-01-01T00:00:00.000Z')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT failed_attempts, active, simulated FROM operators').get()).toEqual({ failed_attempts: 0, active: 1, simulated: 0 });
  });
});
