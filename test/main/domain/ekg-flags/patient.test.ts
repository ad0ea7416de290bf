import { describe, expect, it } from 'vitest';
import { patientFromComments } from '../../../../main/domain/ekg-flags/patient.ts';

describe('patientFromComments', () => {
  it('reads LUDB and CinC comments', () => {
    expect(patientFromComments(['<age>: 51', '<sex>: F'])).toEqual({ sex: 'F', ageYears: 51 });
    expect(patientFromComments(['Age: 78', 'Sex: Male', 'Dx: 426783006'])).toEqual({ sex: 'M', ageYears: 78 });
    expect(patientFromComments(['Sex: female', ' age: 9'])).toEqual({ sex: 'F', ageYears: 9 });
  });

  it('takes only M/Male/F/Female as a sex, and a whole number of years as an age', () => {
    // 'Missing' was read as male by its first letter (QTc limit 450 ms instead of 460).
    for (const word of ['Missing', 'Unknown', 'NaN', 'mf', 'Femaleish', '', 'constructor', '__proto__', 'toString']) expect(patientFromComments([`Sex: ${word}`]).sex, word).toBeNull();
    for (const word of ['NaN', '51.5', '-3', '999', '']) expect(patientFromComments([`Age: ${word}`]).ageYears, word).toBeNull();
  });

  it('leaves a value unknown when two comments disagree, and keeps it when they repeat it', () => {
    expect(patientFromComments(['Sex: Male', 'Sex: Female'])).toEqual({ sex: null, ageYears: null });
    expect(patientFromComments(['Age: 40', 'Age: 41', 'Sex: F', '<sex>: F'])).toEqual({ sex: 'F', ageYears: null });
    expect(patientFromComments([])).toEqual({ sex: null, ageYears: null });
  });
});
