export { assessQuality, assessQualityDetailed, type QualityAssessment } from './assess.ts';
export { ARTIFACT_KINDS, UNUSABLE_KINDS, type QualityInterval, type QualityKind, type QualityOptions, type UnusableInterval } from './types.ts';
