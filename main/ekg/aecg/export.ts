import type { AecgDocument, AecgMeasurement } from './aecg.ts';
import { digitize } from './aecg.ts';

/** Our measurements -> MDC-coded aECG annotations (nulls are left out). */
export function aecgMeasurements(m: {
  heartRateBpm: number | null;
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  qtcMs: number | null;
  axisDeg: { p: number | null; qrs: number | null; t: number | null };
}): AecgMeasurement[] {
  const all: [string, number | null, AecgMeasurement['unit']][] = [
    ['MDC_ECG_HEART_RATE', m.heartRateBpm, 'bpm'],
    ['MDC_ECG_TIME_PD_PR', m.prMs, 'ms'],
    ['MDC_ECG_TIME_PD_QRS', m.qrsMs, 'ms'],
    ['MDC_ECG_TIME_PD_QT', m.qtMs, 'ms'],
    ['MDC_ECG_TIME_PD_QTc', m.qtcMs, 'ms'],
    ['MDC_ECG_ANGLE_P_FRONT', m.axisDeg.p, 'deg'],
    ['MDC_ECG_ANGLE_QRS_FRONT', m.axisDeg.qrs, 'deg'],
    ['MDC_ECG_ANGLE_T_FRONT', m.axisDeg.t, 'deg'],
  ];
  return all.filter((x): x is [string, number, AecgMeasurement['unit']] => x[1] !== null).map(([code, value, unit]) => ({ code, value, unit }));
}

/** Builds the aECG document of a capture: leads in mV digitised at 1 uV per digit. */
export function aecgFromCapture(c: {
  id: string;
  capturedAtUtc: string;
  patientId: string;
  simulated: boolean;
  fsHz: number;
  leads: readonly { name: string; mv: Float32Array }[];
  measurements: Parameters<typeof aecgMeasurements>[0];
}): AecgDocument {
  // HL7 TS: YYYYMMDDHHMMSS.sss from the ISO UTC time.
  const ts = c.capturedAtUtc.replace(/[-:TZ]/g, '').slice(0, 18);
  return {
    id: c.id,
    effectiveTime: ts,
    patientId: c.patientId,
    simulated: c.simulated,
    fsHz: c.fsHz,
    leads: c.leads.map((l) => ({ name: l.name, originUv: 0, scaleUv: 1, digits: digitize(l.mv, 1) })),
    measurements: aecgMeasurements(c.measurements),
  };
}
