import { useEffect, useState } from 'react';
import { countText } from '../../common/format/count.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';

/** Administrators set how long an idle session stays open (main enforces the role and the range). */
export function AutoLockSetting() {
  const client = useClient();
  const [minutes, setMinutes] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('records.settings.autoLock', {}).then((r) => setMinutes(String(r.autoLockMs / 60_000)), (e: unknown) => setError(errorMessage(e)));
  }, [client]);
  const save = async () => {
    try {
      setError(null);
      const r = await client.call('records.settings.autoLock', { autoLockMs: Math.round(Number(minutes) * 60_000) });
      setSaved(`Idle sessions now lock after ${countText(r.autoLockMs / 60_000, 'minute')}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="card narrow" role="group" aria-label="Auto-lock">
      <label htmlFor="autolock">Lock an idle session after (minutes, 0.5 to 60)</label>
      <div className="row">
        <input id="autolock" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        <button type="button" onClick={() => void save()}>
          Save
        </button>
      </div>
      {saved && <p role="status">{saved}</p>}
      <ErrorText text={error} />
    </div>
  );
}
