import { useEffect, useMemo, useState } from 'react';
import {
  GAIN_MM_PER_MV,
  layoutTracing,
  PAPER_SPEED_MM_PER_S,
  TRACING_HEIGHT_MM,
  TRACING_WIDTH_MM,
  type TracingPrimitive,
} from '../../common/ekg/tracingLayout.ts';
import { decodeFloat32Base64 } from '../../common/ipc/float32Base64.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useClient } from '../context.ts';
import { recordedSecondsText } from '../../common/format/seconds.ts';
import { localTime } from '../../common/format/time.ts';

/** A trace as SVG path data: a move wherever the pen comes down again after missing samples (NaN). */
export function tracePath(xMm: number, yMm: Float32Array, stepMm: number): string {
  let d = '';
  let penDown = false;
  for (let i = 0; i < yMm.length; i++) {
    const y = yMm[i]!;
    if (y !== y) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${(xMm + i * stepMm).toFixed(2)} ${y.toFixed(2)}`;
    penDown = true;
  }
  return d;
}

function Primitive({ p }: { readonly p: TracingPrimitive }) {
  switch (p.kind) {
    case 'grid':
      return <rect x={p.xMm} y={p.yMm} width={p.widthMm} height={p.heightMm} fill="url(#ekg-grid-5mm)" stroke="#e09a9a" strokeWidth={0.2} />;
    case 'trace':
      return <path d={tracePath(p.xMm, p.yMm, p.stepMm)} fill="none" stroke="#000" strokeWidth={0.25} strokeLinejoin="round" />;
    case 'path':
      return <polyline points={p.pointsMm.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke="#000" strokeWidth={0.3} />;
    case 'label':
      return (
        <text x={p.xMm} y={p.yMm + 2.8} fontSize={3} fontWeight={700} fill="#000">
          {p.text}
        </text>
      );
    default: {
      const never: never = p;
      return never;
    }
  }
}

/**
 * The stored recording of an EKG under review (its first 10 s, less for a capture cut short), in
 * the report's "3x4 + lead II rhythm" format on a 1 mm / 5 mm grid, 25 mm/s and 10 mm/mV
 * (common/ekg/tracingLayout.ts, the layout the PDF uses).
 * Not the cart's live view: labelled with the recording time and EKG number, so a reviewer never
 * confirms a tracing from the cart's current patient. Reading it is part of viewing the EKG (main
 * audits it with the view).
 */
export function RecordedTracing({ ekgId, capturedAtUtc, simulated }: { readonly ekgId: number; readonly capturedAtUtc: string; readonly simulated: boolean }) {
  const client = useClient();
  const [rec, setRec] = useState<{ fsHz: number; samples: number; leads: Map<string, Float32Array> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.call('ekg.samples', { ekgId }).then(
      (r) => live && setRec({ fsHz: r.fsHz, samples: r.samples, leads: new Map(r.leads.map((l) => [l.name, decodeFloat32Base64(l.samples)])) }),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [client, ekgId]);
  const primitives = useMemo(() => (rec === null ? [] : layoutTracing(rec.leads, rec.fsHz, 0, 0)), [rec]);
  const title = `Recorded ${localTime(capturedAtUtc)}, EKG #${ekgId}`;
  return (
    <figure className="recorded-tracing" aria-label="Recorded tracing">
      <figcaption>
        <strong className="recorded-tag">RECORDED</strong> <span>{title}</span> {simulated && <span className="sim-tag">SIMULATED</span>}{' '}
        <span className="muted">
          {/* The length drawn (a capture cut short is shorter than the usual 10 s; main sends at most STRIP_S of a longer one). */}
          {rec === null ? '' : ` · ${recordedSecondsText(rec.samples / rec.fsHz)}`} · {PAPER_SPEED_MM_PER_S} mm/s · {GAIN_MM_PER_MV} mm/mV
        </span>
      </figcaption>
      <ErrorText text={error} />
      {rec === null ? (
        error === null && <p>Loading the recording…</p>
      ) : (
        <svg viewBox={`0 0 ${TRACING_WIDTH_MM} ${TRACING_HEIGHT_MM}`} role="img" aria-label={`${title}: 12 leads and lead II rhythm strip`} preserveAspectRatio="xMinYMin meet">
          <defs>
            <pattern id="ekg-grid-1mm" width={1} height={1} patternUnits="userSpaceOnUse">
              <path d="M1 0H0V1" fill="none" stroke="#f6caca" strokeWidth={0.08} />
            </pattern>
            <pattern id="ekg-grid-5mm" width={5} height={5} patternUnits="userSpaceOnUse">
              <rect width={5} height={5} fill="url(#ekg-grid-1mm)" />
              <path d="M5 0H0V5" fill="none" stroke="#e59a9a" strokeWidth={0.18} />
            </pattern>
          </defs>
          {primitives.map((p, k) => (
            <Primitive key={k} p={p} />
          ))}
          {simulated && (
            <text x={TRACING_WIDTH_MM / 2} y={TRACING_HEIGHT_MM / 2} fontSize={18} fontWeight={800} fill="#c2185b" fillOpacity={0.18} textAnchor="middle" transform={`rotate(-12 ${TRACING_WIDTH_MM / 2} ${TRACING_HEIGHT_MM / 2})`}>
              SIMULATED
            </text>
          )}
        </svg>
      )}
    </figure>
  );
}
