import { describe, expect, it } from 'vitest';
import { twinnedBeatShare } from '../../../../main/ekg/twelve-lead/recurrence.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

const share = (s: ReturnType<typeof syntheticEcg>, beats = s.beatSamples) => twinnedBeatShare(s.leads.map((l) => l.mv), beats, s.fsHz);

describe('twinnedBeatShare', () => {
  it('is 1 for a regular tracing and for two alternating real morphologies (bigeminy)', () => {
    expect(share(syntheticEcg({ hrBpm: 70 }))).toBe(1);
    const bigeminy = syntheticEcg({ hrBpm: 70, wideBeats: [1, 3, 5, 7, 9] });
    expect(share(bigeminy)).toBe(1);
  });

  it('is low when the "beats" are points in noise rather than QRS complexes', () => {
    const s = syntheticEcg({ hrBpm: 70, noiseMv: 0.8 });
    // Points half-way between the true beats: noise only.
    const between = Int32Array.from(Array.from(s.beatSamples.slice(1), (b, i) => Math.round((b + s.beatSamples[i]!) / 2)));
    expect(share(s, between)!).toBeLessThan(0.5);
  });

  it('is null with fewer than three complete beats', () => {
    const s = syntheticEcg({ hrBpm: 70 });
    expect(share(s, s.beatSamples.slice(0, 2))).toBeNull();
  });
});
