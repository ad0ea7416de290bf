import { useState } from 'react';
import { useClient } from '../context.ts';
import type { ScreenProps } from './index.tsx';
import { AutoLockSetting } from './AutoLockSetting.tsx';

/** Station status: version, host, and a live round trip to the station service. */
export function StationScreen({ info, session }: ScreenProps) {
  const client = useClient();
  const [roundTrip, setRoundTrip] = useState<string | null>(null);

  const check = async () => {
    const started = performance.now();
    try {
      const nonce = Math.random().toString(36).slice(2);
      const reply = await client.call('app.ping', { nonce });
      const ms = performance.now() - started;
      setRoundTrip(reply.nonce === nonce ? `Station service answered in ${ms.toFixed(1)} ms` : 'Station service answered with a wrong reply');
    } catch (e) {
      setRoundTrip(`Station service did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <section aria-labelledby="station-title">
      <h1 id="station-title">Station</h1>
      {info ? (
        <dl className="facts">
          <dt>Station</dt>
          <dd>{info.stationId}</dd>
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running in</dt>
          <dd>{info.host === 'electron' ? 'Desktop app' : 'Browser (station service on this PC)'}</dd>
          <dt>Devices</dt>
          <dd>{info.simulated ? 'Simulated devices (training/demo)' : 'Configured devices'}</dd>
        </dl>
      ) : (
        <p>Connecting to the station service…</p>
      )}
      <button type="button" className="big" onClick={() => void check()}>
        Check connection
      </button>
      {roundTrip && <p role="status" aria-label="Connection check result">{roundTrip}</p>}
      {session.operator?.role === 'admin' && <AutoLockSetting />}
    </section>
  );
}
