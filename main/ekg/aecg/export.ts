import type { AecgDocument, AecgLead, AecgMeasurement, AecgSubject } from './aecg.ts';
import { exactDigits } from './digits.ts';
import type { AecgFlag, AecgReview } from './interpretation.ts';
import type { AecgDevice, AecgOperator } from './provenance.ts';
import { AecgFormatError } from './xml.ts';

/**
 * A capture's leads cannot be written as aECG digits without changing a sample: `missingSamples`
 * of `lead` never arrived (aECG digits have no mark for a gap), or, when null, no digit scale
 * carries the lead's samples exactly.
 */
export class AecgPrecisionError extends AecgFormatError {
  constructor(
    message: string,
    readonly lead: string,
    readonly missingSamples: number | null,
  ) {
    super(message);
    this.name = 'AecgPrecisionError';
  }
}

/** The stored measurements the export carries (EkgInterpretation's `measurements` and `qtc`). */
export interface AecgMeasurementSource {
  measurements: {
    heartRateBpm: number | null;
    prMs: number | null;
    qrsMs: number | null;
    qtMs: number | null;
    qtcMs: number | null;
    qtcFormula: 'bazett' | 'fridericia';
    axisDeg: { p: number | null; qrs: number | null; t: number | null };
  };
  qtc: { bazettMs: number | null; fridericiaMs: number | null };
}

// IEEE 11073-10102 pre-coordinated QTc terms (DICOM CID 3227: 2:15880 Bazett, 2:15892 Fridericia).
const QTC_CODE = { bazett: 'MDC_ECG_TIME_PD_QTcB', fridericia: 'MDC_ECG_TIME_PD_QTcF' } as const;

/**
 * Our measurements -> MDC-coded aECG annotations, every field written (null = nullFlavor NI). The
 * QTc the station shows goes out as MDC_ECG_TIME_PD_QTc (what most readers look for) with its
 * formula's code as methodCode; both formulas also go out under their own codes.
 */
export function aecgMeasurements(s: AecgMeasurementSource): AecgMeasurement[] {
  const m = s.measurements;
  const all: [string, number | null, AecgMeasurement['unit'], string | null][] = [
    ['MDC_ECG_HEART_RATE', m.heartRateBpm, 'bpm', null],
    ['MDC_ECG_TIME_PD_PR', m.prMs, 'ms', null],
    ['MDC_ECG_TIME_PD_QRS', m.qrsMs, 'ms', null],
    ['MDC_ECG_TIME_PD_QT', m.qtMs, 'ms', null],
    ['MDC_ECG_TIME_PD_QTc', m.qtcMs, 'ms', QTC_CODE[m.qtcFormula]],
    [QTC_CODE.bazett, s.qtc.bazettMs, 'ms', null],
    [QTC_CODE.fridericia, s.qtc.fridericiaMs, 'ms', null],
    ['MDC_ECG_ANGLE_P_FRONT', m.axisDeg.p, 'deg', null],
    ['MDC_ECG_ANGLE_QRS_FRONT', m.axisDeg.qrs, 'deg', null],
    ['MDC_ECG_ANGLE_T_FRONT', m.axisDeg.t, 'deg', null],
  ];
  return all.map(([code, value, unit, methodCode]) => ({ code, value, unit, methodCode }));
}

/** The station's measurements back from an aECG's annotations (ours; a missing one reads as null). */
export function measurementsFromAecg(annotations: readonly AecgMeasurement[]): AecgMeasurementSource {
  const byCode = new Map(annotations.map((a) => [a.code, a]));
  const value = (code: string) => byCode.get(code)?.value ?? null;
  const shownMethod = byCode.get('MDC_ECG_TIME_PD_QTc')?.methodCode;
  return {
    measurements: {
      heartRateBpm: value('MDC_ECG_HEART_RATE'),
      prMs: value('MDC_ECG_TIME_PD_PR'),
      qrsMs: value('MDC_ECG_TIME_PD_QRS'),
      qtMs: value('MDC_ECG_TIME_PD_QT'),
      qtcMs: value('MDC_ECG_TIME_PD_QTc'),
      // Fridericia is what the analysis shows (EkgMeasurements.qtcMs) when a file does not say.
      qtcFormula: shownMethod === QTC_CODE.bazett ? 'bazett' : 'fridericia',
      axisDeg: { p: value('MDC_ECG_ANGLE_P_FRONT'), qrs: value('MDC_ECG_ANGLE_QRS_FRONT'), t: value('MDC_ECG_ANGLE_T_FRONT') },
    },
    qtc: { bazettMs: value(QTC_CODE.bazett), fridericiaMs: value(QTC_CODE.fridericia) },
  };
}

