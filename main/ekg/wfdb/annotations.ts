// MIT annotation file codec, after PhysioNet's annot(5) (https://physionet.org/physiotools/wag/annot-5.htm):
// 16-bit little-endian words, code in the top 6 bits, time increment or datum in the low 10 bits.
import { annotationSymbol, MAX_ANNOTATION_CODE } from './annotation-codes.ts';
import { WfdbFormatError } from './errors.ts';
import type { Annotation } from './types.ts';

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;
const DATA_MASK = 0x3ff;
/** WFDB limits aux strings to 255 bytes (one length byte in memory). */
const MAX_AUX_BYTES = 255;

function signed10(v: number): number {
  return (v << 22) >> 22;
}

/**
 * Decodes an annotation file. `num` and `chan` carry over from the previous annotation unless
 * a NUM/CHN word changes them, as WFDB's getann does; `subtype` and `aux` belong to one annotation.
 */
export function decodeAnnotations(bytes: Uint8Array): Annotation[] {
  if (bytes.length % 2 !== 0) throw new WfdbFormatError('annotation file has an odd number of bytes');
  const out: Annotation[] = [];
  let sample = 0;
  let num = 0;
  let chan = 0;
  let current: Annotation | null = null;
  let p = 0;
  while (p + 1 < bytes.length) {
    const word = bytes[p]! | (bytes[p + 1]! << 8);
    p += 2;
    if (word === 0) break; // end of file
    const code = word >> 10;
    const data = word & DATA_MASK;
    switch (code) {
      case SKIP: {
        if (p + 4 > bytes.length) throw new WfdbFormatError('annotation SKIP is truncated');
        // PDP-11 long: high 16-bit word first, each word little-endian.
        const skip = (((bytes[p]! | (bytes[p + 1]! << 8)) << 16) | (bytes[p + 2]! | (bytes[p + 3]! << 8))) | 0;
        p += 4;
        sample += skip;
        if (sample < 0 || !Number.isSafeInteger(sample)) throw new WfdbFormatError('annotation time out of range');
        break;
      }
      case NUM:
        if (current === null) throw new WfdbFormatError('annotation NUM before any annotation');
        num = signed10(data);
        current.num = num;
        break;
      case SUB:
        if (current === null) throw new WfdbFormatError('annotation SUB before any annotation');
        current.subtype = signed10(data);
        break;
      case CHN:
        if (current === null) throw new WfdbFormatError('annotation CHN before any annotation');
        chan = data;
        current.chan = chan;
        break;
      case AUX: {
        if (current === null) throw new WfdbFormatError('annotation AUX before any annotation');
        if (p + data > bytes.length) throw new WfdbFormatError('annotation AUX is truncated');
        let aux = '';
        for (let k = 0; k < data; k++) aux += String.fromCharCode(bytes[p + k]!);
        // WFDB pads aux to an even byte count and may NUL-terminate it.
        const nul = aux.indexOf('\0');
        current.aux = nul >= 0 ? aux.slice(0, nul) : aux;
        p += data + (data & 1);
        break;
      }
      default: {
        if (code === 0 || code > MAX_ANNOTATION_CODE) throw new WfdbFormatError(`annotation code ${code} is not valid`);
        sample += data;
        current = { sample, code, symbol: annotationSymbol(code), subtype: 0, chan, num, aux: '' };
        out.push(current);
      }
    }
  }
  return out;
}

/** Aux strings are stored as bytes: each character must be 1..255 (0 ends the string in WFDB). */
function isAuxBytes(aux: string): boolean {
  for (let k = 0; k < aux.length; k++) {
    const c = aux.charCodeAt(k);
    if (c === 0 || c > 255) return false;
  }
  return true;
}

function word(out: number[], code: number, data: number): void {
  const w = (code << 10) | (data & DATA_MASK);
  out.push(w & 0xff, w >> 8);
}

/** Encodes annotations (sorted by sample) so that decodeAnnotations gives them back unchanged. */
export function encodeAnnotations(anns: readonly Annotation[]): Uint8Array {
  const out: number[] = [];
  let prevSample = 0;
  let num = 0;
  let chan = 0;
  for (const a of anns) {
    if (!Number.isSafeInteger(a.sample) || a.sample < prevSample) throw new WfdbFormatError('annotations must be sorted by sample');
    if (!Number.isInteger(a.code) || a.code < 1 || a.code > MAX_ANNOTATION_CODE) throw new WfdbFormatError('annotation code out of range');
    if (a.symbol !== annotationSymbol(a.code)) throw new WfdbFormatError('annotation symbol does not match its code');
    if (!Number.isInteger(a.subtype) || a.subtype < -128 || a.subtype > 127) throw new WfdbFormatError('annotation subtype out of range');
    if (!Number.isInteger(a.num) || a.num < -128 || a.num > 127) throw new WfdbFormatError('annotation num out of range');
    if (!Number.isInteger(a.chan) || a.chan < 0 || a.chan > 255) throw new WfdbFormatError('annotation chan out of range');
    if (a.aux.length > MAX_AUX_BYTES || !isAuxBytes(a.aux)) throw new WfdbFormatError('annotation aux must be at most 255 bytes without NUL');
    let delta = a.sample - prevSample;
    if (delta > DATA_MASK) {
      if (delta > 0x7fffffff) throw new WfdbFormatError('annotation interval too long');
      word(out, SKIP, 0);
      out.push((delta >> 16) & 0xff, (delta >> 24) & 0xff, delta & 0xff, (delta >> 8) & 0xff);
      delta = 0;
    }
    word(out, a.code, delta);
    if (a.subtype !== 0) word(out, SUB, a.subtype);
    if (a.chan !== chan) word(out, CHN, a.chan);
    if (a.num !== num) word(out, NUM, a.num);
    if (a.aux.length > 0) {
      word(out, AUX, a.aux.length);
      for (let k = 0; k < a.aux.length; k++) out.push(a.aux.charCodeAt(k));
      if (a.aux.length & 1) out.push(0);
    }
    prevSample = a.sample;
    num = a.num;
    chan = a.chan;
  }
  word(out, 0, 0);
  return Uint8Array.from(out);
}
