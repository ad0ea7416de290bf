import { describe, expect, it } from 'vitest';
import { channels } from '../../../../common/ipc/contract.ts';

describe('records IPC contract: dates must exist', () => {
  it('records.patients.create refuses a birth date that does not exist', () => {
    const create = (birthDate: string) => channels['records.patients.create'].request.safeParse({ mrn: 'M1', familyName: 'Doe', givenName: 'Jane', birthDate, sex: 'female' }).success;
    expect([create('1970-05-01'), create('1970-02-30'), create('1970-13-01')]).toEqual([true, false, false]);
  });
});

describe('records IPC contract: audit search filters', () => {
  it('refuses an empty or control-character filter, which the audited search could not record', () => {
    const query = (filter: Record<string, string>) => channels['records.audit.query'].request.safeParse(filter).success;
    expect([query({}), query({ patientId: '12' }), query({ operatorId: 'mia' }), query({ verb: 'view' }), query({ operatorId: 'ana ñ' })]).toEqual([true, true, true, true, true]);
    for (const key of ['patientId', 'operatorId', 'verb']) {
      expect([query({ [key]: '' }), query({ [key]: 'a\u0000b' }), query({ [key]: 'a\nb' }), query({ [key]: '\ud800' })], key).toEqual([false, false, false, false]);
    }
    expect([query({ verb: 'v'.repeat(48) }), query({ verb: 'v'.repeat(49) })]).toEqual([true, false]);
  });
});
