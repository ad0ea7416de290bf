/**
 * What the simulated meters hold: fixed readings at 08:00-08:30 local of one day (readingDay), so two
 * downloads on one day are exact duplicates. Every simulated serial starts with SIM- and every ASTM
 * result carries a SIMULATED comment.
 */
export interface SimReading {
  readonly test: 'Glucose' | 'HbA1c';
  /** As the device would send it. */
  readonly value: string;
  readonly unit: 'mg/dL' | '%';
  readonly control: boolean;
  readonly at: { readonly y: number; readonly mo: number; readonly d: number; readonly h: number; readonly mi: number };
}

const two = (n: number) => String(n).padStart(2, '0');

/** Minutes after 08:00 of the last simulated reading. */
const LAST_READING_MIN = 30;

/**
 * The day whose readings are all in the past at `now`: today from 08:30 local, else yesterday. A
 * reading stamped later than the station's clock is refused as a future observation, so a simulator
 * started at 07:00 must not hand out this morning's 08:00 readings.
 */
export function readingDay(now: Date): Date {
  const lastToday = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 8, LAST_READING_MIN);
  return now.getTime() >= lastToday.getTime() ? now : new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 12);
}

export function simReadings(day: Date, protocol: 'astm' | 'onetouch'): SimReading[] {
  const at = (minutes: number) => ({ y: day.getFullYear(), mo: day.getMonth() + 1, d: day.getDate(), h: 8 + Math.floor(minutes / 60), mi: minutes % 60 });
  const glucose: SimReading[] = [
    { test: 'Glucose', value: protocol === 'onetouch' ? '093' : '93', unit: 'mg/dL', control: false, at: at(0) },
    { test: 'Glucose', value: protocol === 'onetouch' ? '045' : '45', unit: 'mg/dL', control: false, at: at(7) },
    { test: 'Glucose', value: protocol === 'onetouch' ? '132' : 'HI', unit: 'mg/dL', control: false, at: at(14) },
    { test: 'Glucose', value: protocol === 'onetouch' ? '118' : '118', unit: 'mg/dL', control: true, at: at(21) },
  ];
  if (protocol === 'onetouch') return glucose;
  return [...glucose, { test: 'HbA1c', value: '7.2', unit: '%', control: false, at: at(LAST_READING_MIN) }];
}

export const astmTimestamp = (r: SimReading): string => `${r.at.y}${two(r.at.mo)}${two(r.at.d)}${two(r.at.h)}${two(r.at.mi)}00`;
export const oneTouchDate = (r: SimReading): string => `${two(r.at.mo)}/${two(r.at.d)}/${two(r.at.y % 100)}`;
export const oneTouchTime = (r: SimReading): string => `${two(r.at.h)}:${two(r.at.mi)}:00`;
export const weekday = (r: SimReading): string => ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'][new Date(r.at.y, r.at.mo - 1, r.at.d).getDay()]!;
