// The station's time format, one for the screens and the EKG report (common/format/time.ts).
export { clockTime, localTime } from '../../common/format/time.ts';
