import { describe, expect, it } from 'vitest';
import { formatBirthDateTyping } from '../../../renderer/patients/BirthDateInput.tsx';

describe('formatBirthDateTyping (the date of birth as typed, YYYY-MM-DD)', () => {
  it('puts the dashes in as the month and the day begin, and keeps a whole date as it is', () => {
    expect(['1', '1990', '19900', '199002', '1990020', '19900203'].map(formatBirthDateTyping)).toEqual(['1', '1990', '1990-0', '1990-02', '1990-02-0', '1990-02-03']);
    expect(formatBirthDateTyping('1990-02-03')).toBe('1990-02-03');
  });

  it('never puts back a dash just erased, and takes no more than a date', () => {
    expect(formatBirthDateTyping('1990-')).toBe('1990');
    expect(formatBirthDateTyping('1990-02-')).toBe('1990-02');
    expect(formatBirthDateTyping('1990-02-031')).toBe('1990-02-03');
    expect(formatBirthDateTyping('ab/c')).toBe('');
  });
});
