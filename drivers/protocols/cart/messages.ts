import { FormatError } from '../../../common/errors.ts';
import { CART_CHANNEL_COUNT, ELECTRODES, type AckStatus, type CartCommand, type CartCommandType, type CartIdentity } from './types.ts';

/*
 * Message table of the station cart protocol v1 (payload layouts: docs/protocols/cart.md).
 * Multi-byte integers are little-endian except the ADS1298-native status word and samples,
 * which stay big-endian as the chip shifts them out.
 */
export const MSG = {
  data: 0x01,
  ack: 0x80,
  identity: 0x90,
  impedance: 0x94,
  identify: 0x10,
  start: 0x11,
  stop: 0x12,
  setRate: 0x13,
  impedanceCheck: 0x14,
} as const;

export const DATA_PAYLOAD_BYTES = 4 + 3 + 3 * CART_CHANNEL_COUNT;
export const IMPEDANCE_PAYLOAD_BYTES = 4 * ELECTRODES.length;
export const INT24_MIN = -0x800000;
export const INT24_MAX = 0x7fffffff >> 8;
/** An impedance the cart could not measure (electrode off). */
export const IMPEDANCE_UNMEASURABLE = 0xffffffff;

const COMMAND_CODES: Record<CartCommandType, number> = {
  identify: MSG.identify,
  start: MSG.start,
  stop: MSG.stop,
  setRate: MSG.setRate,
  impedanceCheck: MSG.impedanceCheck,
};
const COMMAND_BY_CODE = new Map<number, CartCommandType>(Object.entries(COMMAND_CODES).map(([k, v]) => [v, k as CartCommandType]));
const ACK_STATUSES: readonly AckStatus[] = ['ok', 'unsupported', 'busy', 'invalid'];

/** Which (type, payload length) pairs a host accepts from the cart. */
export function hostAccepts(type: number, length: number): boolean {
  switch (type) {
    case MSG.data:
      return length === DATA_PAYLOAD_BYTES;
    case MSG.ack:
      return length === 2;
    case MSG.identity:
      return length >= 13;
    case MSG.impedance:
      return length === IMPEDANCE_PAYLOAD_BYTES;
    default:
      return false;
  }
}

/** Which (type, payload length) pairs a cart accepts from the host. */
export function deviceAccepts(type: number, length: number): boolean {
  return type === MSG.setRate ? length === 2 : COMMAND_BY_CODE.has(type) && length === 0;
}

export function commandCode(type: CartCommandType): number {
  return COMMAND_CODES[type];
}

export function commandPayload(command: CartCommand): Uint8Array {
  if (command.type !== 'setRate') return new Uint8Array(0);
  if (!Number.isInteger(command.rateHz) || command.rateHz < 1 || command.rateHz > 0xffff) throw new FormatError(`sample rate ${command.rateHz} Hz is not a u16`);
  return Uint8Array.of(command.rateHz & 0xff, command.rateHz >> 8);
}

export function decodeCommand(type: number, payload: Uint8Array): CartCommand {
  const name = COMMAND_BY_CODE.get(type);
  if (name === undefined) throw new FormatError(`unknown command 0x${type.toString(16)}`);
  if (name === 'setRate') {
    if (payload.length !== 2) throw new FormatError('setRate payload must be 2 bytes');
    return { type: 'setRate', rateHz: payload[0]! | (payload[1]! << 8) };
  }
  return { type: name };
}

export function encodeData(seq: number, status: number, counts: ArrayLike<number>): Uint8Array {
  const p = new Uint8Array(DATA_PAYLOAD_BYTES);
  const view = new DataView(p.buffer);
  view.setUint32(0, seq >>> 0, true);
  p[4] = (status >> 16) & 0xff;
  p[5] = (status >> 8) & 0xff;
  p[6] = status & 0xff;
  for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) {
    const v = counts[ch]!;
    if (!Number.isInteger(v) || v < INT24_MIN || v > INT24_MAX) throw new FormatError(`sample ${v} is not a 24-bit signed count`);
    const o = 7 + ch * 3;
    p[o] = (v >> 16) & 0xff;
    p[o + 1] = (v >> 8) & 0xff;
    p[o + 2] = v & 0xff;
  }
  return p;
}

/** Decodes a data payload (length already checked) into counts; returns seq and status. */
export function decodeData(p: Uint8Array, counts: Int32Array): { seq: number; status: number } {
  const seq = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
  const status = (p[4]! << 16) | (p[5]! << 8) | p[6]!;
  for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) {
    const o = 7 + ch * 3;
    // Sign-extend from bit 23 (>= 0x80 in the top byte; cf. the OpenBCI >= 127 bug).
    counts[ch] = ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8)) >> 8;
  }
  return { seq, status };
}

