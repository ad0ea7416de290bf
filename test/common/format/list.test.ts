import { expect, it } from 'vitest';
import { listText } from '../../../common/format/list.ts';

it('lists items as a sentence does', () => {
  expect(listText([])).toBe('');
  expect(listText(['low'])).toBe('low');
  expect(listText(['low', 'high'])).toBe('low and high');
  expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
});
