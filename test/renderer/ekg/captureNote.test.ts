import { expect, it } from 'vitest';
import { captureNote } from '../../../renderer/ekg/captureNote.ts';

it('tells the gaps of a complete capture; a capture cut short is told by the review panel (captureNote of the view)', () => {
  expect(captureNote({ complete: true, gaps: [{}, {}] })).toBe('2 stretch(es) of missing data are marked in the tracing (never filled in).');
  expect(captureNote({ complete: true, gaps: [] })).toBeNull();
  expect(captureNote({ complete: false, gaps: [{}] })).toBeNull();
});
