import { expect, it } from 'vitest';
import { incompleteCaptureNote, STOPPED_BY_OPERATOR } from '../../../common/ekg/captureCompleteness.ts';
import { layoutTracing } from '../../../common/ekg/tracingLayout.ts';
import { recordedSecondsText } from '../../../common/format/seconds.ts';

it('says how much an incomplete capture recorded and why it stopped, in plain words; nothing for a complete one', () => {
  expect(incompleteCaptureNote({ complete: true }, 10)).toBeNull();
  expect(incompleteCaptureNote({ complete: false, incompleteReason: 'cart stream: tcp:127.0.0.1:40929: peer closed the connection' }, 4.236)).toBe(
    'Incomplete capture: only 4.2 s recorded (the cart disconnected during the capture). Measurements and flags are from that part only: capture again for a full tracing.',
  );
  // The driver's reason never reaches the screen; a missing reason reads as the cart's link.
  expect(incompleteCaptureNote({ complete: false }, 0.5)).toMatch(/^Incomplete capture: only 0\.5 s recorded \(the cart disconnected during the capture\)/);
  expect(incompleteCaptureNote({ complete: false, incompleteReason: STOPPED_BY_OPERATOR }, 6)).toMatch(/^Incomplete capture: only 6 s recorded \(the capture was stopped before it had finished\)\./);
});

it('states the length as every other place does, rounded down: 6.96 s is "6.9 s", never "7.0 s"', () => {
  // A UI tester: "Incomplete capture: only 7.0 s recorded" beside the flag's "6.9 s recorded, at least 7 s needed".
  const seconds = 3480 / 500;
  expect(incompleteCaptureNote({ complete: false }, seconds)).toMatch(/^Incomplete capture: only 6\.9 s recorded \(/);
  expect(incompleteCaptureNote({ complete: false }, seconds)).toContain(`only ${recordedSecondsText(seconds)} recorded`);
  // The tracing's rhythm-strip label (screen and PDF) says the same length.
  const ii = new Float32Array(3480);
  expect(layoutTracing(new Map([['II', ii]]), 500, 0, 0).flatMap((p) => (p.kind === 'label' ? [p.text] : [])).at(-1)).toBe('II (rhythm, 6.9 s)');
});
