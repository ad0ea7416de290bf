import { expect, it } from 'vitest';
import { captureNote } from '../../../renderer/ekg/captureNote.ts';

it('says in plain words that the cart disconnected, never the driver message', () => {
  const note = captureNote({ complete: false, incompleteReason: 'cart stream: tcp:127.0.0.1:40929: peer closed the connection', gaps: [] });
  expect(note).toBe('The cart disconnected during the capture; nothing was analysed as a full tracing. Check the cable and capture again.');
  expect(captureNote({ complete: false, incompleteReason: 'cart stream: no valid frames for 1000 ms', gaps: [] })).toBe(note);
  expect(captureNote({ complete: false, gaps: [] })).toBe(note);
  expect(captureNote({ complete: false, incompleteReason: 'acquisition stopped', gaps: [] })).toMatch(/^The capture was stopped before it had finished/);
  expect(captureNote({ complete: true, gaps: [{}, {}] })).toBe('2 stretch(es) of missing data are marked in the tracing (never filled in).');
  expect(captureNote({ complete: true, gaps: [] })).toBeNull();
});
