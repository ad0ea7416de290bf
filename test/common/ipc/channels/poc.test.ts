import { describe, expect, it } from 'vitest';
import { channels } from '../../../../common/ipc/contract.ts';

const enter = (over: Record<string, unknown>) =>
  channels['poc.result.enter'].request.safeParse({ patientId: 1, confirmBirthDate: '1955-12-31', testId: 'glucose-capillary', value: '45', unit: 'mg/dL', observedAt: '2026-12-01T07:30', lotNumber: 'L1', deviceId: 'DEV1', ...over }).success;

describe('POC IPC contract: dates must exist', () => {
  it('poc.result.enter refuses an observation time or a confirmed date of birth that does not exist', () => {
    expect(enter({})).toBe(true);
    for (const observedAt of ['2026-11-31T07:30', '2026-02-30T08:00', '2026-11-22T24:00', '2026-11-22T08:60', '2026-11-22T08:30+15:00']) expect(enter({ observedAt }), observedAt).toBe(false);
    for (const confirmBirthDate of ['2000-13-45', '1955-02-29', '1955-12-32']) expect(enter({ confirmBirthDate }), confirmBirthDate).toBe(false);
  });

  it('poc.pending.match checks the confirmed date of birth; poc.lot.add the printed expiry', () => {
    const match = (confirmBirthDate: string) => channels['poc.pending.match'].request.safeParse({ pendingId: 1, patientId: 1, confirmBirthDate, lotNumber: 'L1' }).success;
    expect([match('1955-12-31'), match('1955-11-31')]).toEqual([true, false]);
    const lot = (expires: string) => channels['poc.lot.add'].request.safeParse({ testId: 'glucose-capillary', lotNumber: 'L1', expires }).success;
    expect(['2027-01', '2027-02-28', '2028-02-29'].map(lot)).toEqual([true, true, true]);
    expect(['2027-13', '2027-00', '2027-02-29', '2027-04-31'].map(lot)).toEqual([false, false, false, false]);
  });
});
