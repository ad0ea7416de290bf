/**
 * Faults a simulated meter can inject:
 * - `nak-storm`: floods the line with NAK/ACK/garbage bytes between frames. The host ignores them:
 *   every message still arrives whole, so `station poc import` prints every result, says the line
 *   noise in one stderr line and exits 0 (docs/poc.md).
 * - `flaky-checksum`: the first transmission of one frame/line has a wrong checksum (recovered by retry).
 * - `bad-checksum`: one frame/line is always corrupted (ASTM: 6 NAKs then abort; OneTouch: every dump bad).
 * - `timeout`: stops sending halfway through the transfer and stays silent.
 * - `unplug`: closes the port halfway through the transfer.
 */
export const meterFaults = ['none', 'nak-storm', 'flaky-checksum', 'bad-checksum', 'timeout', 'unplug'] as const;
export type MeterFault = (typeof meterFaults)[number];

export function isMeterFault(s: string): s is MeterFault {
  return (meterFaults as readonly string[]).includes(s);
}
