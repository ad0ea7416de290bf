import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';

export type PocTest = ResponseOf<'poc.catalogue'>['tests'][number];
export type PocResult = ResponseOf<'poc.result.list'>['results'][number];
export type PocLot = ResponseOf<'poc.lot.list'>['lots'][number];

/** Catalogue, lots and the current patient's results, refreshed after every change. */
export function usePocData(patientId: number) {
  const client = useClient();
  const [tests, setTests] = useState<PocTest[]>([]);
  const [lots, setLots] = useState<PocLot[]>([]);
  const [results, setResults] = useState<PocResult[]>([]);
  const reload = useCallback(async () => {
    const [c, l, r] = await Promise.all([
      client.call('poc.catalogue', {}),
      client.call('poc.lot.list', {}),
      client.call('poc.result.list', { patientId }),
    ]);
    setTests(c.tests);
    setLots(l.lots);
    setResults(r.results);
  }, [client, patientId]);
  useEffect(() => {
    void reload().catch(() => undefined);
  }, [reload]);
  return { tests, lots, results, reload };
}

/**
 * A test as the assistant reads it: its catalogue name ("Glucose, capillary (meter)"), never its
 * internal id; the id only while the catalogue is not loaded yet.
 */
export function testNameOf(tests: readonly PocTest[], testId: string): string {
  return tests.find((t) => t.id === testId)?.name ?? testId;
}

export const flagText: Record<string, string> = {
  L: 'Low',
  H: 'High',
  LL: 'CRITICAL LOW',
  HH: 'CRITICAL HIGH',
  A: 'Abnormal',
};

/**
 * A lot as the lot choices read it: number, printed expiry (left out where a narrow table has no
 * room for it) and, when main says it is past that expiry today, EXPIRED: it is refused for any
 * test run after its expiry day.
 */
export function lotChoiceText(l: PocLot, withExpiry: boolean): string {
  return `${l.lotNumber}${withExpiry ? ` (expires ${l.expires})` : ''}${l.expired ? ' EXPIRED' : ''}`;
}
