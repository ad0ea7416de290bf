import { describe, expect, it } from 'vitest';
import { liveLeadState, type LeadQualityView } from '../../../renderer/ekg/liveLeadState.ts';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
const all = (kinds: readonly string[]): LeadQualityView[] => LEADS.map((lead) => ({ lead, kinds }));
const grey = (q: readonly LeadQualityView[], off: readonly string[] = []) => [...liveLeadState(q, off, true).greyLeads].sort();

describe('liveLeadState', () => {
  it('a flat line in every lead with no electrode off is one finding for the view, not 12 bad leads', () => {
    expect(liveLeadState(all(['flatline']), [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: true, noiseText: null });
  });

  it('while every lead is flat, a lead with a problem of its own besides is still greyed', () => {
    const q = all(['flatline']).map((l) => (l.lead === 'V2' ? { lead: 'V2', kinds: ['flatline', 'saturation'] } : l));
    expect(liveLeadState(q, [], true)).toEqual({ greyLeads: new Set(['V2']), everyLeadFlat: true, noiseText: null });
  });

  it('with an electrode reported off, flat leads stay greyed and the view does not call every lead flat', () => {
    expect(liveLeadState(all(['flatline']), ['LA'], true)).toEqual({ greyLeads: new Set(LEADS), everyLeadFlat: false, noiseText: null });
  });

  it('one lead exactly constant (lead-off) among flat ones: not every lead is flat, all are greyed as before', () => {
    const q = all(['flatline']).map((l) => (l.lead === 'V4' ? { lead: 'V4', kinds: ['lead-off'] } : l));
    expect(liveLeadState(q, [], true)).toEqual({ greyLeads: new Set(LEADS), everyLeadFlat: false, noiseText: null });
  });

  it('a flat lead among live ones is that lead\'s problem (greyed); noise and other kinds grey as before', () => {
    const q = all([]).map((l) => (l.lead === 'V1' ? { lead: 'V1', kinds: ['flatline'] } : l.lead === 'I' ? { lead: 'I', kinds: ['noise', 'powerline'] } : l));
    expect(liveLeadState(q, [], true)).toMatchObject({ everyLeadFlat: false });
    expect(grey(q)).toEqual(['I', 'V1']);
  });

  it('clean leads, or no quality yet: nothing greyed, nothing said', () => {
    expect(liveLeadState(all([]), [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: false, noiseText: null });
    expect(liveLeadState([], [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: false, noiseText: null });
  });

  it('noise on every lead (found greyed with no words) says what to do: the patient still and relaxed, the electrodes', () => {
    const state = liveLeadState(all(['noise']), [], true);
    expect(state.greyLeads).toEqual(new Set(LEADS));
    expect(state.noiseText).toBe('Signal noisy on every lead: ask the patient to lie still and relax, and check the electrodes.');
    // Baseline wander and mains hum are a disturbed signal too.
    expect(liveLeadState(all(['baseline-wander']), [], true).noiseText).toMatch(/^Signal noisy on every lead/);
    expect(liveLeadState(all(['powerline', 'noise']), [], true).noiseText).toMatch(/^Signal noisy on every lead/);
  });

  it('noise on a few leads names them, in the order of the 12-lead layout', () => {
    const noisy = new Set(['V2', 'I', 'aVR']);
    const q = all([]).map((l) => (noisy.has(l.lead) ? { lead: l.lead, kinds: ['noise'] } : l)).reverse();
    expect(liveLeadState(q, [], true).noiseText).toBe('Signal noisy on I, aVR, V2: check the electrodes for those leads and ask the patient to lie still.');
    const one = all([]).map((l) => (l.lead === 'V5' ? { lead: 'V5', kinds: ['powerline'] } : l));
    expect(liveLeadState(one, [], true).noiseText).toBe('Signal noisy on V5: check the electrodes for that lead and ask the patient to lie still.');
  });

  it('no noise words for other problems, nor while every lead is flat (the patient comes first)', () => {
    const q = all([]).map((l) => (l.lead === 'V1' ? { lead: 'V1', kinds: ['saturation', 'lead-off'] } : l));
    expect(liveLeadState(q, [], true).noiseText).toBeNull();
    expect(liveLeadState(all(['flatline', 'noise']), [], true)).toMatchObject({ everyLeadFlat: true, noiseText: null });
  });

  it('says nothing while the cart is not connected: the last quality report is not the patient now', () => {
    expect(liveLeadState(all(['flatline']), [], false)).toEqual({ greyLeads: new Set(), everyLeadFlat: false, noiseText: null });
    expect(liveLeadState(all(['noise']), [], false)).toEqual({ greyLeads: new Set(), everyLeadFlat: false, noiseText: null });
  });
});
