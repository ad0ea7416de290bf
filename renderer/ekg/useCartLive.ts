import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import { decodeFloat32Base64 } from '../../common/ipc/float32Base64.ts';
import { errorMessage } from '../components/ErrorText.tsx';
import { useClient } from '../context.ts';
import { clockTime } from '../../common/format/time.ts';
import { cartView } from './cartView.ts';
import { liveLeadState, type LeadQualityView } from './liveLeadState.ts';
import { SweepBuffer } from './sweepBuffer.ts';

type Status = EventPayloadOf<'cart.status'>['status'];
type Identity = EventPayloadOf<'cart.identity'>;
type Vitals = EventPayloadOf<'cart.vitals'>;

const SWEEP_SECONDS = 12;

/**
 * The live cart stream: sample blocks go straight into a SweepBuffer (no React render per
 * sample); status, identity, vitals, lead-off and quality are low-rate React state. Which leads are
 * greyed, whether every lead is flat and what to say about a noisy signal come from quality and lead-off together (liveLeadState);
 * what the status line, caption, rate and electrodes say for the cart's state comes from cartView.
 */
export function useCartLive() {
  const client = useClient();
  const bufferRef = useRef<SweepBuffer | null>(null);
  /** When the last block arrived: a ref, not state, so a block never renders React. */
  const lastBlockAtMsRef = useRef<number | null>(null);
  const [tracingStoppedAtMs, setTracingStoppedAtMs] = useState<number | null>(null);
  const [buffer, setBuffer] = useState<SweepBuffer | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [vitals, setVitals] = useState<Vitals | null>(null);
  const [electrodesOff, setElectrodesOff] = useState<readonly string[]>([]);
  const [quality, setQuality] = useState<readonly LeadQualityView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onStatus = (s: Status) => {
      setStatus(s);
      setTracingStoppedAtMs(s.state === 'connected' ? null : lastBlockAtMsRef.current);
    };
    const offs = [
      client.on('cart.block', (b) => {
        let buf = bufferRef.current;
        if (!buf || buf.fsHz !== b.fsHz) {
          buf = new SweepBuffer(b.leadNames, b.fsHz, SWEEP_SECONDS);
          bufferRef.current = buf;
          setBuffer(buf);
        }
        buf.push(b.leads.map(decodeFloat32Base64));
        lastBlockAtMsRef.current = Date.now();
        // Performance mark for the block-to-draw latency benchmark (bench/ekg-live.bench.ts).
        performance.mark('cart-block', { detail: b.startSample });
      }),
      client.on('cart.status', (s) => onStatus(s.status)),
      client.on('cart.identity', setIdentity),
      client.on('cart.vitals', setVitals),
      client.on('cart.leadOff', (l) => setElectrodesOff(l.electrodesOff)),
      client.on('cart.quality', (q) => setQuality(q.leads)),
    ];
    client.call('cart.start', {}).then(
      (r) => {
        onStatus(r.status);
        // A cart already streaming for another window: its identity (and SIMULATED mark) comes only here.
        if (r.identity !== null) setIdentity(r.identity);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
    return () => {
      for (const off of offs) off();
      // Leaving the live view, always allowed (locked too): main stops the cart once no window shows
      // it and no capture runs, and turns this window's auto-capture off (docs/cart.md "Whose EKG it is").
      void client.call('cart.stop', {}).catch(() => undefined);
    };
  }, [client]);

  const view = useMemo(() => cartView({ status, vitals, electrodesOff, tracingStoppedAtMs, clockTime }), [status, vitals, electrodesOff, tracingStoppedAtMs]);
  const { greyLeads, everyLeadFlat, noiseText } = useMemo(() => liveLeadState(quality, electrodesOff, view.connected), [quality, electrodesOff, view.connected]);
  return { buffer, identity, view, greyLeads, everyLeadFlat, noiseText, error };
}