export function encodeAck(command: CartCommandType, status: AckStatus): Uint8Array {
  return Uint8Array.of(COMMAND_CODES[command], ACK_STATUSES.indexOf(status));
}

export function decodeAck(p: Uint8Array): { command: CartCommandType; status: AckStatus } {
  const command = COMMAND_BY_CODE.get(p[0]!);
  const status = ACK_STATUSES[p[1]!];
  if (command === undefined || status === undefined) throw new FormatError('ack names an unknown command or status');
  return { command, status };
}

const ascii = (s: string): number[] => {
  if (!/^[\x20-\x7e]{0,64}$/.test(s)) throw new FormatError('identity strings are printable ASCII, at most 64 characters');
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
};

/**
 * Largest resolution accepted, nV per LSB (1 mV per count): far coarser than any EKG front end
 * (ADS1298: ~48 nV), and small enough that no 24-bit sample times it can overflow to Infinity,
 * which the signal pipeline would not treat as a missing sample.
 */
const MAX_RESOLUTION_NV_PER_LSB = 1e6;
const plausibleResolution = (nv: number): boolean => nv > 0 && nv <= MAX_RESOLUTION_NV_PER_LSB;

export function encodeIdentity(id: CartIdentity): Uint8Array {
  if (!plausibleResolution(id.resolutionNvPerLsb)) throw new FormatError('resolution must be a positive number of nV, at most 1,000,000 per LSB');
  if (id.supportedRatesHz.length > 16) throw new FormatError('at most 16 sample rates');
  const head = new Uint8Array(9 + 2 * id.supportedRatesHz.length);
  const view = new DataView(head.buffer);
  view.setFloat64(0, id.resolutionNvPerLsb, true);
  head[8] = id.supportedRatesHz.length;
  id.supportedRatesHz.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 1 || r > 0xffff) throw new FormatError(`sample rate ${r} Hz is not a u16`);
    view.setUint16(9 + 2 * i, r, true);
  });
  return Uint8Array.from([...head, ...ascii(id.model), ...ascii(id.serial), ...ascii(id.firmware)]);
}

export function decodeIdentity(p: Uint8Array): CartIdentity {
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  if (p.length < 9) throw new FormatError('identity too short');
  const resolutionNvPerLsb = view.getFloat64(0, true);
  if (!plausibleResolution(resolutionNvPerLsb)) throw new FormatError('identity resolution is not a positive number of nV, at most 1,000,000 per LSB');
  const nRates = p[8]!;
  let o = 9 + 2 * nRates;
  if (nRates > 16 || p.length < o) throw new FormatError('identity rate list is malformed');
  const supportedRatesHz = Array.from({ length: nRates }, (_, i) => view.getUint16(9 + 2 * i, true));
  if (supportedRatesHz.includes(0)) throw new FormatError('identity lists a 0 Hz rate');
  const strings: string[] = [];
  for (let k = 0; k < 3; k++) {
    const n = p[o];
    if (n === undefined || n > 64 || o + 1 + n > p.length) throw new FormatError('identity string is malformed');
    const s = String.fromCharCode(...p.subarray(o + 1, o + 1 + n));
    if (!/^[\x20-\x7e]*$/.test(s)) throw new FormatError('identity string is not printable ASCII');
    strings.push(s);
    o += 1 + n;
  }
  if (o !== p.length) throw new FormatError('identity has trailing bytes');
  return { model: strings[0]!, serial: strings[1]!, firmware: strings[2]!, supportedRatesHz, resolutionNvPerLsb };
}

export function encodeImpedance(ohms: ArrayLike<number>): Uint8Array {
  const p = new Uint8Array(IMPEDANCE_PAYLOAD_BYTES);
  const view = new DataView(p.buffer);
  for (let i = 0; i < ELECTRODES.length; i++) {
    const v = ohms[i]!;
    view.setUint32(4 * i, Number.isNaN(v) ? IMPEDANCE_UNMEASURABLE : Math.min(Math.max(0, Math.round(v)), IMPEDANCE_UNMEASURABLE - 1), true);
  }
  return p;
}

export function decodeImpedance(p: Uint8Array): Float64Array {
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  return Float64Array.from({ length: ELECTRODES.length }, (_, i) => {
    const v = view.getUint32(4 * i, true);
    return v === IMPEDANCE_UNMEASURABLE ? Number.NaN : v;
  });
}
