export { assessQuality } from './assess.ts';
export { UNUSABLE_KINDS, type QualityInterval, type QualityKind, type QualityOptions } from './types.ts';
