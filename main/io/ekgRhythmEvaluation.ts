// IRREGULAR_RHYTHM and POOR_SIGNAL on 10-s strips cut from the MIT-BIH Arrhythmia records (rhythm
// labels by cardiologists, much ectopy), clean and with muscle noise added at a known SNR the way
// `nst` builds the Noise Stress Test Database. No threshold was chosen on the clean strips; the
// P-wave masking noise limit was checked on the noisy ones (docs/ekg-analysis.md).
import { join } from 'node:path';
import { runPipeline } from '../ekg/pipeline.ts';
import { rhythmWindows } from '../ekg/evaluation/rhythm-windows.ts';
import { nstGain, noiseRmsMv, qrsPeakToPeakMv } from '../ekg/evaluation/noise-stress.ts';
import { tally, type Confusion } from '../ekg/evaluation/twelve-lead.ts';
import { MIT_BEAT_CODES } from '../ekg/evaluation/ec57.ts';
import { FLAG_THRESHOLDS } from '../domain/ekg-flags/thresholds.ts';
import { analysisInputs } from '../domain/ekg-flags/recordFindings.ts';
import { analyzeEkg } from '../domain/ekg-flags/summary.ts';
import { loadEkg } from './ekgDatasets.ts';
import { readAnnotations } from './wfdb.ts';
import { annotationSymbol } from '../ekg/wfdb/annotation-codes.ts';

/**
 * MIT-BIH beat labels VENTRICULAR_ECTOPY cannot be scored against: E, a ventricular escape beat, is
 * late by definition (an idioventricular rhythm, not early beats), and F fuses a ventricular beat with
 * a conducted one. A strip with one of them and no V is left out of that score.
 */
const UNSCORED_FOR_ECTOPY: ReadonlySet<string> = new Set(['E', 'F']);

/** The 22 MIT-BIH records of the shared DS1 half. */
export const MITDB_DS1 = ['101', '106', '108', '109', '112', '114', '115', '116', '118', '119', '122', '124', '201', '203', '205', '207', '208', '209', '215', '220', '223', '230'];

export interface StripScores {
  /** IRREGULAR_RHYTHM on readable strips: AF/flutter strips vs every other rhythm. */
  irregular: Confusion;
  strips: number;
  poorSignal: number;
  /** Strips of a rhythm other than AF/flutter that got IRREGULAR_RHYTHM (POOR_SIGNAL strips included, as none). */
  otherWithRhythmFlag: number;
  other: number;
  /**
   * The rate flags on readable strips against the rate of the cardiologists' beat marks in the strip
   * (mean RR of the marked beats, whole bpm, the rule the flags apply): every rhythm, ectopy included.
   * Slow = BRADYCARDIA or MARKED_BRADYCARDIA, fast = TACHYCARDIA or MARKED_TACHYCARDIA.
   */
  rate: { slow: Confusion; fast: Confusion; absErrorBpmSum: number; measured: number };
  /**
   * VENTRICULAR_ECTOPY on readable strips: strips with a beat the cardiologists labelled a premature
   * ventricular contraction (V) against strips with none (those with an escape or fusion beat and no
   * V left out: UNSCORED_FOR_ECTOPY). A strip whose every beat is ventricular (a run of VT) has no
   * dominant conducted rhythm to be ectopic to and is read by the rate and width flags instead, so
   * its miss counts here.
   */
  ectopy: Confusion;
}

/** Mean rate of the marked beats in [start, end) (bpm), or null with fewer than two. */
function markedRateBpm(beatSamples: readonly number[], start: number, end: number, fsHz: number): number | null {
  const inside = beatSamples.filter((s) => s >= start && s < end);
  if (inside.length < 2) return null;
  return (60 * fsHz * (inside.length - 1)) / (inside[inside.length - 1]! - inside[0]!);
}

/** Flags and heart rate of one strip through the station path (pipeline, then 12-lead analysis and flags). */
function stripFindings(leads: Float32Array[], names: readonly string[], fsHz: number): { flags: Set<string>; heartRateBpm: number | null } {
  const p = runPipeline(leads, fsHz, names, { mainsHz: null });
  const { input, quality } = analysisInputs({ leads: p.filtered, names, fsHz, beats: p.beats, pacerPulses: p.pacerPulses, quality: p.quality });
  const { interpretation } = analyzeEkg(input, { sex: null, ageYears: null }, quality);
  return { flags: new Set(interpretation.flags.map((f) => f.code)), heartRateBpm: interpretation.measurements.heartRateBpm };
}

