import { expect, it } from 'vitest';
import { secondsText } from '../../../common/format/seconds.ts';

it('shows whole seconds as they are and others to one decimal, rounded first', () => {
  expect(secondsText(10)).toBe('10 s');
  expect(secondsText(5000 / 500)).toBe('10 s');
  expect(secondsText(3100 / 500)).toBe('6.2 s');
  expect(secondsText(3126 / 500)).toBe('6.3 s');
  expect(secondsText(4999 / 500)).toBe('10 s'); // 9.998 s: not "10.0 s"
});
