import type { Transport } from '../../drivers/transports/transport.ts';

/** A byte pattern that does not repeat with any short period, so a lost, doubled or reordered chunk shows. */
export const patternBytes = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

/**
 * Collects what `transport` delivers until `length` bytes have arrived. Chunks are KEPT as
 * delivered, not copied: each must stay intact after later reads reuse the transport's buffer.
 * Subscribe before the bytes can arrive; the promise resolves with them joined in order.
 */
export function collectBytes(transport: Transport, length: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return new Promise((resolve) => {
    const stop = transport.onData((bytes) => {
      chunks.push(bytes);
      total += bytes.length;
      if (total < length) return;
      stop();
      const joined = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        joined.set(c, at);
        at += c.length;
      }
      resolve(joined);
    });
  });
}
