import type { z } from 'zod';

/** One request/response channel: both sides validated with these schemas. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

/** One server-pushed event (device state, live samples...): validated before it is sent. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export const channel = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelSpec<Req, Res> => ({
  request,
  response,
});

export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });

/** The wire answer of every channel, in every host. */
export type IpcError = { readonly code: string; readonly message: string };
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };
