// WFDB header (.hea) parser and writer, after PhysioNet's header(5) specification
// (https://physionet.org/physiotools/wag/header-5.htm). Multi-segment records are not supported.
import { WfdbFormatError } from './errors.ts';

/** One signal line of a header. */
export interface WfdbSignalSpec {
  fileName: string;
  format: number;
  samplesPerFrame: number;
  /** Samples of this signal stored before its sample 0 (header(5) `:N`); decodeRecord deskews. */
  skew: number;
  /** Bytes to skip at the start of the signal file (e.g. 24 for PhysioNet's MATLAB v4 `.mat`). */
  byteOffset: number;
  adcGain: number;
  /**
   * False when the header gives no gain or a gain of 0: WFDB then means "uncalibrated" and readers
   * assume DEFAULT_GAIN_ADU_PER_MV, so amplitudes in mV are not known (header(5)).
   */
  calibrated: boolean;
  baseline: number;
  units: string;
  adcResolutionBits: number;
  adcZero: number;
  initialValue: number | null;
  checksum: number | null;
  blockSize: number;
  description: string;
}

export interface WfdbHeader {
  name: string;
  fsHz: number;
  /** Samples per signal, or null when the header leaves it to the file size. */
  samples: number | null;
  signals: WfdbSignalSpec[];
  comments: string[];
  /** True when the record line gives no sampling frequency and WFDB's default (250 Hz) was taken. */
  fsDefaulted?: true;
}

/** Signal formats of signal(5) read and written here (not 0, the null signal, nor the EDF/FLAC ones). */
export const SUPPORTED_FORMATS: ReadonlySet<number> = new Set([8, 16, 24, 32, 61, 80, 160, 212, 310, 311]);

/** WFDB's defaults when a header leaves the gain out or sets it to 0 (header(5)). */
export const DEFAULT_GAIN_ADU_PER_MV = 200;
const DEFAULT_FS_HZ = 250;
const MAX_SIGNALS = 4096;

/** ADC resolution when the header gives none or 0: the format's own width (WFDB's readheader in lib/signal.c). */
function defaultResolutionBits(format: number): number {
  switch (format) {
    case 80:
      return 8;
    case 212:
      return 12;
    case 310:
    case 311:
      return 10;
    // header(5): "10 bits for difference-format signals" (the library itself fills in WFDB_DEFRES, 12).
    case 8:
      return 10;
    case 24:
      return 24;
    case 32:
      return 32;
    default:
      return 16;
  }
}

function int(field: string, what: string, line: number): number {
  if (!/^[+-]?\d+$/.test(field)) throw new WfdbFormatError(`header line ${line}: ${what} is not an integer`);
  const v = Number(field);
  if (!Number.isSafeInteger(v)) throw new WfdbFormatError(`header line ${line}: ${what} out of range`);
  return v;
}

function positiveNumber(field: string, what: string, line: number): number {
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field)) throw new WfdbFormatError(`header line ${line}: ${what} is not a number`);
  const v = Number(field);
  if (!Number.isFinite(v)) throw new WfdbFormatError(`header line ${line}: ${what} out of range`);
  return v;
}

function parseRecordLine(fields: string[], line: number): { name: string; nsig: number; fsHz: number; samples: number | null; fsDefaulted: boolean } {
  const [nameField, nsigField, fsField, samplesField] = fields;
  if (nameField === undefined || nsigField === undefined) throw new WfdbFormatError(`header line ${line}: record line needs a name and a signal count`);
  if (nameField.includes('/')) throw new WfdbFormatError('multi-segment records are not supported');
  if (!/^[A-Za-z0-9_.-]+$/.test(nameField)) throw new WfdbFormatError(`header line ${line}: invalid record name`);
  const nsig = int(nsigField, 'signal count', line);
  if (nsig < 0 || nsig > MAX_SIGNALS) throw new WfdbFormatError(`header line ${line}: signal count out of range`);
  let fsHz = DEFAULT_FS_HZ;
  if (fsField !== undefined) {
    // "fs/counterfreq(base)": only the sampling frequency matters here.
    const fsText = fsField.split('/')[0] ?? '';
    fsHz = positiveNumber(fsText, 'sampling frequency', line);
    if (fsHz <= 0) throw new WfdbFormatError(`header line ${line}: sampling frequency must be positive`);
  }
  let samples: number | null = null;
  if (samplesField !== undefined) {
    const n = int(samplesField, 'sample count', line);
    if (n < 0) throw new WfdbFormatError(`header line ${line}: negative sample count`);
    samples = n === 0 ? null : n;
  }
  return { name: nameField, nsig, fsHz, samples, fsDefaulted: fsField === undefined };
}

const FORMAT_RE = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_RE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(([+-]?\d+)\))?(?:\/(\S+))?$/;

