import { quantityText } from '../../common/poc/unitText.ts';
import type { PocTest } from './usePoc.ts';

/**
 * A value as the screen says it: the number with its unit in words (quantityText: `88 mg/dL`,
 * `INR 5.1`, `pH 6.5`, a specific gravity with no unit), never the UCUM code the record keeps;
 * except a meter's HI / LO (the catalogue's above/below-range text for glucose): no number was
 * measured, the value lies beyond what the meter can read, so it is said in words with the meter's
 * limit, never as "HI mg/dL". One function for every place a value is shown: the results table, the
 * saved line, the meter list, the QC outcome and the critical alert.
 */
export function valueText(tests: readonly PocTest[], testId: string | null, value: string, unit: string): string {
  const test = testId === null ? undefined : tests.find((t) => t.id === testId);
  const u = test?.units.find((x) => x.ucum.toLowerCase() === unit.toLowerCase()) ?? test?.units[0];
  const shown = value.trim().toUpperCase();
  if (shown === 'HI') return `HI (above the meter's range${u?.reportable.high !== undefined ? `, over ${quantityText(String(u.reportable.high), u.ucum)}` : ''})`;
  if (shown === 'LO') return `LO (below the meter's range${u?.reportable.low !== undefined ? `, under ${quantityText(String(u.reportable.low), u.ucum)}` : ''})`;
  return quantityText(value, unit);
}
