// Child process of crash.test.ts: appends audit entries forever and reports each committed
// entry ("seq hash" per line) on stdout right after append returns, with a synchronous write.
import { writeSync } from 'node:fs';
import { openStore } from '../../../main/storage/store.ts';

const [dataDir, lag] = process.argv.slice(2);
const store = openStore({ dataDir: dataDir!, auditHeadMaxLagMs: Number(lag) });
const entry = { operator: { id: 'crash', role: 'ma' as const }, action: 'read' as const, verb: 'view', objectType: 'patient', objectId: '1', patientId: '1', outcome: 'success' as const };
writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const done = i % 4 === 0 ? store.audit.appendMany([entry, entry, entry]) : [store.audit.append(entry)];
  writeSync(1, done.map((d) => `${d.seq} ${d.hash}\n`).join(''));
}
