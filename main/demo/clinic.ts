import type { Patient, Sex } from '../services/patients.ts';
import { SIMULATED_MRN_PREFIX } from '../services/patients.ts';
import { actingOperator, type DemoDay, type DemoGenerator } from './generators.ts';

// Deliberately artificial names, so nobody mistakes a demo patient for a real one.
const FAMILY = ['Testperson', 'Demoson', 'Sampleton', 'Mockley', 'Trialman', 'Placeholder', 'Exampleton', 'Dummyfield'];
const GIVEN = ['Alex', 'Sam', 'Jordan', 'Casey', 'Robin', 'Morgan', 'Taylor', 'Jamie', 'Quinn', 'Riley'];
const SEXES: readonly Sex[] = ['female', 'male', 'female', 'male', 'other', 'unknown'];
const MINUTE_MS = 60_000;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function newPatientInput(day: DemoDay, seq: number): { mrn: string; familyName: string; givenName: string; birthDate: string; sex: Sex } {
  const ageYears = 1 + Math.floor(day.random() * 90);
  const birthMs = day.dayStartMs - ageYears * 365.25 * 24 * 60 * MINUTE_MS - Math.floor(day.random() * 360) * 24 * 60 * MINUTE_MS;
  return {
    mrn: `${SIMULATED_MRN_PREFIX}${String(seq).padStart(6, '0')}`,
    familyName: pick(day.random, FAMILY),
    givenName: pick(day.random, GIVEN),
    birthDate: new Date(birthMs).toISOString().slice(0, 10),
    sex: pick(day.random, SEXES),
  };
}

/**
 * A clinic day: an MA and a provider sign in at 08:00 UTC, 6-14 visits (new or returning
 * patients, selected by wristband scan or search), an occasional mistyped PIN, idle gaps that
 * trigger auto-lock and PIN unlocks, and everyone signs out at the end (in runDemo).
 */
export const clinicDay: DemoGenerator = {
  name: 'clinic',
  async runDay(day) {
    const { services, clock, random } = day;
    const ma = pick(random, day.operators.filter((o) => o.role === 'ma'));
    const provider = pick(random, day.operators.filter((o) => o.role === 'provider'));
    const maSession = `demo-ma-${day.dayIndex}`;
    const providerSession = `demo-provider-${day.dayIndex}`;
    clock.nowMs = day.dayStartMs + 8 * 60 * MINUTE_MS;
    if (random() < 0.1) {
      await services.sessions.signIn(maSession, ma.badgeId, '9999').catch(() => undefined); // a mistyped PIN, audited as a failure
    }
    await services.sessions.signIn(maSession, ma.badgeId, ma.pin);
    await services.sessions.signIn(providerSession, provider.badgeId, provider.pin);
    const visits = 6 + Math.floor(random() * 9);
    const known = day.patients;
    for (let i = 0; i < visits; i++) {
      clock.nowMs += (10 + Math.floor(random() * 30)) * MINUTE_MS;
      if (i === Math.floor(visits / 2)) clock.nowMs += 60 * MINUTE_MS; // lunch
      // Gaps longer than the auto-lock delay lock the sessions (audited); the operators come back with their PIN.
      for (const [sessionId, op] of [[maSession, ma], [providerSession, provider]] as const) {
        if (services.sessions.snapshot(sessionId).locked) await services.sessions.unlock(sessionId, op.pin);
      }
      const maActor = actingOperator(services.sessions, maSession).operator;
      let patient: Patient;
      if (known.length === 0 || random() < 0.35) {
        patient = services.patients.create(newPatientInput(day, known.length + 1), maActor, { simulated: true });
        known.push(patient);
      } else {
        patient = pick(random, known);
        if (random() < 0.3) services.patients.search(patient.familyName, 10, maActor);
      }
      services.patients.view({ mrn: patient.mrn }, maActor);
      services.sessions.setPatient(maSession, patient.id);
      services.patients.view({ id: patient.id }, actingOperator(services.sessions, providerSession).operator);
      services.sessions.setPatient(providerSession, patient.id);
      day.visits.push({ patient, maSessionId: maSession, providerSessionId: providerSession });
    }
  },
};