/** The review of a stored EKG as the station holds it (ReviewState: its status and event trail). */
export interface AecgReviewSource {
  status: 'unconfirmed' | 'confirmed' | 'over-read';
  events: readonly { kind: string; atUtc: string; actorName: string; actorRole: string; comment: string | null }[];
}

/** HL7 TS (`YYYYMMDDHHMMSS.sss`) of an ISO-8601 UTC time as the station stores them (`...Z`). */
const hl7Time = (isoUtc: string) => isoUtc.replace(/[-:TZ]/g, '').slice(0, 18);

/** The review a document states: by whom (name, role), when and with what comment the final review was made. */
function aecgReview(r: AecgReviewSource): AecgReview {
  if (r.status === 'unconfirmed') return { status: 'unconfirmed' };
  const final = [...r.events].reverse().find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
  if (final?.kind !== r.status) throw new AecgFormatError(`the review says ${r.status} but its trail has no such final event`);
  return { status: r.status, reviewerName: final.actorName, reviewerRole: final.actorRole, time: hl7Time(final.atUtc), comment: final.comment };
}

/**
 * The device of a stored capture's device id: a cart's JSON (main/devices/cart/storeCapture.ts:
 * model and serial), else the plain name a demo or file capture stores, as the model.
 */
export function aecgDevice(deviceId: string): AecgDevice {
  let parsed: unknown;
  try {
    parsed = JSON.parse(deviceId);
  } catch {
    // A plain device name (demo, file import).
    return { model: deviceId, serial: null };
  }
  const d = typeof parsed === 'object' && parsed !== null ? (parsed as { model?: unknown; serial?: unknown }) : {};
  return { model: typeof d.model === 'string' ? d.model : deviceId, serial: typeof d.serial === 'string' ? d.serial : null };
}

/**
 * Builds the aECG document of a stored capture. Each lead is written at a scale (mV per digit)
 * at which every stored Float32 sample is an exact integer multiple, so `leadMv` of the read-back
 * lead gives back the stored samples bit for bit; `acquisitionStepMv` is the source's step when
 * it was recorded (a cart's resolution), else each lead's step is inferred from its samples.
 * Refuses (AecgPrecisionError) a lead with gaps or one no step represents exactly. The review
 * (unconfirmed when not given), the flags (their stored words), the device and the operator go with
 * it; the review service passes them all, so a receiving system can tell an unconfirmed EKG from a
 * reviewed one.
 */
export function aecgFromCapture(c: {
  id: string;
  capturedAtUtc: string;
  subject: AecgSubject | null;
  simulated: boolean;
  fsHz: number;
  leads: readonly { name: string; mv: Float32Array }[];
  acquisitionStepMv: number | null;
  measurements: AecgMeasurementSource;
  review?: AecgReviewSource;
  flags?: readonly AecgFlag[];
  device?: AecgDevice | null;
  operator?: AecgOperator | null;
}): AecgDocument {
  const leads = c.leads.map((l): AecgLead => {
    const missing = l.mv.reduce((n, x) => (x !== x ? n + 1 : n), 0);
    if (missing > 0) throw new AecgPrecisionError(`lead ${l.name} has ${missing} missing samples; aECG digits cannot encode gaps`, l.name, missing);
    const exact = exactDigits(l.mv, c.acquisitionStepMv);
    if (exact === null) throw new AecgPrecisionError(`lead ${l.name}: no digit scale represents every stored sample exactly`, l.name, null);
    return { name: l.name, unit: 'mV', origin: 0, scale: exact.scaleMv, digits: exact.digits };
  });
  return {
    id: c.id,
    effectiveTime: hl7Time(c.capturedAtUtc),
    subject: c.subject,
    simulated: c.simulated,
    fsHz: c.fsHz,
    leads,
    measurements: aecgMeasurements(c.measurements),
    review: c.review === undefined ? { status: 'unconfirmed' } : aecgReview(c.review),
    // Each flag's four fields only, as stored: never reworded.
    flags: (c.flags ?? []).map((f) => ({ code: f.code, text: f.text, urgency: f.urgency, value: f.value })),
    device: c.device ?? null,
    operator: c.operator ?? null,
  };
}
