/**
 * ZPL -> PNG with zpl-renderer-js (zebrash compiled to WASM, offline: label content never leaves
 * the machine). Loaded on first use: the module is ~8 MB.
 */
type RenderApi = { zplToBase64Async: (zpl: string, widthMm?: number, heightMm?: number, dpmm?: number) => Promise<string> };
let api: Promise<RenderApi> | undefined;

async function load(): Promise<RenderApi> {
  const mod = await import('zpl-renderer-js');
  return (await mod.ready).api;
}

/** zebrash takes whole dots per mm: 8 for 203 dpi, 12 for 300 dpi. */
export function renderDotsPerMm(dpi: 203 | 300): number {
  return dpi === 203 ? 8 : 12;
}

/** Renders one ZPL format to PNG bytes; the label size comes from its ^PW/^LL (dots). */
export async function renderZplToPng(zpl: string, dpi: 203 | 300): Promise<Buffer> {
  api ??= load();
  const dpmm = renderDotsPerMm(dpi);
  const widthDots = Number(/\^PW(\d+)/.exec(zpl)?.[1] ?? 406);
  const heightDots = Number(/\^LL(\d+)/.exec(zpl)?.[1] ?? 203);
  const b64 = await (await api).zplToBase64Async(zpl, widthDots / dpmm, heightDots / dpmm, dpmm);
  return Buffer.from(b64, 'base64');
}
