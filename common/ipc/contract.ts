import type { z } from 'zod';
import { appChannels, appEvents } from './channels/app.ts';
import { ekgChannels, ekgEvents } from './channels/ekg.ts';
import { recordsChannels } from './channels/records.ts';
import { labelsChannels, labelsEvents } from './channels/labels.ts';
import { pocChannels, pocEvents } from './channels/poc.ts';
import { cartChannels, cartEvents } from './channels/cart.ts';

/**
 * THE IPC contract: every channel between the UI and main, in every host (Electron IPC or the
 * browser host's WebSocket). The preload API, main's handler types and the renderer client are
 * all derived from these two maps. Add an area by adding a file under channels/ and spreading it here.
 */
export const channels = {
  ...appChannels,
  ...ekgChannels,
  ...recordsChannels,
  ...labelsChannels,
  ...pocChannels,
  ...cartChannels,
} as const;

export const events = {
  ...appEvents,
  ...ekgEvents,
  ...labelsEvents,
  ...pocEvents,
  ...cartEvents,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Events = typeof events;
export type EventName = keyof Events;

export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type EventPayloadOf<E extends EventName> = z.output<Events[E]['payload']>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
