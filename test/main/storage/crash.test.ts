import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { openStore } from '../../../main/storage/store.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

const writer = fileURLToPath(new URL('./crashWriter.fixture.ts', import.meta.url));
const temp = tempDataDir('crash-');
afterAll(() => temp.remove());

/** Runs the writer, SIGKILLs it `afterMs` after it is ready, returns the entries it reported committed. */
function runAndKill(afterMs: number, lagMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, temp.dir, String(lagMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    const committed = new Map<number, string>();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a torn last line was not fully reported: it does not count
      for (const line of lines) {
        if (line === 'ready') {
          setTimeout(() => child.kill('SIGKILL'), afterMs);
          continue;
        }
        const [seq, hash] = line.split(' ');
        committed.set(Number(seq), hash!);
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(committed) : reject(new Error(`writer exited without being killed: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it('after each of 20 SIGKILLs at random moments, every reported entry is present and the log verifies', async () => {
    let total = 0;
    let reported = 0;
    for (let round = 0; round < 20; round++) {
      const committed = await runAndKill(50 + Math.floor(Math.random() * 400), round % 2 === 0 ? 0 : 50);
      reported += committed.size;
      const db = openReadonly(dbPathIn(temp.dir));
      try {
        const result = verifyAuditLog(db, readAuditHead(auditHeadPathIn(temp.dir)));
        expect(result).toMatchObject({ ok: true });
        const hashAt = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
        for (const [seq, hash] of committed) expect(hashAt.get(seq)).toBe(hash);
        total = result.entries;
      } finally {
        db.close();
      }
      // The restart: opening for writing finds the sidecar consistent (at most behind) and catches it up.
      const store = openStore({ dataDir: temp.dir });
      expect(store.audit.anchorFault).toBeNull();
      store.close();
    }
    expect(reported).toBeGreaterThan(20);
    expect(total).toBeGreaterThanOrEqual(reported);
  });
});
