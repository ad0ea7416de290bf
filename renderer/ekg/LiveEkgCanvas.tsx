import { useEffect, useRef } from 'react';
import type { SweepBuffer } from './sweepBuffer.ts';

interface Props {
  readonly buffer: SweepBuffer;
  /** CSS pixels per millimetre of paper (96 dpi screens: ~3.78). */
  readonly pxPerMm: number;
  /** Leads with a problem of their own right now (liveLeadState): drawn in grey with their name struck. */
  readonly greyLeads: ReadonlySet<string>;
}

const MM_PER_S = 25;
const MM_PER_MV = 10;
const COLUMNS = 2;
/** Room kept for the lead name at the start of each strip (redrawn when the sweep wipes it). */
const LABEL_WIDTH_PX = 60;

/**
 * The live 12-lead sweep, drawn on canvas each animation frame (never a React render per
 * sample): 25 mm/s, 10 mm/mV on a 1 mm / 5 mm grid, two columns of six leads, an erase bar
 * ahead of the newest sample like a cart's screen.
 */
export function LiveEkgCanvas({ buffer, pxPerMm, greyLeads }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const greyRef = useRef(greyLeads);
  greyRef.current = greyLeads;

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let frame = 0;
    // The paper grid only changes with the canvas size: it is drawn once into an offscreen canvas.
    // Each frame then draws only the samples that arrived since the last frame and wipes a short
    // bar ahead of them from that grid, like a cart's sweep; the whole window is redrawn only
    // after a resize or a jump (tab hidden, reconnect).
    const grid = document.createElement('canvas');
    let lastHead: number | null = null;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const widthCss = canvas.clientWidth;
      const rows = Math.ceil(buffer.leads.length / COLUMNS);
      const rowMm = 25;
      const rowPx = rowMm * pxPerMm;
      const heightCss = rows * rowPx;
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
        lastHead = null;
      }
      const colWidth = widthCss / COLUMNS;
      const windowSamples = Math.max(1, Math.floor((colWidth / pxPerMm / MM_PER_S) * buffer.fsHz));
      const eraseSamples = Math.round(buffer.fsHz * 0.08);
      const pxPerSample = (MM_PER_S * pxPerMm) / buffer.fsHz;
      const head = buffer.written;
      const full = lastHead === null || head < lastHead || head - lastHead >= windowSamples - eraseSamples;
      if (full) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(grid, 0, 0);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (full || head > lastHead!) {
        const from = full ? Math.max(0, head - windowSamples + eraseSamples, head - buffer.capacity) : lastHead! - 1;
        for (let li = 0; li < buffer.leads.length; li++) {
          const col = Math.floor(li / rows);
          const row = li % rows;
          const x0 = col * colWidth;
          const yTop = row * rowPx;
          const yMid = yTop + rowPx / 2;
          const name = buffer.leads[li]!;
          const grey = greyRef.current.has(name);
          let wipedLabel = full;
          if (!full) {
            // Wipe from the last drawn sample to a bar ahead of the newest one (two pieces at the wrap).
            const a = lastHead! % windowSamples;
            const b = (head + eraseSamples) % windowSamples;
            const pieces = a <= b && head + eraseSamples - lastHead! < windowSamples ? [[a, b]] : [[a, windowSamples], [0, b]];
            for (const [p0, p1] of pieces) {
              const xa = x0 + p0! * pxPerSample;
              const xb = x0 + Math.min(p1! * pxPerSample + 2, colWidth);
              if (xb <= xa) continue;
              ctx.drawImage(grid, xa * dpr, yTop * dpr, (xb - xa) * dpr, rowPx * dpr, xa, yTop, xb - xa, rowPx);
              if (xa < x0 + LABEL_WIDTH_PX) wipedLabel = true;
            }
          }
          if (wipedLabel) {
            // Clear the name's own box first so it is not drawn twice over itself.
            const ly = yMid - rowPx * 0.3 - 15;
            if (!full) ctx.drawImage(grid, (x0 + 2) * dpr, ly * dpr, LABEL_WIDTH_PX * dpr, 19 * dpr, x0 + 2, ly, LABEL_WIDTH_PX, 19);
            ctx.fillStyle = grey ? '#999' : '#000';
            ctx.font = '600 14px system-ui, sans-serif';
            ctx.fillText(grey ? `${name} ✕` : name, x0 + 6, yMid - rowPx * 0.3);
          }
          ctx.strokeStyle = grey ? '#aaa' : '#000';
          ctx.lineWidth = 1.4;
          traceSweep(ctx, buffer.lead(li), buffer.capacity, from, head, windowSamples, x0, colWidth, yMid, pxPerMm, buffer.fsHz);
        }
        lastHead = head;
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

/** Draws samples [first, head) of one lead on the sweep: position on screen = absolute sample index mod window. */
function traceSweep(
  ctx: CanvasRenderingContext2D,
  data: Float32Array,
  capacity: number,
  first: number,
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
  ctx.beginPath();
  let pen = false;
  for (let s = Math.max(0, first, head - capacity); s < head; s++) {
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
