// Muscle-noise level between beats, on synthetic tracings (named as such in the helper).
import { describe, expect, it } from 'vitest';
import { highBandNoiseMv } from '../../../../main/ekg/sqi/high-band-noise.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

const level = (s: ReturnType<typeof syntheticEcg>) => highBandNoiseMv(s.leads.map((l) => l.mv), s.beatSamples, s.fsHz);

describe('highBandNoiseMv', () => {
  it('is near zero on a clean tracing and grows with broadband noise', () => {
    expect(level(syntheticEcg({ hrBpm: 70 }))!).toBeLessThan(0.005);
    const noisy = level(syntheticEcg({ hrBpm: 70, noiseMv: 0.1 }))!;
    // Broadband noise of ~0.1 mV RMS keeps most of its power above 20 Hz at 500 Hz sampling.
    expect(noisy).toBeGreaterThan(0.05);
    expect(noisy).toBeLessThan(0.15);
  });

  it('ignores slow atrial activity: 6 Hz fibrillatory-like waves of 0.1 mV add almost nothing', () => {
    const s = syntheticEcg({ hrBpm: 90, noP: true });
    const waves = s.leads.map((l) => ({ ...l, mv: Float32Array.from(l.mv, (v, i) => v + 0.1 * Math.sin((2 * Math.PI * 6 * i) / s.fsHz)) }));
    expect(highBandNoiseMv(waves.map((l) => l.mv), s.beatSamples, s.fsHz)!).toBeLessThan(0.005);
  });

  it('takes the quietest lead and is null without data', () => {
    const s = syntheticEcg({ hrBpm: 70 });
    const oneNoisy = syntheticEcg({ hrBpm: 70, noiseMv: 0.2 });
    const mixed = [oneNoisy.leads[0]!.mv, s.leads[1]!.mv];
    expect(highBandNoiseMv(mixed, s.beatSamples, s.fsHz)!).toBeLessThan(0.005);
    expect(highBandNoiseMv([], s.beatSamples, s.fsHz)).toBeNull();
  });
});
