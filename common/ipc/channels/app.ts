import { z } from 'zod';
import { channel, event } from '../define.ts';

/** Station-wide channels: identity, health, the simulated-mode banner. */
export const appChannels = {
  'app.info': channel(
    z.object({}).strict(),
    z.object({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      stationId: z.string(),
      /** True when any device is simulated or demo data is present: the UI shows SIMULATED. */
      simulated: z.boolean(),
      /** The glucose meter / analyzer the POC screen downloads from, when one is configured. */
      /** Mains frequency of the EKG notch filter, as configured; null = not configured. */
      mainsHz: z.union([z.literal(50), z.literal(60)]).nullable(),
      meter: z.object({ protocol: z.enum(['astm', 'onetouch']), address: z.string() }).nullable(),
    }),
  ),
  'app.ping': channel(z.object({ nonce: z.string().max(64) }).strict(), z.object({ nonce: z.string(), serverTimeMs: z.number() })),
} as const;

export const appEvents = {
  'app.notice': event(z.object({ level: z.enum(['info', 'warning', 'error']), text: z.string().max(500) })),
} as const;