function parseSignalLine(text: string, line: number): WfdbSignalSpec {
  // Up to 8 whitespace-separated fields; the description is the rest of the line.
  const fields: string[] = [];
  let rest = text.trim();
  while (fields.length < 8 && rest.length > 0) {
    const m = /^(\S+)\s*/.exec(rest);
    if (!m) break;
    fields.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  const description = rest.trim();
  const [fileName, fmtField, gainField, resField, zeroField, initField, sumField, blockField] = fields;
  if (fileName === undefined || fmtField === undefined) throw new WfdbFormatError(`header line ${line}: signal line needs a file name and a format`);
  if (fileName.includes('/') || fileName.includes('\\') || fileName === '..' || fileName === '.') {
    throw new WfdbFormatError(`header line ${line}: signal file name must be a plain file name`);
  }
  const fm = FORMAT_RE.exec(fmtField);
  if (!fm) throw new WfdbFormatError(`header line ${line}: invalid format field`);
  const format = Number(fm[1]);
  if (!SUPPORTED_FORMATS.has(format)) throw new WfdbFormatError(`header line ${line}: signal format ${format} is not supported`);
  const samplesPerFrame = fm[2] === undefined ? 1 : Number(fm[2]);
  if (!Number.isSafeInteger(samplesPerFrame) || samplesPerFrame < 1 || samplesPerFrame > 65536) throw new WfdbFormatError(`header line ${line}: invalid samples per frame`);
  // Skew: samples of this signal stored before its sample 0 (header(5)); record.ts deskews.
  const skew = fm[3] === undefined ? 0 : Number(fm[3]);
  if (!Number.isSafeInteger(skew)) throw new WfdbFormatError(`header line ${line}: invalid skew`);
  const byteOffset = fm[4] === undefined ? 0 : Number(fm[4]);
  if (!Number.isSafeInteger(byteOffset)) throw new WfdbFormatError(`header line ${line}: invalid byte offset`);

  let adcGain = DEFAULT_GAIN_ADU_PER_MV;
  let calibrated = false;
  let baseline: number | null = null;
  let units = 'mV';
  if (gainField !== undefined) {
    const gm = GAIN_RE.exec(gainField);
    if (!gm) throw new WfdbFormatError(`header line ${line}: invalid gain field`);
    const g = Number(gm[1]);
    if (!Number.isFinite(g) || g < 0) throw new WfdbFormatError(`header line ${line}: invalid gain`);
    adcGain = g === 0 ? DEFAULT_GAIN_ADU_PER_MV : g;
    calibrated = g !== 0;
    // A gain so small that 1/gain overflows (a denormal) would turn samples into Infinity, which
    // the pipeline does not read as missing: refuse it.
    if (!Number.isFinite(1 / adcGain)) throw new WfdbFormatError(`header line ${line}: invalid gain`);
    if (gm[2] !== undefined) baseline = int(gm[2], 'baseline', line);
    if (gm[3] !== undefined) units = gm[3];
  }
  const adcResolutionBits = resField === undefined || int(resField, 'ADC resolution', line) === 0 ? defaultResolutionBits(format) : int(resField, 'ADC resolution', line);
  if (adcResolutionBits < 1 || adcResolutionBits > 32) throw new WfdbFormatError(`header line ${line}: ADC resolution out of range`);
  const adcZero = zeroField === undefined ? 0 : int(zeroField, 'ADC zero', line);
  const initialValue = initField === undefined ? null : int(initField, 'initial value', line);
  const checksum = sumField === undefined ? null : int(sumField, 'checksum', line);
  const blockSize = blockField === undefined ? 0 : int(blockField, 'block size', line);
  return {
    fileName,
    format,
    samplesPerFrame,
    skew,
    byteOffset,
    adcGain,
    calibrated,
    baseline: baseline ?? adcZero,
    units,
    adcResolutionBits,
    adcZero,
    initialValue,
    checksum,
    blockSize,
    description,
  };
}

/** Parses header text (LF or CRLF line ends). Throws WfdbFormatError on anything malformed. */
export function parseHeader(text: string): WfdbHeader {
  const comments: string[] = [];
  const content: { text: string; line: number }[] = [];
  // A UTF-8 byte-order mark (as some Windows editors save text; read here byte by byte as
  // "\u00EF\u00BB\u00BF") is no part of the record name: a tester's copy was refused as "invalid record name".
  const lines = text.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed.length === 0) continue;
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.slice(1).trim());
      continue;
    }
    content.push({ text: trimmed, line: i + 1 });
  }
  const first = content[0];
  if (first === undefined) throw new WfdbFormatError('header has no record line');
  const rec = parseRecordLine(first.text.split(/\s+/), first.line);
  if (content.length - 1 < rec.nsig) throw new WfdbFormatError(`header declares ${rec.nsig} signals but has ${content.length - 1} signal lines`);
  if (content.length - 1 > rec.nsig) throw new WfdbFormatError(`header has more signal lines than the ${rec.nsig} it declares`);
  const signals = content.slice(1).map((c) => parseSignalLine(c.text, c.line));
  return { name: rec.name, fsHz: rec.fsHz, samples: rec.samples, signals, comments, ...(rec.fsDefaulted ? { fsDefaulted: true as const } : {}) };
}

function formatGain(gain: number): string {
  return Number.isInteger(gain) ? gain.toFixed(0) : String(gain);
}

/** Writes header text (LF line ends) for signals stored in the given files. */
export function formatHeader(header: WfdbHeader): string {
  const out: string[] = [`${header.name} ${header.signals.length} ${header.fsHz} ${header.samples ?? 0}`];
  for (const s of header.signals) {
    const fmt = `${s.format}${s.samplesPerFrame !== 1 ? `x${s.samplesPerFrame}` : ''}${s.skew !== 0 ? `:${s.skew}` : ''}${s.byteOffset !== 0 ? `+${s.byteOffset}` : ''}`;
    const fields = [
      s.fileName,
      fmt,
      // An uncalibrated signal keeps WFDB's gain 0, so a re-read does not take the assumed gain for a measured one.
      `${s.calibrated ? formatGain(s.adcGain) : '0'}(${s.baseline})/${s.units}`,
      String(s.adcResolutionBits),
      String(s.adcZero),
      String(s.initialValue ?? 0),
      String(s.checksum ?? 0),
      String(s.blockSize),
    ];
    out.push(s.description.length > 0 ? `${fields.join(' ')} ${s.description}` : fields.join(' '));
  }
  for (const c of header.comments) out.push(`# ${c}`);
  return out.join('\n') + '\n';
}
