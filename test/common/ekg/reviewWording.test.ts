import { describe, expect, it } from 'vitest';
import {
  commentLimitProblem,
  flagFindingText,
  flagTextFor,
  NOTIFIED_WHOM_MAX_CHARS,
  notifiedWhomProblem,
  OVER_READ_COMMENT_MAX_CHARS,
  OVER_READ_COMMENT_MAX_LINE_BREAKS,
  type FlagReviewState,
} from '../../../common/ekg/reviewWording.ts';

const ST = 'ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm): notify the provider now.';
const SEEN = 'ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm).';
const ROUTINE = 'Fast heart rate (109 per minute): for provider review.';
const WAITING: FlagReviewState = { status: 'unconfirmed', providerNotified: false, immediateAcknowledged: false };

describe('flag wording, one rule for the screen and the report', () => {
  it('the assistant (and the paper) is told to notify the provider; a provider that it is flagged for their review now', () => {
    expect(flagTextFor(ST, 'ma', WAITING)).toBe(ST);
    expect(flagTextFor(ST, 'report', WAITING)).toBe(ST);
    expect(flagTextFor(ST, 'provider', WAITING)).toBe('ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm): flagged for your review now.');
  });

  it('once a provider is notified or the finding acknowledged, the assistant and the paper are not sent for a provider again', () => {
    for (const review of [{ ...WAITING, providerNotified: true }, { ...WAITING, providerNotified: true, immediateAcknowledged: true }, { ...WAITING, immediateAcknowledged: true }]) {
      for (const reader of ['ma', 'admin', 'report'] as const) expect(flagTextFor(ST, reader, review)).toBe(SEEN);
      // The provider still has to review it: told so until they confirm or over-read.
      expect(flagTextFor(ST, 'provider', review)).toMatch(/flagged for your review now\.$/);
    }
  });

  it('once a provider has confirmed or over-read it, nobody is asked to act on it, on screen or on paper', () => {
    for (const reader of ['ma', 'provider', 'admin', 'report'] as const) {
      for (const status of ['confirmed', 'over-read'] as const) {
        const text = flagTextFor(ST, reader, { ...WAITING, status });
        expect(text).toBe(SEEN);
        expect(text).not.toMatch(/now|your review/);
      }
    }
  });

  it('other flags read as written', () => {
    expect(flagTextFor(ROUTINE, 'provider', WAITING)).toBe(ROUTINE);
    expect(flagTextFor(ROUTINE, 'ma', { ...WAITING, status: 'confirmed' })).toBe(ROUTINE);
  });

  it('a list names what a flag found in its own words, with its value and without the call to act', () => {
    expect(flagFindingText(ST)).toBe('ST segment raised in neighbouring leads (V4/V5; up to 2.7 mm)');
    expect(flagFindingText(ROUTINE)).toBe('Fast heart rate (109 per minute)');
    // A colon inside brackets is part of the finding.
    expect(flagFindingText('ST segment lowered (V1/V2; down to -3 mm) (lead calibration inconsistent: check the ST levels): needs provider review promptly.')).toBe(
      'ST segment lowered (V1/V2; down to -3 mm) (lead calibration inconsistent: check the ST levels)',
    );
    expect(flagFindingText('12 early wide beat(s) seen: for provider review.')).toBe('12 early wide beat(s) seen');
    expect(flagFindingText('No colon here.')).toBe('No colon here');
  });
});

describe('what the review keeps: the notified name and the comment', () => {
  it('a notified name is printable text of a sensible length, refused in plain words otherwise', () => {
    expect(notifiedWhomProblem('Dr Paula Okafor, cardiology on call')).toBeNull();
    expect(notifiedWhomProblem('Dr Łukasz Nguyễn')).toBeNull();
    expect(notifiedWhomProblem('   ')).toBe('Say whom you notified.');
    for (const hidden of ['Dr \u202EEVIL', 'Dr\u0000Lee', 'Dr\u2066Lee\u2069', 'Dr\u200BLee', 'Dr\tLee', 'Dr\nLee']) {
      expect(notifiedWhomProblem(hidden)).toMatch(/hidden control or text-direction character/);
    }
    expect(notifiedWhomProblem('D'.repeat(NOTIFIED_WHOM_MAX_CHARS))).toBeNull();
    expect(notifiedWhomProblem('D'.repeat(600))).toBe(`The name is 600 characters; at most ${NOTIFIED_WHOM_MAX_CHARS} are kept: shorten it (a name and role are enough).`);
  });

  it('a comment over its limits is refused, saying by how much; characters are counted as people count them', () => {
    expect(commentLimitProblem('Repeat the EKG after re-placing V1-V3.')).toBeNull();
    expect(commentLimitProblem('é'.repeat(OVER_READ_COMMENT_MAX_CHARS))).toBeNull();
    expect(commentLimitProblem('x'.repeat(2800))).toBe(`The comment is 2800 characters; the report prints at most ${OVER_READ_COMMENT_MAX_CHARS}: shorten it by 2200.`);
    const breaks = Array.from({ length: OVER_READ_COMMENT_MAX_LINE_BREAKS + 2 }, (_, k) => `line ${k}`).join('\r\n');
    expect(commentLimitProblem(breaks)).toBe(`The comment has ${OVER_READ_COMMENT_MAX_LINE_BREAKS + 1} line breaks; the report prints at most ${OVER_READ_COMMENT_MAX_LINE_BREAKS}: join some lines.`);
  });
});
