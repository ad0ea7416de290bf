import { describe, expect, it } from 'vitest';
import { runSession } from '../../../drivers/meters/session.ts';
import { ListenedTransport } from '../../../drivers/transports/listeners.ts';
import { TransportError, type Transport } from '../../../drivers/transports/transport.ts';

/**
 * FAKE transport (a named test double: the timing below is what a fast meter on a real serial
 * port produces): it allows one write in flight, like every real transport, and the device's
 * answer arrives BEFORE the write settles (drain reports "sent" after the reply is read).
 */
class AnswerBeforeDrainTransport extends ListenedTransport {
  readonly address = 'fake:answer-before-drain';
  private inFlight = false;
  async open(): Promise<void> {}
  async close(): Promise<void> {}
  async write(bytes: Uint8Array): Promise<void> {
    if (this.inFlight) throw new TransportError('fatal', 'a write is already in flight');
    this.inFlight = true;
    setTimeout(() => this.listeners.emitData(Uint8Array.of(bytes[0]! + 1)), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.inFlight = false;
  }
}

/** One command byte out, one answer byte back. */
const exchange = (t: Transport, command: number) =>
  runSession<number>(t, () => `cmd ${command}`, {
    onStart: (ctl) => ctl.write(Uint8Array.of(command)),
    onBytes: (bytes, _nowMs, ctl) => ctl.finish(bytes[0]!),
    onTick: () => undefined,
  });

describe('runSession', () => {
  it('lets the next exchange write at once even when the device answered before our write settled', async () => {
    const t = new AnswerBeforeDrainTransport();
    expect(await exchange(t, 10)).toBe(11);
    expect(await exchange(t, 20)).toBe(21);
    expect(await exchange(t, 30)).toBe(31);
  });
});
