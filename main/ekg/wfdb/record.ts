// Assembles a WfdbRecord from a parsed header and the bytes of its signal files, and the reverse.
// Checksum and first-value checks follow header(5): checksum = 16-bit sum of all samples of the signal.
// Format 8 samples are integrated from the header's initial value (first-difference.ts); skewed
// signals are deskewed as the WFDB library's getframe does (deskew below).
import { WfdbChecksumError, WfdbFormatError } from './errors.ts';
import { DEFAULT_GAIN_ADU_PER_MV, formatHeader, SUPPORTED_FORMATS, type WfdbHeader, type WfdbSignalSpec } from './header.ts';
import { matTypeDisagreement, readMatShape } from './mat-header.ts';
import { firstDifferences, integrateFirstDifferences } from './first-difference.ts';
import { decodeSamples, encodeSamples, samplesInBytes } from './sample-codec.ts';
import type { WfdbRecord, WfdbSignal } from './types.ts';

interface FileGroup {
  fileName: string;
  format: number;
  byteOffset: number;
  /** Indices into header.signals, in frame order. */
  members: number[];
}

/** Consecutive signals stored in one file form a group whose samples are interleaved frame by frame. */
function groupSignals(specs: readonly WfdbSignalSpec[]): FileGroup[] {
  const groups: FileGroup[] = [];
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.fileName === s.fileName) {
      if (last.format !== s.format) throw new WfdbFormatError('signals in one file must share a format');
      if (last.byteOffset !== s.byteOffset) throw new WfdbFormatError('signals in one file must share a byte offset');
      last.members.push(i);
      continue;
    }
    if (groups.some((g) => g.fileName === s.fileName)) throw new WfdbFormatError('signals of one file must be consecutive in the header');
    groups.push({ fileName: s.fileName, format: s.format, byteOffset: s.byteOffset, members: [i] });
  }
  return groups;
}

/** Signed 16-bit sum, the header's checksum convention. */
function checksum16(samples: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum = (sum + samples[i]!) | 0;
  return (sum << 16) >> 16;
}

/**
 * Skew in frames, as WFDB's readheader converts the header's skew in samples (rounded:
 * `(int)(skew/spf + 0.5)` in lib/signal.c).
 */
function skewFrames(spec: WfdbSignalSpec): number {
  return Math.floor(spec.skew / spec.samplesPerFrame + 0.5);
}

/**
 * Sample i of a signal with skew k is the one stored in frame i + k (header(5): the skew counts
 * the samples "considered to precede sample 0"; lib/signal.c getframe reads each signal `skew`
 * frames ahead). Every signal then has `maxSkew` fewer frames than are stored, as WFDB returns
 * (its getframe fails once the most skewed signal reaches the end of the file). The header's
 * sample count and checksum describe the stored frames (setheader writes what putvec wrote).
 */
function deskew(stored: Int32Array, spec: WfdbSignalSpec, frames: number): Int32Array {
  const start = skewFrames(spec) * spec.samplesPerFrame;
  return stored.slice(start, start + frames * spec.samplesPerFrame);
}

/** The files a header refers to, in order of first use. */
export function signalFileNames(header: WfdbHeader): string[] {
  return [...new Set(header.signals.map((s) => s.fileName))];
}

/**
 * Decodes every signal and verifies it against the header's checksum and first value (a first value
 * that differs is reported in `readNotices` when a checksum or the `.mat` file's own header vouches
 * for the samples, refused otherwise). A `.mat` file whose MATLAB header gives another shape than
 * the WFDB header is read as the WFDB header says, also with a notice. Checksum and first value
 * cover the stored samples; skewed signals are then deskewed (see deskew).
 * `files` maps each signal file name of the header to its bytes.
 */
