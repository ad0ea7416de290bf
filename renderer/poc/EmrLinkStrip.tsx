import { useCallback, useEffect, useRef } from 'react';
import { useClient } from '../context.ts';
import { usePolled } from '../components/usePolled.ts';
import { localTime } from '../../common/format/time.ts';
import { deliveriesMoved, emrStatusLines, worstTone, type EmrStatus } from './emrWording.ts';

/** How often the strip asks main for the outbox's state (counts and error codes only). */
const POLL_MS = 5_000;

/**
 * The EMR link as the assistant needs to see it: whether results reached the EMR, are waiting
 * (and why), were refused or set aside. `poc.emr.status` carries counts and error codes only,
 * never patient data. `onDeliveriesChanged` runs when a poll shows the table's deliveries may be
 * out of date (deliveriesMoved), so the results table says where each result is now.
 */
export function EmrLinkStrip({ waitingShown, onDeliveriesChanged }: { readonly waitingShown: number; readonly onDeliveriesChanged: () => void }) {
  const client = useClient();
  const load = useCallback(() => client.call('poc.emr.status', {}).then((r): EmrStatus[] => [r.status]), [client]);
  // No event is pushed for the outbox: the poll alone keeps it current.
  const [loaded] = usePolled(load, POLL_MS);
  const status = loaded[0] ?? null;
  const prev = useRef<EmrStatus | null>(null);
  useEffect(() => {
    if (!status) return;
    if (deliveriesMoved(prev.current, status, waitingShown)) onDeliveriesChanged();
    prev.current = status;
    // Only a new poll result decides (not a change of waitingShown: that is the table's own reload).
  }, [status]);
  if (!status) return null;
  const lines = emrStatusLines(status, (ms) => localTime(ms));
  const tone = worstTone(lines);
  return (
    <div className={`notice ${tone === 'ok' ? 'ok' : `notice-${tone}`}`} role="status" aria-label="EMR link" style={{ marginBottom: '0.75rem', borderRadius: '6px' }}>
      {lines.map((l) => (
        <p key={l.text} style={{ margin: '0.2rem 0' }}>
          {l.text} {l.code && <small>(code {l.code})</small>}
        </p>
      ))}
    </div>
  );
}
