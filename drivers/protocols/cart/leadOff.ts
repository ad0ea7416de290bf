import type { ElectrodeMask } from './types.ts';

/*
 * ADS1298-class status word (first 24 bits of every RDATAC frame, TI ADS1298 datasheet §9.4.4.2):
 *
 *   bit 23..20  19 ........ 12   11 ........ 4   3 .. 0
 *   +--------+----------------+---------------+--------+
 *   |  1100  | LOFF_STATP 8..1| LOFF_STATN 8..1| GPIO  |
 *   +--------+----------------+---------------+--------+
 *
 * Wiring of a 12-lead cart (Wilson central terminal for V1..V6):
 *   CH1 = I  : IN1P = LA, IN1N = RA        CH3..CH8 = V1..V6 : INxP = Vx, INxN = WCT
 *   CH2 = II : IN2P = LL, IN2N = RA
 * So LA = STATP bit0, LL = STATP bit1, V1..V6 = STATP bits 2..7, RA = STATN bit0 or bit1.
 * The ADS1298 reports the right-leg drive electrode only in a register (CONFIG3.RLD_STAT);
 * this cart copies it into GPIO bit 0 (a departure from the chip's frame, documented in
 * docs/protocols/cart.md). STATN bits 2..7 are WCT inputs, not electrodes: ignored.
 */
export const STATUS_PREFIX = 0xc;

export function electrodeMaskFromStatus(status: number): ElectrodeMask {
  const statP = (status >> 12) & 0xff;
  const statN = (status >> 4) & 0xff;
  const rld = status & 0x1;
  const ra = statN & 0x3 ? 1 : 0;
  const la = statP & 0x1;
  const ll = (statP >> 1) & 0x1;
  const v = (statP >> 2) & 0x3f;
  return ra | (la << 1) | (ll << 2) | (rld << 3) | (v << 4);
}

export function statusFromElectrodeMask(mask: ElectrodeMask): number {
  const ra = mask & 1;
  const la = (mask >> 1) & 1;
  const ll = (mask >> 2) & 1;
  const rl = (mask >> 3) & 1;
  const v = (mask >> 4) & 0x3f;
  const statP = la | (ll << 1) | (v << 2);
  const statN = ra ? 0x3 : 0;
  return (STATUS_PREFIX << 20) | (statP << 12) | (statN << 4) | rl;
}

/** Channel bit (CART_CHANNELS order: I, II, V1..V6) per electrode: the leads an off electrode ruins. */
const CHANNELS_BY_ELECTRODE = [
  0xff, // RA: I, II, and every V lead through Wilson's central terminal
  0xfd, // LA: I and every V lead
  0xfe, // LL: II and every V lead
  0xff, // RL: no right-leg drive, every channel floats
  0x04, // V1
  0x08,
  0x10,
  0x20,
  0x40,
  0x80, // V6
];

/** Bitmask of channels (bit 0 = I ... bit 7 = V6) made meaningless by the off electrodes in `mask`. */
export function channelsAffected(mask: ElectrodeMask): number {
  let ch = 0;
  for (let i = 0; i < CHANNELS_BY_ELECTRODE.length; i++) if (mask & (1 << i)) ch |= CHANNELS_BY_ELECTRODE[i]!;
  return ch;
}
