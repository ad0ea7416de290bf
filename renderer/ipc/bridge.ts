import type { IpcResult } from '../../common/ipc/define.ts';

/**
 * What the Electron preload exposes on `window.stationBridge`: one named function per contract
 * channel (never ipcRenderer itself) plus an event subscription. The browser host offers the
 * same shape over a WebSocket (see socket.ts).
 */
export interface StationBridge {
  readonly invoke: Readonly<Record<string, (payload: unknown) => Promise<IpcResult<unknown>>>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    readonly stationBridge?: StationBridge;
  }
}
