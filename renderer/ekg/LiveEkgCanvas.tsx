import { useEffect, useRef } from 'react';
import type { SweepBuffer } from './sweepBuffer.ts';

interface Props {
  readonly buffer: SweepBuffer;
  /** CSS pixels per millimetre of paper (96 dpi screens: ~3.78). */
  readonly pxPerMm: number;
  /** Leads flagged unusable right now: drawn in grey with their name struck. */
  readonly badLeads: ReadonlySet<string>;
}

const MM_PER_S = 25;
const MM_PER_MV = 10;
const COLUMNS = 2;

/**
 * The live 12-lead sweep, drawn on canvas each animation frame (never a React render per
 * sample): 25 mm/s, 10 mm/mV on a 1 mm / 5 mm grid, two columns of six leads, an erase bar
 * ahead of the newest sample like a cart's screen.
 */
export function LiveEkgCanvas({ buffer, pxPerMm, badLeads }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const badRef = useRef(badLeads);
  badRef.current = badLeads;

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let frame = 0;
    // The paper grid only changes with the canvas size: draw it once into an offscreen canvas and
    // copy it each frame, so a frame costs one blit plus the twelve traces.
    const grid = document.createElement('canvas');
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const widthCss = canvas.clientWidth;
      const rows = Math.ceil(buffer.leads.length / COLUMNS);
      const rowMm = 25;
      const heightCss = rows * rowMm * pxPerMm;
      if (canvas.width !== Math.round(widthCss * dpr) || canvas.height !== Math.round(heightCss * dpr)) {
        canvas.width = Math.round(widthCss * dpr);
        canvas.height = Math.round(heightCss * dpr);
        canvas.style.height = `${heightCss}px`;
        grid.width = canvas.width;
        grid.height = canvas.height;
        const g = grid.getContext('2d');
        if (g) {
          g.setTransform(dpr, 0, 0, dpr, 0, 0);
          drawGrid(g, widthCss, heightCss, pxPerMm);
        }
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(grid, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const colWidth = widthCss / COLUMNS;
      const windowSamples = Math.max(1, Math.floor((colWidth / pxPerMm / MM_PER_S) * buffer.fsHz));
      const head = buffer.written;
      for (let li = 0; li < buffer.leads.length; li++) {
        const col = Math.floor(li / rows);
        const row = li % rows;
        const x0 = col * colWidth;
        const yMid = (row + 0.5) * rowMm * pxPerMm;
        const name = buffer.leads[li]!;
        const bad = badRef.current.has(name);
        ctx.fillStyle = bad ? '#999' : '#000';
        ctx.font = '600 14px system-ui, sans-serif';
        ctx.fillText(bad ? `${name} ✕` : name, x0 + 6, yMid - rowMm * pxPerMm * 0.3);
        ctx.strokeStyle = bad ? '#aaa' : '#000';
        ctx.lineWidth = 1.4;
        traceSweep(ctx, buffer.lead(li), buffer.capacity, head, windowSamples, x0, colWidth, yMid, pxPerMm, buffer.fsHz);
      }
      // Paired with the 'cart-block' marks by bench/ekg-live.bench.ts (block arrival -> drawn).
      performance.mark('ekg-drawn', { detail: buffer.written });
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [buffer, pxPerMm]);

  return <canvas ref={ref} className="live-ekg" role="img" aria-label="Live 12-lead EKG" style={{ width: '100%', display: 'block' }} />;
}

function drawGrid(ctx: CanvasRenderingContext2D, w: number, h: number, pxPerMm: number): void {
  ctx.fillStyle = '#fff8f8';
  ctx.fillRect(0, 0, w, h);
  for (let mm = 0, x = 0; x <= w; mm++, x = mm * pxPerMm) {
    ctx.strokeStyle = mm % 5 === 0 ? '#f0a0a0' : '#fbdcdc';
    ctx.lineWidth = mm % 5 === 0 ? 1 : 0.5;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, h);
    ctx.stroke();
  }
  for (let mm = 0, y = 0; y <= h; mm++, y = mm * pxPerMm) {
    ctx.strokeStyle = mm % 5 === 0 ? '#f0a0a0' : '#fbdcdc';
    ctx.lineWidth = mm % 5 === 0 ? 1 : 0.5;
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(w, y);
    ctx.stroke();
  }
}

/** Draws the last `windowSamples` of one lead as a sweep: position on screen = absolute sample index mod window. */
function traceSweep(
  ctx: CanvasRenderingContext2D,
  data: Float32Array,
  capacity: number,
  head: number,
  windowSamples: number,
  x0: number,
  width: number,
  yMid: number,
  pxPerMm: number,
  fsHz: number,
): void {
  const pxPerSample = (MM_PER_S * pxPerMm) / fsHz;
  const pxPerMv = MM_PER_MV * pxPerMm;
  const eraseSamples = Math.round(fsHz * 0.08);
  const first = Math.max(0, head - windowSamples + eraseSamples, head - capacity);
  ctx.beginPath();
  let pen = false;
  for (let s = first; s < head; s++) {
    const v = data[s % capacity]!;
    const pos = s % windowSamples;
    const x = x0 + pos * pxPerSample;
    if (Number.isNaN(v) || pos === 0 || x > x0 + width) {
      pen = false;
      if (Number.isNaN(v)) continue;
    }
    const y = yMid - v * pxPerMv;
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
}
