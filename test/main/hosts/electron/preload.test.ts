import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../../common/ipc/contract.ts';
import { IPC_EVENT, IPC_INVOKE } from '../../../../main/hosts/electron/windowOptions.ts';

// FAKE at the Electron boundary (no Electron binary here): records what the preload exposes
// through contextBridge and what it sends through ipcRenderer.
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const onCalls: string[] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: null })),
    on: (channel: string) => onCalls.push(channel),
    removeListener: () => {},
  },
}));

describe('preload', () => {
  beforeAll(async () => {
    await import('../../../../main/hosts/electron/preload.ts');
  });

  it('exposes exactly one object, stationBridge, with named actions and onEvent', () => {
    expect([...exposed.keys()]).toEqual(['stationBridge']);
    const bridge = exposed.get('stationBridge') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    const invoke = bridge['invoke'] as Record<string, unknown>;
    expect(Object.keys(invoke).sort()).toEqual([...channelNames].sort());
    for (const fn of Object.values(invoke)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(invoke)).toBe(true);
  });

  it('never exposes ipcRenderer, require or process', () => {
    const text = JSON.stringify([...exposed.entries()], (_k, v: unknown) => (typeof v === 'function' ? `fn:${v.name}` : v));
    expect(text).not.toMatch(/ipcRenderer|require|process/);
  });

  it('routes a named action to the single invoke channel with its name', async () => {
    const invoke = (exposed.get('stationBridge') as { invoke: Record<string, (p: unknown) => Promise<unknown>> }).invoke;
    await invoke['app.ping']!({ nonce: 'n' });
    expect(invoked.at(-1)).toEqual([IPC_INVOKE, 'app.ping', { nonce: 'n' }]);
    const bridge = exposed.get('stationBridge') as { onEvent: (l: () => void) => () => void };
    const off = bridge.onEvent(() => {});
    expect(onCalls).toEqual([IPC_EVENT]);
    expect(typeof off).toBe('function');
  });
});
