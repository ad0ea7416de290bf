export { designFilter, designMagnitude, isStable, FilterDesignError, type FilterDesign, type FilterForm, type FilterSpec } from './design.ts';
export { StreamingFilter } from './streaming.ts';
export { filterZeroPhase, filterZeroPhaseInPlace, filterZeroPhaseLeads } from './zero-phase.ts';
export { chainSpecs, highPass, lowPass, mainsNotch, type FilterSettings, type HighPassHz, type LowPassHz, type MainsHz } from './presets.ts';
