import { z } from 'zod';

/**
 * Envelope of the browser host's WebSocket messages (Electron carries the same calls over its
 * own IPC). Client -> server: a call. Server -> client: the call's result, or a pushed event.
 */
export const wireCall = z.object({ id: z.number().int().nonnegative(), channel: z.string().max(100), payload: z.unknown() }).strict();
export type WireCall = z.infer<typeof wireCall>;

export type WireReply =
  | { readonly kind: 'result'; readonly id: number | null; readonly result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } }
  | { readonly kind: 'event'; readonly name: string; readonly payload: unknown };

/** WebSocket sub-protocol names: the first names the wire version, the second carries the launch token. */
export const WIRE_PROTOCOL = 'station-v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';
