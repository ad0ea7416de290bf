import { channelNames } from '../../common/ipc/contract.ts';
import type { IpcResult } from '../../common/ipc/define.ts';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type WireReply } from '../../common/ipc/wire.ts';
import type { StationBridge } from './bridge.ts';

const TOKEN_KEY = 'station.token';

/** Takes the launch token from the URL fragment once, then hides it from the address bar. */
function launchToken(): string | null {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The browser host's bridge: the same named actions as Electron's preload, over one WebSocket. */
export function connectSocketBridge(onState: (state: 'open' | 'closed') => void): StationBridge {
  const token = launchToken();
  const pending = new Map<number, (r: IpcResult<unknown>) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      if (!token) {
        reject(new Error('This page was opened without its launch token. Open the link the station printed.'));
        return;
      }
      const ws = new WebSocket(`ws://${window.location.host}/ipc`, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
      ws.onopen = () => {
        socket = ws;
        onState('open');
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('Cannot reach the station service.'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        onState('closed');
        for (const settle of pending.values()) settle({ ok: false, error: { code: 'disconnected', message: 'The station service connection was lost.' } });
        pending.clear();
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        const msg = JSON.parse(ev.data) as WireReply;
        if (msg.kind === 'event') {
          for (const l of listeners) l(msg.name, msg.payload);
        } else if (msg.id !== null) {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
        }
      };
    });
    return opened;
  };

  const call = async (channel: string, payload: unknown): Promise<IpcResult<unknown>> => {
    let ws: WebSocket;
    try {
      ws = socket ?? (await connect());
    } catch (e) {
      return { ok: false, error: { code: 'disconnected', message: e instanceof Error ? e.message : 'not connected' } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, payload }));
    });
  };

  void connect().catch(() => onState('closed'));
  return {
    invoke: Object.fromEntries(channelNames.map((c) => [c, (payload: unknown) => call(c, payload)])),
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