export function decodeRecord(header: WfdbHeader, files: ReadonlyMap<string, Uint8Array>): WfdbRecord {
  /** Every stored sample of each signal (format 8: integrated), before deskewing. */
  const digital: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(header.signals.length);
  /** Signals whose file's MATLAB v4 header describes exactly the samples read. */
  const matVerified = new Set<number>();
  const fileNotices: string[] = [];
  let frames = header.samples;
  const groups = groupSignals(header.signals);
  for (const g of groups) {
    const bytes = files.get(g.fileName);
    if (bytes === undefined) throw new WfdbFormatError('a signal file named in the header is missing');
    if (g.byteOffset > bytes.length) throw new WfdbFormatError('signal file is shorter than its byte offset');
    const frameSize = g.members.reduce((n, i) => n + header.signals[i]!.samplesPerFrame, 0);
    const available = Math.floor(samplesInBytes(g.format, bytes.length - g.byteOffset) / frameSize);
    const groupFrames = header.samples ?? available;
    if (groupFrames > available) throw new WfdbFormatError('signal file is shorter than the header says');
    if (frames === null) frames = groupFrames;
    else if (frames !== groupFrames) throw new WfdbFormatError('signal files disagree on the record length');
    const interleaved = decodeSamples(bytes, g.format, g.byteOffset, groupFrames * frameSize);
    const shape = readMatShape(bytes, g.byteOffset, g.format);
    if (shape !== null && shape.rows === frameSize && shape.cols === groupFrames) for (const i of g.members) matVerified.add(i);
    // WFDB allows data after the frames the header counts, so a .mat file holding another shape is
    // read as the header says; but its own header is a second record of the length: say they differ.
    else if (shape !== null) {
      fileNotices.push(
        `signal file ${g.fileName}: its MATLAB header says ${shape.rows} x ${shape.cols} (samples per frame x frames), the WFDB header ${frameSize} x ${groupFrames}; read as the WFDB header says`,
      );
    } else {
      // A MATLAB header of another element type (double, big-endian, complex) is a second record of
      // what the file holds that disagrees with the WFDB format: said, not ignored. It vouches for
      // nothing, so the first-value check below still guards the samples.
      const other = matTypeDisagreement(bytes, g.byteOffset, g.format);
      if (other !== null) {
        fileNotices.push(
          `signal file ${g.fileName}: its MATLAB header gives element type ${other.type}${other.imaginary ? ' (complex)' : ''}, not format ${g.format}'s; read as the WFDB header says`,
        );
      }
    }
    let start = 0;
    for (const i of g.members) {
      const spf = header.signals[i]!.samplesPerFrame;
      const out = new Int32Array(groupFrames * spf);
      for (let f = 0, src = start, dst = 0; f < groupFrames; f++, src += frameSize) {
        for (let k = 0; k < spf; k++) out[dst++] = interleaved[src + k]!;
      }
      const spec = header.signals[i]!;
      // The header's initial value seeds format 8's running sum (ADC zero when absent, as in WFDB).
      if (g.format === 8) integrateFirstDifferences(out, spec.initialValue ?? spec.adcZero);
      digital[i] = out;
      start += spf;
    }
  }
  const readNotices: string[] = [...fileNotices];
  // WFDB's default rate stands in for a missing one (header(5)), but a 500-Hz recording read at 250 Hz
  // halves every rate and doubles every interval (a tester's copy: HR 42, QTc 622, four false flags).
  if (header.fsDefaulted === true) {
    readNotices.push(`the header gives no sampling frequency, so the record is read at WFDB's default of ${header.fsHz} Hz: if it was recorded at another rate, every rate and interval is wrong`);
  }
  const maxSkew = Math.max(0, ...header.signals.map(skewFrames));
  const storedFrames = frames ?? 0;
  // A skew as long as the record leaves nothing to read: said as such, not as an empty or too-short recording.
  if (maxSkew > 0 && maxSkew >= storedFrames) {
    throw new WfdbFormatError(`a signal's skew (${maxSkew} frames) is as long as the ${storedFrames} frames stored: no sample is left to read`);
  }
  const usableFrames = storedFrames - maxSkew;
  // WFDB drops the frames a skew leaves incomplete; the record is shorter than its file, so say so.
  if (maxSkew > 0) {
    readNotices.push(`skewed signals: read ${usableFrames} of the ${storedFrames} frames stored (the largest skew, ${maxSkew} frames, leaves the last ones without every signal)`);
  }
  const signals: WfdbSignal[] = header.signals.map((s, i) => {
    const d = digital[i]!;
    // A checksum field of 0 is the placeholder some writers leave (all PhysioNet/CinC 2017 headers
    // have it while their data sums differ), so 0 means "not recorded": the 1 in 65,536 signals whose
    // samples really sum to 0 go unchecked and cannot vouch for a differing first value either.
    if (s.checksum !== null && s.checksum !== 0 && checksum16(d) !== (s.checksum << 16) >> 16) {
      throw new WfdbChecksumError(`signal ${i + 1}: checksum does not match the header`);
    }
    // The initial value is decoding state for the difference format 8 (used above, nothing to
    // check) and otherwise a copy of sample 0: the WFDB library never checks it (isigopen only
    // seeds the difference decoder with it). When something else vouches for the samples (a
    // recorded checksum that matches, or a MATLAB v4 file header giving their exact type and count) a differing first
    // value is reported and the samples are read as stored: 8 of the 100 CinC 2017 records in
    // ../shared/ecg have such headers (data that starts near 0, as if re-filtered after the header
    // was written). With nothing else to check, it is the only sign of a wrong offset or format.
    if (s.format !== 8 && s.initialValue !== null && d.length > 0 && d[0] !== s.initialValue) {
      const checksummed = s.checksum !== null && s.checksum !== 0;
      if (!checksummed && !matVerified.has(i)) {
        throw new WfdbChecksumError(`signal ${i + 1}: first sample does not match the header's initial value, and no checksum or file header vouches for the samples`);
      }
      const voucher = checksummed ? 'the checksum matches' : "the file's MATLAB header gives the samples' type and count";
      readNotices.push(
        `signal ${i + 1} (${s.description || 'unnamed'}): the header's initial value ${s.initialValue} is not the first stored sample ${d[0]}; ${voucher}; samples read as stored`,
      );
    }
    const signal: WfdbSignal = {
      name: s.description,
      units: s.units,
      adcGain: s.adcGain,
      baseline: s.baseline,
      adcResolutionBits: s.adcResolutionBits,
      format: s.format,
      digital: maxSkew === 0 ? d : deskew(d, s, usableFrames),
    };
    if (s.samplesPerFrame !== 1) signal.samplesPerFrame = s.samplesPerFrame;
    if (!s.calibrated) signal.uncalibrated = true;
    return signal;
  });
  const uncalibrated = header.signals.flatMap((s, i) => (s.calibrated ? [] : [`${i + 1}${s.description ? ` (${s.description})` : ''}`]));
  if (uncalibrated.length > 0) {
    const many = uncalibrated.length > 1;
    readNotices.push(
      `signal${many ? 's' : ''} ${uncalibrated.join(', ')}: the header gives no gain (0 or none: uncalibrated), so ${many ? 'they are' : 'it is'} read at WFDB's default gain of ${DEFAULT_GAIN_ADU_PER_MV} per unit and ${many ? 'their' : 'its'} amplitudes are not known`,
    );
  }
  const record: WfdbRecord = { name: header.name, fsHz: header.fsHz, samples: usableFrames, signals, comments: [...header.comments] };
  if (readNotices.length > 0) record.readNotices = readNotices;
  return record;
}

