import { expect, it } from 'vitest';
import { incompleteCaptureNote, STOPPED_BY_OPERATOR } from '../../../common/ekg/captureCompleteness.ts';

it('says how much an incomplete capture recorded and why it stopped, in plain words; nothing for a complete one', () => {
  expect(incompleteCaptureNote({ complete: true }, 10)).toBeNull();
  expect(incompleteCaptureNote({ complete: false, incompleteReason: 'cart stream: tcp:127.0.0.1:40929: peer closed the connection' }, 4.236)).toBe(
    'Incomplete capture: only 4.2 s recorded (the cart disconnected during the capture). Measurements and flags are from that part only: capture again for a full tracing.',
  );
  // The driver's reason never reaches the screen; a missing reason reads as the cart's link.
  expect(incompleteCaptureNote({ complete: false }, 0.5)).toMatch(/^Incomplete capture: only 0\.5 s recorded \(the cart disconnected during the capture\)/);
  expect(incompleteCaptureNote({ complete: false, incompleteReason: STOPPED_BY_OPERATOR }, 6)).toMatch(/^Incomplete capture: only 6\.0 s recorded \(the capture was stopped before it had finished\)\./);
});
