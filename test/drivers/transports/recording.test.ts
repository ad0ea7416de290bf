import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ReplayTransport,
  RecordingTransport,
  bytesToHex,
  hexToBytes,
  transcriptFromJsonl,
  transcriptToJsonl,
  type TranscriptLine,
} from '../../../drivers/transports/recording.ts';
import { TransportError } from '../../../drivers/transports/transport.ts';

const transcript: TranscriptLine[] = [
  { dir: 'in', tMs: 0, hex: 'aa' },
  { dir: 'out', tMs: 5, hex: '0102' },
  { dir: 'in', tMs: 9, hex: 'bbcc' },
  { dir: 'in', tMs: 10, hex: 'dd' },
];

describe('recording and replay transports', () => {
  it('hex round-trips any bytes; malformed hex is a TransportError', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (b) => {
        expect(hexToBytes(bytesToHex(b))).toEqual(b);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(bytesToHex(hexToBytes(s))).toBe(s.toLowerCase());
        } catch (e) {
          expect(e).toBeInstanceOf(TransportError);
        }
      }),
    );
  });

  it('JSONL round-trips a transcript and rejects a malformed line', () => {
    expect(transcriptFromJsonl(transcriptToJsonl(transcript))).toEqual(transcript);
    expect(() => transcriptFromJsonl('{"dir":"up","tMs":0,"hex":""}')).toThrow(TransportError);
  });

  it('replays the device side and records the host side with times', async () => {
    let now = 100;
    const rec = new RecordingTransport(new ReplayTransport(transcript), () => now);
    const got: string[] = [];
    rec.onData((b) => got.push(bytesToHex(b)));
    await rec.open();
    await Promise.resolve();
    now = 105;
    await rec.write(Uint8Array.of(1, 2));
    await Promise.resolve();
    expect(got).toEqual(['aa', 'bbcc', 'dd']);
    expect(rec.lines.map((l) => [l.dir, l.hex, l.tMs])).toEqual([
      ['in', 'aa', 0],
      ['out', '0102', 5],
      ['in', 'bbcc', 5],
      ['in', 'dd', 5],
    ]);
  });

  it('an unexpected write is a fatal error and closes the replay', async () => {
    const t = new ReplayTransport(transcript);
    const errors: string[] = [];
    t.onError((e) => errors.push(e.kind));
    await t.open();
    await expect(t.write(Uint8Array.of(9))).rejects.toMatchObject({ kind: 'fatal' });
    expect(errors).toEqual(['fatal']);
    await expect(t.write(Uint8Array.of(1, 2))).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
