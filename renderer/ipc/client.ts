import type { ChannelName, EventName, EventPayloadOf, RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import type { IpcError } from '../../common/ipc/define.ts';
import type { StationBridge } from './bridge.ts';

/** A call answered `{ok:false}`: carries the contract's error code for the UI to act on. */
export class IpcCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
  }
}

/** The renderer's typed client, derived from the contract; works over either host's bridge. */
export interface StationClient {
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
}

export function createClient(bridge: StationBridge): StationClient {
  return {
    async call(channel, request) {
      const fn = bridge.invoke[channel];
      if (!fn) throw new IpcCallError({ code: 'unknown-channel', message: `channel ${channel} is not available` });
      const result = await fn(request);
      if (!result.ok) throw new IpcCallError(result.error);
      return result.value as never;
    },
    on(name, listener) {
      return bridge.onEvent((n, payload) => {
        if (n === name) listener(payload as never);
      });
    },
  };
}
