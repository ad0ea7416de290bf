import { expect, it } from 'vitest';
import { recordedSecondsText, secondsText } from '../../../common/format/seconds.ts';

it('shows whole seconds as they are and others to one decimal, rounded first', () => {
  expect(secondsText(10)).toBe('10 s');
  expect(secondsText(5000 / 500)).toBe('10 s');
  expect(secondsText(3100 / 500)).toBe('6.2 s');
  expect(secondsText(3126 / 500)).toBe('6.3 s');
  expect(secondsText(4999 / 500)).toBe('10 s'); // 9.998 s: not "10.0 s"
});

it('states a recorded length rounded down to 0.1 s, so a recording short of a limit never reads as reaching it', () => {
  // The UI tester's capture: 6.96 s read "7.0 s" in the note and "7 s" in the caption beside "6.9 s" in the flag.
  expect(recordedSecondsText(3480 / 500)).toBe('6.9 s');
  expect(recordedSecondsText(6.999)).toBe('6.9 s');
  expect(recordedSecondsText(4999 / 500)).toBe('9.9 s');
  // Whole seconds as they are, and lengths that are exactly a tenth keep it despite floating point.
  expect(recordedSecondsText(5000 / 500)).toBe('10 s');
  expect(recordedSecondsText(3500 / 500)).toBe('7 s');
  expect(recordedSecondsText(3450 / 500)).toBe('6.9 s');
  expect(recordedSecondsText(0.3)).toBe('0.3 s');
  expect(recordedSecondsText(2.3)).toBe('2.3 s');
  expect(recordedSecondsText(4.236)).toBe('4.2 s');
  expect(recordedSecondsText(0)).toBe('0 s');
  // Every sample count at 250, 360, 500 and 1000 Hz up to 10 s: never more than recorded, never a tenth short.
  for (const fsHz of [250, 360, 500, 1000]) {
    for (let n = 0; n <= 10 * fsHz; n++) {
      const shown = Number(recordedSecondsText(n / fsHz).slice(0, -2));
      expect(shown).toBeLessThanOrEqual(n / fsHz + 1e-9);
      expect(n / fsHz - shown).toBeLessThan(0.1);
    }
  }
});
