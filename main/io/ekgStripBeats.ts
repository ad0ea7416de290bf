// Beat detection on 10-s strips cut from the MIT-BIH DS1 records, each analysed alone as a stored
// capture is (used by the bench and the tests; see main/ekg/evaluation/strip-beats.ts).
import { join } from 'node:path';
import { MIT_BEAT_CODES } from '../ekg/evaluation/ec57.ts';
import { addStripBeats, emptyStripBeatCounts, type StripBeatCounts } from '../ekg/evaluation/strip-beats.ts';
import { loadEkg } from './ekgDatasets.ts';
import { readAnnotations } from './wfdb.ts';

/** Beat detection over one strip: leads in mV, their names, the rate; ascending R-peak samples. */
export type StripDetector = (leads: Float32Array[], names: readonly string[], fsHz: number) => ArrayLike<number>;

/** Counts over back-to-back `stripS`-second strips of each record, up to `maxStrips` per record. */
export async function scoreStripBeats(mitdbDir: string, records: readonly string[], detect: StripDetector, stripS = 10, maxStrips = Infinity): Promise<StripBeatCounts & { strips: number }> {
  const counts = emptyStripBeatCounts();
  let strips = 0;
  for (const name of records) {
    const r = await loadEkg(join(mitdbDir, `${name}.hea`));
    const beatsS = (await readAnnotations(join(mitdbDir, `${name}.atr`))).filter((a) => MIT_BEAT_CODES.has(a.code)).map((a) => a.sample / r.fsHz);
    const names = r.leads.map((l) => l.name);
    const len = Math.round(stripS * r.fsHz);
    const samples = r.leads[0]?.mv.length ?? 0;
    for (let start = 0, k = 0; start + len <= samples && k < maxStrips; start += len, k++) {
      const t0 = start / r.fsHz;
      const peaks = detect(r.leads.map((l) => l.mv.slice(start, start + len)), names, r.fsHz);
      const detectedS = Array.from(peaks, (p) => p / r.fsHz);
      const referenceS = beatsS.filter((t) => t >= t0 - 0.2 && t < t0 + stripS + 0.2).map((t) => t - t0);
      addStripBeats(counts, referenceS, detectedS, stripS);
      strips++;
    }
  }
  return { ...counts, strips };
}
