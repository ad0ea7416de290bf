import bwipjs from 'bwip-js/generic';
import { LabelError } from './errors.ts';
import { textWidthDots } from './fontMetrics.ts';
import type { LabelLayout, LayoutElement } from './layout.ts';

/**
 * The on-screen preview: the same LabelLayout the ZPL is generated from, drawn as SVG in printer
 * dots (1 user unit = 1 dot). Barcodes come from bwip-js (BWIPP) as raw module patterns, drawn at
 * the layout's module size, so the preview's bars are the printed bars. Text uses a condensed
 * bold sans face stretched to the conservative width the layout reserved (fontMetrics.ts), so a
 * name that looks like it fits does fit. Pure: works in the renderer, main and tests alike.
 * Show it with `<img src={'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg)}>`.
 */
const FONT = "'Roboto Condensed', 'Arial Narrow', 'Liberation Sans Narrow', sans-serif";

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Bars = { sbs: number[] };
type Pixels = { pixs: number[]; pixx: number; pixy: number };

function code128Rects(e: Extract<LayoutElement, { kind: 'code128' }>): string {
  const [sym] = bwipjs.raw('code128', e.data, {}) as Bars[];
  if (!sym) throw new LabelError('layout-overflow', 'barcode could not be encoded');
  let x = e.xDots;
  let out = '';
  sym.sbs.forEach((modules, i) => {
    const w = modules * e.moduleDots;
    // sbs alternates bar, space, bar... starting with a bar.
    if (i % 2 === 0) out += `<rect x="${x}" y="${e.yDots}" width="${w}" height="${e.heightDots}"/>`;
    x += w;
  });
  return out;
}

function dataMatrixRects(e: Extract<LayoutElement, { kind: 'datamatrix' }>): string {
  const [sym] = bwipjs.raw('datamatrix', e.data, {}) as Pixels[];
  if (!sym) throw new LabelError('layout-overflow', 'Data Matrix could not be encoded');
  let out = '';
  for (let row = 0; row < sym.pixy; row++) {
    for (let col = 0; col < sym.pixx; col++) {
      if (sym.pixs[row * sym.pixx + col]) out += `<rect x="${e.xDots + col * e.moduleDots}" y="${e.yDots + row * e.moduleDots}" width="${e.moduleDots}" height="${e.moduleDots}"/>`;
    }
  }
  return out;
}

function element(e: LayoutElement): string {
  switch (e.kind) {
    case 'box':
      return e.thicknessDots * 2 >= Math.min(e.widthDots, e.heightDots)
        ? `<rect x="${e.xDots}" y="${e.yDots}" width="${e.widthDots}" height="${e.heightDots}"/>`
        : `<rect x="${e.xDots + e.thicknessDots / 2}" y="${e.yDots + e.thicknessDots / 2}" width="${e.widthDots - e.thicknessDots}" height="${e.heightDots - e.thicknessDots}" fill="none" stroke="#000" stroke-width="${e.thicknessDots}"/>`;
    case 'code128':
      return code128Rects(e);
    case 'datamatrix':
      return dataMatrixRects(e);
    case 'text': {
      const width = textWidthDots(e.text, e.charWidthDots);
      // ZPL places the top of the cell at the field origin; SVG places the baseline: cap height ~ 0.72 em.
      const attrs = `xml:space="preserve" font-family="${FONT}" font-weight="700" font-size="${e.heightDots}" textLength="${width}" lengthAdjust="spacingAndGlyphs"${e.reverse ? ' fill="#fff"' : ''}`;
      if (e.rotation === 'N') return `<text x="${e.xDots}" y="${e.yDots + Math.round(e.heightDots * 0.82)}" ${attrs}>${xml(e.text)}</text>`;
      // 'R': rotated 90 degrees clockwise, reading top to bottom from the field origin.
      const ox = e.xDots + Math.round(e.heightDots * 0.18);
      return `<text transform="translate(${ox} ${e.yDots}) rotate(90)" x="0" y="0" ${attrs}>${xml(e.text)}</text>`;
    }
  }
}

export function labelLayoutToSvg(layout: LabelLayout): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.widthDots}" height="${layout.heightDots}" viewBox="0 0 ${layout.widthDots} ${layout.heightDots}" shape-rendering="crispEdges">`,
    `<rect width="${layout.widthDots}" height="${layout.heightDots}" fill="#fff"/>`,
    `<g fill="#000">`,
    ...layout.elements.map(element),
    '</g></svg>',
  ].join('');
}
