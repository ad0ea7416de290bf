import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { localTime } from '../../common/format/time.ts';

type Finding = ResponseOf<'records.audit.openFindings'>['findings'][number];

/** What an anchor mismatch means, in an administrator's words (the codes are `station audit verify`'s). */
function whatWasFound(f: Finding): string {
  switch (f.reason) {
    case 'head-behind-sidecar':
      return f.lostSeqs ? `the newest audit entries (${f.lostSeqs.from} to ${f.lostSeqs.to}) had been removed from the database` : 'the newest audit entries had been removed from the database';
    case 'sidecar-mismatch':
      return 'the newest audit entries no longer matched the chain head kept outside the database (altered or replaced)';
    case 'sidecar-missing':
      return 'the chain head kept outside the database was missing, so removal of the newest entries cannot be ruled out';
    case 'sidecar-unreadable':
      return 'the chain head kept outside the database could not be read, so removal of the newest entries cannot be ruled out';
    case 'records-without-log':
      return 'the audit log was empty although the database held records';
    default:
      return `an integrity problem (${f.reason})`;
  }
}

/**
 * Integrity findings the station recorded when it opened its database (an audit trail that was
 * cut short or replaced, a missing chain-head file). `station audit verify` fails on each until
 * an administrator has looked into it and acknowledges it: here, or with `station audit
 * acknowledge`. The acknowledgement is itself audited; the finding stays in the log.
 */
export function AnchorFindings() {
  const client = useClient();
  const [findings, setFindings] = useState<Finding[]>([]);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const acking = useInFlight();
  const reload = useCallback(
    () => client.call('records.audit.openFindings', {}).then((r) => setFindings(r.findings), (e: unknown) => setError(errorMessage(e))),
    [client],
  );
  useEffect(() => void reload(), [reload]);

  const acknowledge = async (seq: number) => {
    setError(null);
    try {
      const ack = await client.call('records.audit.acknowledgeAnchor', { seq });
      setDone(`Finding at entry ${seq} acknowledged (audit entry ${ack.seq}).`);
    } catch (e) {
      setError(errorMessage(e));
    }
    setConfirming(null);
    await reload();
  };

  if (findings.length === 0 && done === null && error === null) return null;
  return (
    <section className="notice notice-error" aria-labelledby="anchor-findings-title">
      <h2 id="anchor-findings-title">Audit log integrity</h2>
      {findings.map((f) => (
        <div key={f.seq} role="alert">
          <p>
            On {localTime(f.atUtc)} the station found that {whatWasFound(f)} (recorded at entry {f.seq}). The audit log verification fails until an administrator has looked
            into this and acknowledges it.
          </p>
          {confirming === f.seq ? (
            <p>
              <button type="button" className="danger" disabled={acking.inFlight} onClick={() => void acking.run(() => acknowledge(f.seq))}>
                Confirm: I have looked into entry {f.seq}
              </button>{' '}
              <button type="button" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </p>
          ) : (
            <button type="button" onClick={() => setConfirming(f.seq)}>
              Acknowledge finding at entry {f.seq}
            </button>
          )}
        </div>
      ))}
      {done && <p role="status">{done}</p>}
      <ErrorText text={error} />
    </section>
  );
}