/** Header text plus signal file bytes for a record, all signals interleaved in `<name>.dat` when they share a format. */
export function encodeRecord(record: WfdbRecord): { headerText: string; files: Map<string, Uint8Array> } {
  if (!/^[A-Za-z0-9_-]+$/.test(record.name)) throw new WfdbFormatError('record name must be letters, digits, _ or -');
  if (!(record.fsHz > 0) || !Number.isFinite(record.fsHz)) throw new WfdbFormatError('sampling frequency must be positive');
  if (!Number.isSafeInteger(record.samples) || record.samples < 0) throw new WfdbFormatError('invalid sample count');
  for (const c of record.comments) if (/[\r\n]/.test(c)) throw new WfdbFormatError('comments must be single lines');
  const sameFormat = record.signals.every((s) => s.format === record.signals[0]?.format);
  const specs: WfdbSignalSpec[] = record.signals.map((s, i) => {
    if (!SUPPORTED_FORMATS.has(s.format)) throw new WfdbFormatError(`signal format ${s.format} is not supported`);
    if (!(s.adcGain > 0) || !Number.isFinite(s.adcGain)) throw new WfdbFormatError('ADC gain must be positive');
    if (!Number.isSafeInteger(s.baseline)) throw new WfdbFormatError('baseline must be an integer');
    if (!/^\S+$/.test(s.units)) throw new WfdbFormatError('units must be one word');
    if (/[\r\n]/.test(s.name) || s.name !== s.name.trim()) throw new WfdbFormatError('signal names must be single trimmed lines');
    if (!Number.isInteger(s.adcResolutionBits) || s.adcResolutionBits < 1 || s.adcResolutionBits > 32) throw new WfdbFormatError('ADC resolution out of range');
    const spf = s.samplesPerFrame ?? 1;
    if (s.digital.length !== record.samples * spf) throw new WfdbFormatError('signal length does not match the record length');
    return {
      fileName: sameFormat ? `${record.name}.dat` : `${record.name}_${i + 1}.dat`,
      format: s.format,
      samplesPerFrame: spf,
      skew: 0,
      byteOffset: 0,
      adcGain: s.adcGain,
      calibrated: s.uncalibrated !== true,
      baseline: s.baseline,
      units: s.units,
      adcResolutionBits: s.adcResolutionBits,
      adcZero: 0,
      initialValue: s.digital.length > 0 ? s.digital[0]! : 0,
      checksum: checksum16(s.digital),
      blockSize: 0,
      description: s.name,
    };
  });
  const files = new Map<string, Uint8Array>();
  for (const g of groupSignals(specs)) {
    const frameSize = g.members.reduce((n, i) => n + specs[i]!.samplesPerFrame, 0);
    const interleaved = new Int32Array(record.samples * frameSize);
    let start = 0;
    for (const i of g.members) {
      const spf = specs[i]!.samplesPerFrame;
      const signal = record.signals[i]!;
      // Format 8 stores differences from the initial value written to the header (sample 0, as WFDB's putvec does).
      const d = g.format === 8 ? firstDifferences(signal.digital, specs[i]!.initialValue ?? 0, `signal ${i + 1}`) : signal.digital;
      for (let f = 0, dst = start, src = 0; f < record.samples; f++, dst += frameSize) {
        for (let k = 0; k < spf; k++) interleaved[dst + k] = d[src++]!;
      }
      start += spf;
    }
    files.set(g.fileName, encodeSamples(interleaved, g.format));
  }
  const headerText = formatHeader({ name: record.name, fsHz: record.fsHz, samples: record.samples, signals: specs, comments: record.comments });
  return { headerText, files };
}
