import { PocService } from '../services/poc/pocService.ts';
import { actingOperator, type DemoGenerator } from './generators.ts';

const MINUTE_MS = 60_000;
const GLUCOSE = 'glucose-capillary';
const LOT = 'SIM-GLU-0001';

/**
 * Point-of-care results for a simulated day: the morning's glucose QC (low and high controls)
 * on a SIMULATED strip lot, then capillary glucose for about a third of the visits, through the
 * same PocService the POC screen uses (QC lockout, flags, criticals and audit included).
 */
export const pocDay: DemoGenerator = {
  name: 'poc',
  runDay(day) {
    const first = day.visits[0];
    if (!first) return;
    const poc = new PocService({ store: day.store, patientById: (id) => day.services.patients.get(id) });
    const actor = actingOperator(day.services.sessions, first.maSessionId).operator;
    if (!poc.lots(GLUCOSE).some((l) => l.lotNumber === LOT)) poc.addLot(GLUCOSE, LOT, '2099-12-31', actor, true);
    const qcAtMs = day.dayStartMs + 7 * 60 * MINUTE_MS + 45 * MINUTE_MS;
    poc.recordQc({ testId: GLUCOSE, lotNumber: LOT, level: 'low', value: String(60 + Math.floor(day.random() * 30)), performedAtMs: qcAtMs, deviceId: 'SIM-METER-1' }, actor, true);
    poc.recordQc({ testId: GLUCOSE, lotNumber: LOT, level: 'high', value: String(280 + Math.floor(day.random() * 60)), performedAtMs: qcAtMs + MINUTE_MS, deviceId: 'SIM-METER-1' }, actor, true);

    const span = Math.max(MINUTE_MS, day.clock.nowMs - qcAtMs - 5 * MINUTE_MS);
    day.visits.forEach((visit, i) => {
      if (day.random() >= 0.35) return;
      const observedMs = qcAtMs + 5 * MINUTE_MS + Math.floor((span * (i + 1)) / (day.visits.length + 1));
      // Mostly fasting/random values in range, a few high ones; criticals stay rare.
      const value = Math.round(70 + day.random() * day.random() * 260);
      poc.enterResult(
        {
          patientId: visit.patient.id,
          confirmBirthDate: visit.patient.birthDate,
          testId: GLUCOSE,
          value: String(value),
          unit: 'mg/dL',
          observedAt: new Date(observedMs).toISOString(),
          lotNumber: LOT,
          deviceId: 'SIM-METER-1',
        },
        actingOperator(day.services.sessions, visit.maSessionId).operator,
      );
    });
  },
};
