import { parseStoredSettings } from '../devices/cart/storedSettings.ts';
import { layoutReport, type ReportLayout } from '../domain/ekg-report/layout.ts';
import { renderReportPdf, reportTextWidthEm } from './ekgReport.ts';
import type { EkgReviewService, StoredEkg } from './ekgReview.ts';
import type { Patient, Patients } from './patients.ts';
// The report writes a moment as the screens do ("2026-11-24 14:02:05 EST"): a tester found "Nov 24,
// 2026, 12:19 AM EST" on paper beside "2026-11-24 00:19:03 EST" on screen.
import { localTime } from '../../common/format/time.ts';

/** Cart captures store device identity and settings as JSON (main/devices/cart/storeCapture.ts, storedSettings.ts): print them for people. */
function deviceText(deviceId: string): string {
  try {
    const d = JSON.parse(deviceId) as { model?: string; serial?: string; firmware?: string };
    return [d.model, d.serial, d.firmware && `fw ${d.firmware}`].filter(Boolean).join(' ') || deviceId;
  } catch {
    return deviceId;
  }
}

/** The capture's filter, gaps and completeness for the report's filter line; a line of text (files, demo) as it is. */
export function filterText(settings: string): string {
  const s = parseStoredSettings(settings);
  if (s === null) return settings;
  const f = s.display;
  const band = f === null ? 'filter not recorded' : `${f.highPassHz ?? '?'}-${f.lowPassHz ?? '?'} Hz`;
  const notch = f === null ? '' : f.mainsHz ? `, ${f.mainsHz} Hz notch` : ', no mains notch';
  // The station's mains frequency not set, the analysis notched the hum it found: the measurements
  // printed beside this line were made through that notch (services/ekgAnalysis.ts).
  const heard = s.analysis?.mainsNotchHeard === true && s.analysis.mainsNotchHz !== null ? `; measured through a ${s.analysis.mainsNotchHz} Hz notch (mains hum in the recording)` : '';
  const gaps = s.capture.gaps === null ? ', gaps not recorded' : s.capture.gaps.length ? `, ${s.capture.gaps.length} gap(s) not filled` : '';
  const incomplete = s.capture.complete ? '' : ', INCOMPLETE capture';
  return `${band}${notch}${gaps}${incomplete}${heard}`;
}

/**
 * The page of a stored EKG: its raw leads, the analysis stored with it, the patient's two
 * identifiers and the review state as `ekg` holds it (confirmed / over-read / unconfirmed, by the
 * reviewer's name; `capturerName`: the capturer's). Throws ReportTooLongError when it cannot all fit: the review's trial layout
 * (EkgReviewService.review) and the PDF below use this one function.
 */
export function ekgReportLayout(ekg: StoredEkg, leads: readonly { name: string; mv: Float32Array }[], patient: Patient | undefined, capturerName: string): ReportLayout {
  const final = [...ekg.review.events].reverse().find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
  return layoutReport(
    {
      patient: patient
        ? { name: `${patient.familyName.toUpperCase()}, ${patient.givenName}`, mrn: patient.mrn, birthDate: patient.birthDate, sex: patient.sex }
        : { name: 'NO PATIENT SELECTED', mrn: '--', birthDate: '--', sex: '--' },
      capturedAt: localTime(ekg.capturedAtUtc),
      operator: capturerName,
      device: deviceText(ekg.deviceId),
      filterSettings: filterText(ekg.filterSettings),
      fsHz: ekg.fsHz,
      leads,
      measurements: ekg.interpretation.measurements,
      qtcFridericiaMs: ekg.interpretation.qtc.fridericiaMs,
      qtcBazettMs: ekg.interpretation.qtc.bazettMs,
      flags: ekg.interpretation.flags,
      notes: ekg.interpretation.notes ?? [],
      review: {
        status: ekg.review.status,
        by: final?.actorName ?? null,
        at: final ? localTime(final.atUtc) : null,
        comment: final?.comment ?? null,
        providerNotified: ekg.review.providerNotified,
        immediateAcknowledged: ekg.review.immediateAcknowledged,
      },
      simulated: ekg.simulated,
      incompleteRecordedSeconds: ekg.incompleteRecordedSeconds,
    },
    reportTextWidthEm,
  );
}

/** The one-page PDF report of a stored EKG (ekgReportLayout), as of now. */
export function ekgReportPdf(ekg: StoredEkg, review: EkgReviewService, patients: Patients): Promise<Uint8Array> {
  const patient = ekg.patientId === null ? undefined : patients.get(ekg.patientId);
  return renderReportPdf(ekgReportLayout(ekg, review.samples(ekg.id), patient, review.operatorName(ekg.capturedBy)));
}