/**
 * Scores 10-s strips (one every `stepS` seconds, one rhythm each) of the records; with `noise`,
 * muscle-artifact noise is added to every strip at `snrDb` (nst's gain from the record's QRS
 * amplitude and the noise RMS; noise lead k on record lead k).
 */
export async function scoreMitdbStrips(mitdbDir: string, records: readonly string[], stepS: number, noise: { dir: string; record: string; snrDb: number } | null = null): Promise<StripScores> {
  const out: StripScores = {
    irregular: { tp: 0, fp: 0, tn: 0, fn: 0 },
    strips: 0,
    poorSignal: 0,
    otherWithRhythmFlag: 0,
    other: 0,
    rate: { slow: { tp: 0, fp: 0, tn: 0, fn: 0 }, fast: { tp: 0, fp: 0, tn: 0, fn: 0 }, absErrorBpmSum: 0, measured: 0 },
    ectopy: { tp: 0, fp: 0, tn: 0, fn: 0 },
  };
  const noiseLeads = noise === null ? null : (await loadEkg(join(noise.dir, `${noise.record}.hea`))).leads.map((l) => l.mv);
  for (const name of records) {
    const r = await loadEkg(join(mitdbDir, `${name}.hea`));
    const ann = await readAnnotations(join(mitdbDir, `${name}.atr`));
    const beatSamples = ann.filter((a) => MIT_BEAT_CODES.has(a.code)).map((a) => a.sample);
    const samples = r.leads[0]?.mv.length ?? 0;
    const names = r.leads.map((l) => l.name);
    const gains =
      noise === null || noiseLeads === null
        ? null
        : r.leads.map((l, k) => nstGain(qrsPeakToPeakMv(l.mv, ann, r.fsHz), noiseRmsMv(noiseLeads[k % noiseLeads.length]!, r.fsHz), noise.snrDb));
    for (const w of rhythmWindows(ann, samples, r.fsHz, 10, stepS)) {
      const leads = r.leads.map((l, k) => {
        const x = Float32Array.from(l.mv.subarray(w.start, w.end));
        if (gains !== null && noiseLeads !== null) {
          const n = noiseLeads[k % noiseLeads.length]!;
          const offset = w.start % Math.max(1, n.length - x.length);
          for (let i = 0; i < x.length; i++) x[i] = x[i]! + gains[k]! * n[offset + i]!;
        }
        return x;
      });
      const { flags, heartRateBpm } = stripFindings(leads, names, r.fsHz);
      const irregular = flags.has('IRREGULAR_RHYTHM');
      out.strips++;
      if (!w.af) {
        out.other++;
        if (irregular) out.otherWithRhythmFlag++;
      }
      if (flags.has('POOR_SIGNAL')) {
        out.poorSignal++;
        continue;
      }
      tally(out.irregular, w.af, irregular);
      const labelled = new Set(ann.filter((a) => a.sample >= w.start && a.sample < w.end).map((a) => annotationSymbol(a.code)));
      if (labelled.has('V') || ![...UNSCORED_FOR_ECTOPY].some((s) => labelled.has(s))) tally(out.ectopy, labelled.has('V'), flags.has('VENTRICULAR_ECTOPY'));
      const markedBpm = markedRateBpm(beatSamples, w.start, w.end, r.fsHz);
      if (markedBpm === null) continue;
      const marked = Math.round(markedBpm);
      tally(out.rate.slow, marked < FLAG_THRESHOLDS.bradycardiaBpm.value, flags.has('BRADYCARDIA') || flags.has('MARKED_BRADYCARDIA'));
      tally(out.rate.fast, marked > FLAG_THRESHOLDS.tachycardiaBpm.value, flags.has('TACHYCARDIA') || flags.has('MARKED_TACHYCARDIA'));
      if (heartRateBpm !== null) {
        out.rate.absErrorBpmSum += Math.abs(heartRateBpm - markedBpm);
        out.rate.measured++;
      }
    }
  }
  return out;
}
