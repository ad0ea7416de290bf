import { describe, expect, it } from 'vitest';
import { channels } from '../../../../common/ipc/contract.ts';

describe('records IPC contract: dates must exist', () => {
  it('records.patients.create refuses a birth date that does not exist', () => {
    const create = (birthDate: string) => channels['records.patients.create'].request.safeParse({ mrn: 'M1', familyName: 'Doe', givenName: 'Jane', birthDate, sex: 'female' }).success;
    expect([create('1970-05-01'), create('1970-02-30'), create('1970-13-01')]).toEqual([true, false, false]);
  });
});
