import type { WfdbRecord } from '../../main/ekg/wfdb/index.ts';
import { writeRecord } from '../../main/io/wfdb.ts';
import { syntheticEcg, type SyntheticOptions } from './syntheticEcg.ts';

/** 1 uV per unit: the synthetic mV survive to well below any threshold the station applies. */
const ADC_GAIN_PER_MV = 1000;

/** A synthetic EKG (syntheticEcg: NAMED AS SUCH, not a physiological model) as a WFDB record, leads I, II, V1..V6. */
export function syntheticWfdbRecord(name: string, options: SyntheticOptions): WfdbRecord {
  const s = syntheticEcg(options);
  return {
    name,
    fsHz: s.fsHz,
    samples: s.leads[0]!.mv.length,
    comments: ['synthetic test record (test/helpers/syntheticEcg.ts), not a recording of a person'],
    signals: s.leads.map((l) => ({
      name: l.name,
      units: 'mV',
      adcGain: ADC_GAIN_PER_MV,
      baseline: 0,
      adcResolutionBits: 16,
      format: 16,
      digital: Int32Array.from(l.mv, (v) => Math.round(v * ADC_GAIN_PER_MV)),
    })),
  };
}

/** syntheticWfdbRecord written in `dir`, for the SIMULATED cart to play (`station simulate cart --record`). Returns the header path. */
export async function writeSyntheticRecord(dir: string, name: string, options: SyntheticOptions): Promise<string> {
  return writeRecord(dir, syntheticWfdbRecord(name, options));
}
