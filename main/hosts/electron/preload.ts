// The sandboxed preload: exposes one named function per contract channel and an event
// subscription on window.stationBridge. It never exposes ipcRenderer or any Node API.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, eventNames } from '../../../common/ipc/contract.ts';
import type { IpcResult } from '../../../common/ipc/define.ts';
import { IPC_EVENT, IPC_INVOKE } from './windowOptions.ts';

const invoke = Object.freeze(
  Object.fromEntries(
    channelNames.map((channel) => [channel, (payload: unknown): Promise<IpcResult<unknown>> => ipcRenderer.invoke(IPC_INVOKE, channel, payload)]),
  ),
);

const knownEvents = new Set<string>(eventNames);

contextBridge.exposeInMainWorld('stationBridge', {
  invoke,
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string' && knownEvents.has(name)) listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
});
