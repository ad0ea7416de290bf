// The MATLAB v4 matrix header that precedes the samples of a WFDB `.mat` signal file (PhysioNet's
// wfdb2mat / CinC Challenge records: `NAME.mat 16+24`). Its type and shape are an independent
// record of what the file holds, which vouches for the samples when the WFDB header has no checksum.
// Layout (MATLAB "MAT-File Format", Level 4): five little-endian int32 (type MOPT, rows, columns,
// imaginary flag, name length incl. NUL), the name, then the data column by column.

const MAT_V4_FIXED_BYTES = 20;

/** MOPT precision digit P of each WFDB format that can sit in a MATLAB v4 matrix. */
const PRECISION_OF_FORMAT: ReadonlyMap<number, number> = new Map([
  [16, 3], // int16
  [32, 2], // int32
  [80, 5], // uint8 (offset binary)
]);

/** The shape a MATLAB v4 header gives its matrix: WFDB's frame size (rows) by frame count (columns). */
export interface MatShape {
  readonly rows: number;
  readonly cols: number;
}

/**
 * The fixed fields of a MATLAB v4 header that ends exactly at `byteOffset`, read in whichever byte
 * order makes its name length fit (a big-endian file's MOPT type then says so: M = 1), or null
 * when there is none.
 */
function matFields(bytes: Uint8Array, byteOffset: number): { type: number; rows: number; cols: number; imaginary: number } | null {
  if (byteOffset < MAT_V4_FIXED_BYTES || bytes.length < byteOffset) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, MAT_V4_FIXED_BYTES);
  for (const little of [true, false]) {
    if (MAT_V4_FIXED_BYTES + view.getInt32(16, little) !== byteOffset) continue;
    return { type: view.getInt32(0, little), rows: view.getInt32(4, little), cols: view.getInt32(8, little), imaginary: view.getInt32(12, little) };
  }
  return null;
}

/**
 * The matrix shape when `bytes` starts with a little-endian MATLAB v4 header of a real, full
 * matrix whose element type is the WFDB format's and whose end is exactly `byteOffset` (where the
 * WFDB header says the samples start); null when there is no such header.
 */
export function readMatShape(bytes: Uint8Array, byteOffset: number, format: number): MatShape | null {
  const precision = PRECISION_OF_FORMAT.get(format);
  const f = matFields(bytes, byteOffset);
  if (precision === undefined || f === null) return null;
  // MOPT = M*1000 + O*100 + P*10 + T: M 0 = little-endian IEEE, O 0, T 0 = full numeric matrix.
  return f.type === precision * 10 && f.imaginary === 0 ? { rows: f.rows, cols: f.cols } : null;
}

/**
 * A MATLAB v4 header ending where the samples start, but of another element type, byte order or a
 * complex matrix than the WFDB format says: its MOPT type and imaginary flag, for a notice (the WFDB
 * header decides how the samples are read, as the WFDB library does). Null when there is no such
 * header or when it agrees.
 */
export function matTypeDisagreement(bytes: Uint8Array, byteOffset: number, format: number): { type: number; imaginary: boolean } | null {
  const f = matFields(bytes, byteOffset);
  if (f === null || readMatShape(bytes, byteOffset, format) !== null) return null;
  return { type: f.type, imaginary: f.imaginary !== 0 };
}

/**
 * True when readMatShape finds a header with one row per sample of a frame and one column per
 * frame (MATLAB stores column by column, so that is WFDB's frame-interleaved order; the transposed
 * matrix holds the same count in another order).
 */
export function matHeaderDescribes(bytes: Uint8Array, byteOffset: number, format: number, frameSize: number, frames: number): boolean {
  const shape = readMatShape(bytes, byteOffset, format);
  return shape !== null && shape.rows === frameSize && shape.cols === frames;
}
