import { describe, expect, it } from 'vitest';
import { faultName, StationError } from '../../common/errors.ts';

describe('faultName: an error named for a fault line, never by its message', () => {
  it('gives the code of a StationError or a Node error, else the class, else the type', () => {
    expect(faultName(new StationError('session-locked', 'Ann Example is locked'))).toBe('session-locked');
    expect(faultName(Object.assign(new Error('open /dev/ttyUSB0 for Ann'), { code: 'EACCES' }))).toBe('EACCES');
    expect(faultName(Object.assign(new Error('x'), { code: 5 }))).toBe('5');
    expect(faultName(new TypeError('patient Ann Example'))).toBe('TypeError');
    expect(faultName(Object.assign(new Error('x'), { code: { patient: 'Ann' } }))).toBe('Error');
    expect(faultName('Ann Example')).toBe('string');
    expect(faultName(undefined)).toBe('undefined');
  });
});
