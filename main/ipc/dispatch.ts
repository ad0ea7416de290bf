import { isStationError } from '../../common/errors.ts';
import {
  channels,
  events,
  isChannelName,
  type ChannelName,
  type EventName,
  type EventPayloadOf,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../common/ipc/contract.ts';
import type { IpcResult } from '../../common/ipc/define.ts';

/** Who is calling. Hosts fill it in after they have checked the sender. */
export interface CallContext {
  /** One per window (Electron) or per authenticated socket (browser host). */
  readonly sessionId: string;
  readonly host: 'electron' | 'browser';
}

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { readonly [C in ChannelName]: Handler<C> };

/**
 * The single entry point of every IPC call, whichever host received it: checks the channel
 * name, validates the payload against the contract, runs the handler, validates what it
 * answers, and never throws: the caller always gets an IpcResult.
 */
export async function dispatch(handlers: Handlers, channelName: unknown, payload: unknown, ctx: CallContext): Promise<IpcResult<unknown>> {
  if (!isChannelName(channelName)) {
    return { ok: false, error: { code: 'unknown-channel', message: 'unknown channel' } };
  }
  const spec = channels[channelName];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'invalid-request', message: `invalid request for ${channelName}${where}: ${issue?.message ?? 'rejected'}` } };
  }
  try {
    const handler = handlers[channelName] as Handler<typeof channelName>;
    const value = await handler(parsed.data as never, ctx);
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      return { ok: false, error: { code: 'internal', message: `response of ${channelName} did not match the contract` } };
    }
    return { ok: true, value: checked.data };
  } catch (e) {
    if (isStationError(e)) return { ok: false, error: { code: e.code, message: e.message } };
    return { ok: false, error: { code: 'internal', message: `${channelName} failed unexpectedly` } };
  }
}

export type EventListener = (name: EventName, payload: unknown, targetSessionId: string | null) => void;

/** Server-pushed events, validated against the contract before any host sends them. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends to every session, or only to `sessionId` when given. */
  emit<E extends EventName>(name: E, payload: EventPayloadOf<E>, sessionId: string | null = null): void {
    const checked = events[name].payload.parse(payload);
    for (const l of this.listeners) l(name, checked, sessionId);
  }
}
