import { describe, expect, it } from 'vitest';
import { cinc2021Labels, cinc2021Unscorable, ludbLabels, ludbLabelsContradictingMarks, ludbUnscorable } from '../../../../main/ekg/evaluation/flag-labels.ts';

describe('LUDB labels -> flags', () => {
  it('maps complete bundle branch blocks and ventricular pacing to WIDE_QRS, not incomplete blocks', () => {
    expect(ludbLabels(['Complete right bundle branch block. ']).has('WIDE_QRS')).toBe(true);
    expect(ludbLabels(['UNIpolar ventricular pacing. ']).has('WIDE_QRS')).toBe(true);
    expect(ludbLabels(['Biventricular pacing. ']).has('WIDE_QRS')).toBe(true);
    expect(ludbLabels(['Incomplete left bundle branch block. ']).has('WIDE_QRS')).toBe(false);
    expect(ludbLabels(['UNIpolar atrial pacing. ']).has('WIDE_QRS')).toBe(false);
  });

  it('reads the axis wording "Electric axis of the heart: left axis deviation"', () => {
    expect(ludbLabels(['Electric axis of the heart: left axis deviation. ']).has('AXIS_DEVIATION')).toBe(true);
    expect(ludbLabels(['Electric axis of the heart: horizontal. ']).has('AXIS_DEVIATION')).toBe(false);
  });

  it('leaves the rate flags unscored when the rhythm label does not state the rate', () => {
    for (const rhythm of ['Rhythm: Atrial fibrillation.', 'Rhythm: Atrial flutter, typical.', 'Rhythm: Sinus arrhythmia.']) {
      const u = ludbUnscorable([rhythm]);
      expect(u.has('BRADYCARDIA') && u.has('TACHYCARDIA')).toBe(true);
    }
    const axis = 'Electric axis of the heart: normal. ';
    for (const rhythm of ['Rhythm: Sinus rhythm.', 'Rhythm: Sinus bradycardia.', 'Rhythm: Sinus tachycardia.']) expect(ludbUnscorable([rhythm, axis]).size).toBe(0);
  });

  it('scores the axis where the label states the flag\'s answer: right deviation, or an axis within 0 to +90 deg', () => {
    for (const label of ['normal', 'vertical', 'horizontal', 'right axis deviation']) {
      expect(ludbUnscorable(['Rhythm: Sinus rhythm.', `Electric axis of the heart: ${label}. `]).has('AXIS_DEVIATION')).toBe(false);
    }
    // No limit stated for a left deviation; no axis label at all; a paced QRS's axis.
    expect(ludbUnscorable(['Electric axis of the heart: left axis deviation. ']).get('AXIS_DEVIATION')).toMatch(/does not say whether the axis is past the flag's -30 deg/);
    expect(ludbUnscorable(['Rhythm: Atrial fibrillation.']).get('AXIS_DEVIATION')).toBe('no electric axis label');
    expect(ludbUnscorable(['Rhythm: Sinus rhythm.', 'UNIpolar ventricular pacing. ']).get('AXIS_DEVIATION')).toMatch(/pacing site/);
  });

  it('leaves rate and irregularity unscored under ventricular pacing; flutter unscored for IRREGULAR_RHYTHM', () => {
    const paced = ludbUnscorable(['Rhythm: Atrial fibrillation.', 'Biventricular pacing.']);
    expect([...paced.keys()].sort()).toEqual(['AXIS_DEVIATION', 'BRADYCARDIA', 'IRREGULAR_RHYTHM', 'TACHYCARDIA']);
    expect(ludbUnscorable(['Rhythm: Atrial flutter, typical.']).has('IRREGULAR_RHYTHM')).toBe(true);
    expect(ludbUnscorable(['Rhythm: Atrial fibrillation.']).has('IRREGULAR_RHYTHM')).toBe(false);
    expect(ludbUnscorable(['Non-specific intravintricular conduction delay. ']).has('WIDE_QRS')).toBe(true);
  });

  it('leaves a flag unscored where the label contradicts the marks under the flag threshold, only there', () => {
    const labels = ludbLabels(['Rhythm: Sinus rhythm.', 'I degree AV block. ']);
    const u = ludbLabelsContradictingMarks(labels, { rateBpm: 56.8, prMs: 184, qrsMs: 100 });
    expect([...u.keys()].sort()).toEqual(['BRADYCARDIA', 'PROLONGED_PR']);
    // Rounded rate as displayed: 59.6/min is 60, not slow; consistent labels stay scored.
    expect(ludbLabelsContradictingMarks(labels, { rateBpm: 59.6, prMs: 230, qrsMs: 100 }).size).toBe(0);
    expect(ludbLabelsContradictingMarks(ludbLabels(['Rhythm: Sinus tachycardia.']), { rateBpm: 93.4, prMs: null, qrsMs: null }).has('TACHYCARDIA')).toBe(true);
    expect(ludbLabelsContradictingMarks(new Set(), { rateBpm: null, prMs: null, qrsMs: 121 }).has('WIDE_QRS')).toBe(true);
  });
});

describe('CinC 2021 SNOMED CT codes -> flags', () => {
  it('maps the code variants of bradycardia, first-degree block and ventricular ectopy', () => {
    expect(cinc2021Labels(['Dx: 426627000']).has('BRADYCARDIA')).toBe(true);
    expect(cinc2021Labels(['Dx: 164947007']).has('PROLONGED_PR')).toBe(true);
    expect(cinc2021Labels(['Dx: 270492004']).has('PROLONGED_PR')).toBe(true);
    expect(cinc2021Labels(['Dx: 11157007']).has('VENTRICULAR_ECTOPY')).toBe(true);
    expect(cinc2021Labels(['Dx: 39732003,426783006']).has('AXIS_DEVIATION')).toBe(true);
    expect(cinc2021Labels(['Dx: 426783006']).size).toBe(0);
  });

  it('leaves out flags a code does not decide, and rate flags in AF without a rate code', () => {
    expect(cinc2021Unscorable(['Dx: 698252002']).has('WIDE_QRS')).toBe(true);
    expect(cinc2021Unscorable(['Dx: 55930002']).has('ST_ELEVATION')).toBe(true);
    expect(cinc2021Unscorable(['Dx: 164889003']).has('BRADYCARDIA')).toBe(true);
    expect(cinc2021Unscorable(['Dx: 164889003,426627000']).has('BRADYCARDIA')).toBe(false);
    expect(cinc2021Unscorable(['Dx: 426783006']).size).toBe(0);
  });

  it('does not read a second- or third-degree AV block as first-degree', () => {
    expect(ludbLabels(['I degree AV block.']).has('PROLONGED_PR')).toBe(true);
    expect(ludbLabels(['II degree AV block, Mobitz I.']).has('PROLONGED_PR')).toBe(false);
    expect(ludbLabels(['III degree AV block.']).has('PROLONGED_PR')).toBe(false);
  });

  it('reads rapid atrial fibrillation as AF with a fast rate', () => {
    expect(cinc2021Labels(['Dx: 314208002'])).toEqual(new Set(['IRREGULAR_RHYTHM', 'TACHYCARDIA']));
    expect(cinc2021Unscorable(['Dx: 314208002']).has('TACHYCARDIA')).toBe(false);
  });
});
