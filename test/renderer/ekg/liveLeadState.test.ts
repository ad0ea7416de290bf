import { describe, expect, it } from 'vitest';
import { liveLeadState, type LeadQualityView } from '../../../renderer/ekg/liveLeadState.ts';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
const all = (kinds: readonly string[]): LeadQualityView[] => LEADS.map((lead) => ({ lead, kinds }));
const grey = (q: readonly LeadQualityView[], off: readonly string[] = []) => [...liveLeadState(q, off, true).greyLeads].sort();

describe('liveLeadState', () => {
  it('a flat line in every lead with no electrode off is one finding for the view, not 12 bad leads', () => {
    expect(liveLeadState(all(['flatline']), [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: true });
  });

  it('while every lead is flat, a lead with a problem of its own besides is still greyed', () => {
    const q = all(['flatline']).map((l) => (l.lead === 'V2' ? { lead: 'V2', kinds: ['flatline', 'saturation'] } : l));
    expect(liveLeadState(q, [], true)).toEqual({ greyLeads: new Set(['V2']), everyLeadFlat: true });
  });

  it('with an electrode reported off, flat leads stay greyed and the view does not call every lead flat', () => {
    expect(liveLeadState(all(['flatline']), ['LA'], true)).toEqual({ greyLeads: new Set(LEADS), everyLeadFlat: false });
  });

  it('one lead exactly constant (lead-off) among flat ones: not every lead is flat, all are greyed as before', () => {
    const q = all(['flatline']).map((l) => (l.lead === 'V4' ? { lead: 'V4', kinds: ['lead-off'] } : l));
    expect(liveLeadState(q, [], true)).toEqual({ greyLeads: new Set(LEADS), everyLeadFlat: false });
  });

  it('a flat lead among live ones is that lead\'s problem (greyed); noise and other kinds grey as before', () => {
    const q = all([]).map((l) => (l.lead === 'V1' ? { lead: 'V1', kinds: ['flatline'] } : l.lead === 'I' ? { lead: 'I', kinds: ['noise', 'powerline'] } : l));
    expect(liveLeadState(q, [], true)).toMatchObject({ everyLeadFlat: false });
    expect(grey(q)).toEqual(['I', 'V1']);
  });

  it('clean leads, or no quality yet: nothing greyed, nothing said', () => {
    expect(liveLeadState(all([]), [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: false });
    expect(liveLeadState([], [], true)).toEqual({ greyLeads: new Set(), everyLeadFlat: false });
  });

  it('says nothing while the cart is not connected: the last quality report is not the patient now', () => {
    expect(liveLeadState(all(['flatline']), [], false)).toEqual({ greyLeads: new Set(), everyLeadFlat: false });
    expect(liveLeadState(all(['noise']), [], false)).toEqual({ greyLeads: new Set(), everyLeadFlat: false });
  });
});
