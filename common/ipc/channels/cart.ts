import { z } from 'zod';
import { channel, event } from '../define.ts';
import { float32Base64Length } from '../float32Base64.ts';

/**
 * The 12-lead cart: live acquisition and capture. Served by main/services/cartHandlers.ts, which
 * forwards the acquisition session's events (main/devices/cart/acquisition.ts). Live samples
 * travel per lead as base64 float32 little-endian in mV (common/ipc/float32Base64.ts); NaN = no
 * sample (a frame that never arrived, or an electrode off).
 */
const electrode = z.enum(['RA', 'LA', 'LL', 'RL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
const range = z.object({ start: z.number().int(), end: z.number().int() });
const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

export const cartDeviceStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('disconnected'), message: z.string() }),
  z.object({ state: z.literal('connecting'), message: z.string(), attempt: z.number().int() }),
  z.object({ state: z.literal('connected'), message: z.string() }),
  z.object({ state: z.literal('error'), message: z.string(), code: z.string(), retryInMs: z.number() }),
]);

export const cartCaptureSummarySchema = z.object({
  trigger: z.enum(['manual', 'auto']),
  startedAtUtc: z.string(),
  /** SIMULATED cart: the UI must show the mark. */
  simulated: z.boolean(),
  device: z.object({ model: z.string(), serial: z.string(), firmware: z.string(), address: z.string() }),
  fsHz: z.number(),
  samples: z.number().int(),
  complete: z.boolean(),
  incompleteReason: z.string().optional(),
  gaps: z.array(range),
  leadOff: z.array(range.extend({ electrode })),
  /** The stored, analysed EKG this capture became (null if it could not be stored). */
  ekgId: z.number().int().nullable(),
});

/** The connected cart: model, serial, firmware, where, SIMULATED or not, its rate and resolution. */
const cartIdentitySchema = z.object({ model: z.string(), serial: z.string(), firmware: z.string(), address: z.string(), simulated: z.boolean(), rateHz: z.number(), resolutionNvPerLsb: z.number() });

export const cartChannels = {
  /**
   * Starts (or keeps) the live session with the configured cart; answers at once, state comes as
   * events. `identity`: the cart's, when it has already connected (a second window joining a cart
   * that streams gets no `cart.identity` event), else null and the event follows.
   */
  'cart.start': channel(z.object({}).strict(), z.object({ status: cartDeviceStatusSchema, identity: cartIdentitySchema.nullable() })),
  'cart.stop': channel(z.object({}).strict(), z.object({ status: cartDeviceStatusSchema })),
  'cart.status': channel(z.object({}).strict(), z.object({ status: cartDeviceStatusSchema })),
  /** Captures the next `seconds` (default 10); answers when done (complete, or kept incomplete). */
  'cart.capture': channel(z.object({ seconds: z.number().min(1).max(60).optional() }).strict(), cartCaptureSummarySchema),
  'cart.autoCapture': channel(z.object({ enabled: z.boolean() }).strict(), z.object({ enabled: z.boolean() })),
} as const;

export const cartEvents = {
  'cart.status': event(z.object({ status: cartDeviceStatusSchema })),
  'cart.identity': event(cartIdentitySchema),
  /**
   * Every ~40 ms: the next `samples` samples of the 12 leads (I, II, III, aVR, aVL, aVF, V1..V6),
   * filtered, mV, each lead as base64 float32 LE (decodeFloat32Base64); NaN = no sample.
   */
  'cart.block': event(
    z
      .object({
        startSample: z.number().int(),
        fsHz: z.number(),
        samples: z.number().int().nonnegative(),
        leadNames: z.array(z.string()).length(12),
        leads: z.array(z.string().regex(base64Text)).length(12),
      })
      .refine((b) => b.leads.every((l) => l.length === float32Base64Length(b.samples)), 'every lead carries `samples` float32 values'),
  ),
  'cart.leadOff': event(z.object({ electrodesOff: z.array(electrode) })),
  'cart.vitals': event(
    z.object({
      heartRateBpm: z.number().nullable(),
      framesOk: z.number().int(),
      framesMissing: z.number().int(),
      crcErrors: z.number().int(),
      bytesDiscarded: z.number().int(),
    }),
  ),
  'cart.quality': event(z.object({ leads: z.array(z.object({ lead: z.string(), kinds: z.array(z.string()) })) })),
  'cart.gap': event(range),
  'cart.captureProgress': event(z.object({ received: z.number().int(), samples: z.number().int() })),
  'cart.captured': event(cartCaptureSummarySchema),
} as const;
