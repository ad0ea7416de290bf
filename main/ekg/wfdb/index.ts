export type { Annotation, WfdbRecord, WfdbSignal } from './types.ts';
export { invalidSampleValue, toPhysical } from './types.ts';
export { WfdbChecksumError, WfdbFormatError } from './errors.ts';
export { parseHeader, formatHeader, type WfdbHeader, type WfdbSignalSpec } from './header.ts';
export { decodeRecord, encodeRecord, signalFileNames } from './record.ts';
export { decodeAnnotations, encodeAnnotations } from './annotations.ts';
export { annotationSymbol, isBeatCode } from './annotation-codes.ts';
