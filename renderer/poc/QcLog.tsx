import { localTime } from '../../common/format/time.ts';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { testNameOf, type PocTest } from './usePoc.ts';

type Entry = ResponseOf<'poc.qc.log'>['entries'][number];

/** The QC log: every control run, newest first, by test name, pass or fail, by whom (append-only in main). */
export function QcLog({ tests, refreshKey }: { readonly tests: readonly PocTest[]; readonly refreshKey: unknown }) {
  const client = useClient();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('poc.qc.log', { limit: 50 }).then((r) => setEntries(r.entries), (e: unknown) => setError(errorMessage(e)));
  }, [client, refreshKey]);
  return (
    <details className="card">
      <summary>
        <strong>QC log</strong> ({entries.length} recent control run{entries.length === 1 ? '' : 's'})
      </summary>
      <table aria-label="QC log">
        <thead>
          <tr>
            <th>When</th>
            <th>Test</th>
            <th>Lot</th>
            <th>Level</th>
            <th>Result</th>
            <th>Outcome</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{localTime(e.performedAtMs)}</td>
              <td>{testNameOf(tests, e.testId)}</td>
              <td>{e.lotNumber}</td>
              <td>{e.level}</td>
              <td>{e.value}</td>
              <td className={e.passed ? undefined : 'bad'}>{e.passed ? 'pass' : 'FAIL'}</td>
              <td>
                {e.operatorId} {e.simulated && <span className="sim-tag">SIMULATED</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText text={error} />
    </details>
  );
}
