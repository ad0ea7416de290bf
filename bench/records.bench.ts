// Records benchmarks (issue 3): durable single appends/s, batched appends/s, verify throughput on
// a 1,000,000-entry log, filtered Audit page query time on that log. Real SQLite files in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntryInput } from '../main/audit/entry.ts';
import { CANONICAL_COLUMNS } from '../main/audit/canonical.ts';
import { readAuditHead } from '../main/storage/auditSidecar.ts';
import { queryAuditPage, type AuditCursor, type AuditFilter } from '../main/storage/auditQuery.ts';
import { verifyAuditLog } from '../main/storage/auditVerify.ts';
import { verifyAuditLogParallel } from '../main/storage/auditVerifyParallel.ts';
import { auditHeadPathIn, dbPathIn } from '../main/storage/dataDir.ts';
import { openReadonly, openWritable } from '../main/storage/db.ts';
import { openStore } from '../main/storage/store.ts';

const LOG_ENTRIES = 1_000_000;
const BATCH = 10_000;
const VERBS = ['view', 'view', 'view', 'search', 'create', 'print', 'sign-in', 'sign-out', 'lock', 'unlock', 'export', 'amend'];
const START_MS = Date.UTC(2025, 0, 1);

/** Deterministic per-entry pseudo-random integer (an integer hash, so fields vary independently). */
function mix(i: number, salt: number): number {
  let x = Math.imul(i ^ salt, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  return (x ^ (x >>> 13)) >>> 0;
}

function entry(i: number): AuditEntryInput {
  const verb = VERBS[mix(i, 1) % VERBS.length]!;
  return {
    operator: { id: `op${mix(i, 2) % 40}`, role: i % 3 === 0 ? 'provider' : 'ma' },
    action: verb === 'create' ? 'create' : verb === 'amend' ? 'update' : verb === 'view' || verb === 'search' ? 'read' : 'execute',
    verb,
    objectType: 'patient',
    objectId: String(mix(i, 3) % 20_000),
    patientId: String(mix(i, 3) % 20_000),
    outcome: i % 97 === 0 ? 'failure' : 'success',
    ...(i % 97 === 0 ? { reason: 'bad-pin' } : {}),
    details: { n: i % 1000 },
  };
}

const perSecond = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');
/** CPU time of this process since `since` (ms): wall time on a shared machine also counts other people's work. */
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The ceiling under batched appends: SQLite alone inserting prepared rows (no record building, no
 * hashing) into the station's own audit table, 10,000 per transaction, after `prefill` rows, with
 * the migrations' indexes or with the secondary indexes dropped. Rows per CPU-second.
 */
function sqliteInsertCeiling(dir: string, withIndexes: boolean, prefill: number, measured: number): number {
  const store = openStore({ dataDir: dir });
  store.close();
  const db = openWritable(dbPathIn(dir));
  if (!withIndexes) for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL").pluck().all() as string[]) db.exec(`DROP INDEX ${name}`);
  const insert = db.prepare(`INSERT INTO audit_log (${CANONICAL_COLUMNS.join(', ')}, hash) VALUES (${CANONICAL_COLUMNS.map(() => '?').join(', ')}, ?)`);
  const fakeHash = 'ab'.repeat(32);
  const rows = (from: number, to: number) =>
    db.transaction(() => {
      for (let i = from; i < to; i++) {
        const e = entry(i);
        insert.run(i + 1, new Date(START_MS + i * 31_000).toISOString(), e.operator!.id, e.operator!.role, 'bench', e.action, e.verb, e.objectType, e.objectId, e.patientId, e.outcome, e.reason ?? null, '{"n":1}', fakeHash);
      }
    }).immediate();
  for (let base = 0; base < prefill; base += BATCH) rows(base, base + BATCH);
  const cpu0 = process.cpuUsage();
  for (let base = prefill; base < prefill + measured; base += BATCH) rows(base, base + BATCH);
  const ms = cpuMs(cpu0);
  db.close();
  return measured / (ms / 1000);
}

function singleAppends(dir: string, headMaxLagMs: number, n: number): number {
  const store = openStore({ dataDir: dir, auditHeadMaxLagMs: headMaxLagMs });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) store.audit.append(entry(i));
  const ms = performance.now() - t0;
  store.close();
  return ms;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'records-bench-'));
  // Wall-clock figures depend on what else runs; CPU-second figures much less so.
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    // The ceiling on this disk: one tiny durable SQLite commit (WAL, synchronous=FULL) per insert.
    const bare = openWritable(join(root, 'bare.sqlite'));
    bare.exec('CREATE TABLE t (x TEXT)');
    const ins = bare.prepare('INSERT INTO t VALUES (?)');
    const tb = performance.now();
    for (let i = 0; i < 1000; i++) ins.run('x');
    console.log(`baseline: bare durable SQLite commits on this disk: ${perSecond(1000, performance.now() - tb)}/s`);
    bare.close();

    const nSingle = 3000;
    let ms = singleAppends(join(root, 'single'), 100, nSingle);
    console.log(`durable single appends (synchronous=FULL, own transaction each, sidecar <=100 ms behind): ${perSecond(nSingle, ms)}/s`);
    ms = singleAppends(join(root, 'single-strict'), 0, 1000);
    console.log(`durable single appends, sidecar rewritten (fsync+rename) after every append: ${perSecond(1000, ms)}/s`);

    // The 1,000,000-entry log over one simulated year, built with batched appends (appendMany:
    // 10,000 entries per transaction, one durable commit each). The clock advances ~31 s per
    // reading, so every entry gets its own timestamp.
    let nowMs = START_MS;
    const stepMs = (365 * 86_400_000) / LOG_ENTRIES;
    const store = openStore({ dataDir: join(root, 'big'), clockMs: () => Math.round((nowMs += stepMs)) });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let base = 0; base < LOG_ENTRIES; base += BATCH) {
      store.audit.appendMany(Array.from({ length: BATCH }, (_, k) => entry(base + k)));
    }
    ms = performance.now() - t0;
    console.log(`batched appends (${BATCH.toLocaleString('en-US')} per transaction, 1,000,000 entries): ${perSecond(LOG_ENTRIES, ms)}/s wall, ${perSecond(LOG_ENTRIES, cpuMs(cpu0))}/s per CPU-second`);
    store.close();

    // The same rows straight into SQLite, on a log already 700,000 entries long (rows 700k-1M).
    for (const withIndexes of [true, false]) {
      const rate = sqliteInsertCeiling(join(root, withIndexes ? 'ceiling' : 'ceiling-bare'), withIndexes, 700_000, 300_000);
      console.log(
        `ceiling: SQLite alone inserting prepared rows (no record, no hash), ${withIndexes ? 'with the 5 audit indexes' : 'secondary indexes dropped'}: ${Math.round(rate).toLocaleString('en-US')}/s per CPU-second`,
      );
    }

    const dir = join(root, 'big');
    const db = openReadonly(dbPathIn(dir));
    const vcpu = process.cpuUsage();
    let tv = performance.now();
    const single = verifyAuditLog(db, readAuditHead(auditHeadPathIn(dir)));
    let vms = performance.now() - tv;
    if (!single.ok) throw new Error('bench log did not verify');
    console.log(
      `verify, one thread: ${single.entries.toLocaleString('en-US')} entries in ${(vms / 1000).toFixed(2)} s = ${perSecond(single.entries, vms)} entries/s wall, ` +
        `${perSecond(single.entries, cpuMs(vcpu))} entries/s per CPU-second`,
    );
    // What `station audit verify` runs: this thread plus (cores - 1) workers claiming 50,000-row chunks.
    tv = performance.now();
    const parallel = await verifyAuditLogParallel(dbPathIn(dir), readAuditHead(auditHeadPathIn(dir)));
    vms = performance.now() - tv;
    if (!parallel.ok) throw new Error('bench log did not verify');
    console.log(
      `verify, ${availableParallelism()} threads (station audit verify, worker start-up included): ${(vms / 1000).toFixed(2)} s = ${perSecond(parallel.entries, vms)} entries/s wall`,
    );

    const midUtc = (days: number) => new Date(START_MS + days * 86_400_000).toISOString();
    const cases: Array<[string, AuditFilter]> = [
      ['patient', { patientId: '4242' }],
      ['operator', { operatorId: 'op7' }],
      ['operator + verb', { operatorId: 'op7', verb: 'print' }],
      ['verb', { verb: 'export' }],
      ['verb + action, no match (scans the verb index)', { verb: 'view', action: 'delete' }],
      ['action', { action: 'update' }],
      ['date range (1 day)', { fromUtc: midUtc(180), toUtc: midUtc(181) }],
      ['operator + date range (1 week)', { operatorId: 'op3', fromUtc: midUtc(200), toUtc: midUtc(207) }],
      ['patient + operator + action + date range', { patientId: '4242', operatorId: 'op2', action: 'read', fromUtc: midUtc(10), toUtc: midUtc(300) }],
      ['no filter', {}],
    ];
    for (const [name, filter] of cases) {
      const first: number[] = [];
      const deep: number[] = [];
      let count = 0;
      for (let rep = 0; rep < 7; rep++) {
        let t = performance.now();
        let page = queryAuditPage(db, filter, null, 50);
        first.push(performance.now() - t);
        count = page.entries.length;
        let cursor: AuditCursor | null = page.nextCursor;
        for (let p = 0; p < 9 && cursor !== null; p++) {
          page = queryAuditPage(db, filter, cursor, 50);
          cursor = page.nextCursor;
        }
        if (cursor !== null) {
          t = performance.now();
          queryAuditPage(db, filter, cursor, 50);
          deep.push(performance.now() - t);
        }
      }
      console.log(
        `audit page (50 rows) on 1M entries, filter ${name}: first page ${median(first).toFixed(2)} ms, ` +
          `11th page ${deep.length > 0 ? median(deep).toFixed(2) + ' ms' : 'n/a (fewer pages)'} (${count} rows on page 1; median of 7)`,
      );
    }
    db.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
