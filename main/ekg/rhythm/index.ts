export { meanHeartRateBpm, normalIntervalMask, rrSeries, type RrSeries } from './rr.ts';
