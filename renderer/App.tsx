import { useEffect, useState } from 'react';
import type { ResponseOf } from '../common/ipc/contract.ts';
import type { StationClient } from './ipc/client.ts';
import { ClientContext } from './context.ts';
import { SimulatedBanner } from './components/SimulatedBanner.tsx';
import { NoticeBar } from './components/NoticeBar.tsx';
import { screens, type ScreenId } from './screens/index.tsx';

interface AppProps {
  readonly client: StationClient;
  readonly registerConnection: (fn: (open: boolean) => void) => void;
  readonly hostBridge: 'electron' | 'browser';
}

export function App({ client, registerConnection, hostBridge }: AppProps) {
  const [info, setInfo] = useState<ResponseOf<'app.info'> | null>(null);
  const [connected, setConnected] = useState(hostBridge === 'electron');
  const [screen, setScreen] = useState<ScreenId>('station');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    registerConnection(setConnected);
    client
      .call('app.info', {})
      .then((i) => {
        setInfo(i);
        setConnected(true);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client, registerConnection]);

  const Active = screens.find((s) => s.id === screen)!.Component;
  return (
    <ClientContext.Provider value={client}>
      {info?.simulated && <SimulatedBanner />}
      <header className="app-header">
        <div className="brand">POC Station{info ? ` · ${info.stationId}` : ''}</div>
        <div className="context" aria-label="Signed-in operator and current patient">
          <span className="operator">Not signed in</span>
          <span className="patient">No patient selected</span>
        </div>
        <div className={connected ? 'link ok' : 'link down'} role="status" aria-label="Connection to the station service">
          {connected ? 'Connected' : 'Not connected'}
        </div>
      </header>
      <nav className="app-nav" aria-label="Main">
        {screens.map((s) => (
          <button key={s.id} type="button" aria-current={s.id === screen ? 'page' : undefined} onClick={() => setScreen(s.id)}>
            {s.label}
          </button>
        ))}
      </nav>
      {error && <NoticeBar level="error" text={error} />}
      <main className="app-main">
        <Active info={info} />
      </main>
    </ClientContext.Provider>
  );
}
