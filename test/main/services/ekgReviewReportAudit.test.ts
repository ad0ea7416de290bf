import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { ekgHandlers } from '../../../main/services/ekgHandlers.ts';
import { ReportTextError } from '../../../main/services/ekgReport.ts';
import { EkgReviewService } from '../../../main/services/ekgReview.ts';
import { Patients } from '../../../main/services/patients.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

// A tester found making the PDF report audited as a plain view with no details: the log could not
// tell a report printed or saved (patient data leaving the station) from opening the EKG.
const interpretation: EkgInterpretation = {
  measurements: { heartRateBpm: 60, prMs: 150, qrsMs: 90, qtMs: 400, qtcMs: 400, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 400, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 990, maxRrMs: 1010 },
  flags: [],
};
const ma = { id: 'ma1', role: 'ma' as const };

let dir: string;
let store: Store;
let svc: EkgReviewService;
let patient: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ekg-report-audit-'));
  store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
  svc = new EkgReviewService(store);
  patient = new Patients(store).create({ mrn: 'RA-1', familyName: 'Report', givenName: 'Ria', birthDate: '1970-05-06', sex: 'female' }, ma).id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function handlers(render: () => Promise<Uint8Array>) {
  const h = ekgHandlers({ review: svc, actorOf: () => ma, patientOf: () => patient, patientById: () => undefined, reportPdf: render });
  const ctx: CallContext = { sessionId: 's1', host: 'browser' };
  return (channel: keyof typeof h, payload: unknown) => dispatch(h as never, channel, payload, ctx);
}
const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
const capture = () => svc.saveCapture(ma, { patientId: patient, deviceId: 'CART-1', simulated: false, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }, { name: 'II', mv }], interpretation }).id;
const readsOf = (id: number) =>
  store.db.prepare("SELECT action, verb, outcome, reason, patient_id AS patient, details FROM audit_log WHERE object_type = 'ekg' AND object_id = ? AND verb <> 'ekg-capture' ORDER BY seq").all(String(id));

describe('the PDF report is audited as an export, like the aECG file', () => {
  it('a report made is an export with format pdf (as the aECG file is hl7-aecg), not a view', async () => {
    const id = capture();
    const call = handlers(async () => new Uint8Array([37, 80, 68, 70]));
    expect(await call('ekg.reportPdf', { ekgId: id })).toEqual({ ok: true, value: { pdfBase64: 'JVBERg==', fileName: `ekg-${id}.pdf` } });
    expect(readsOf(id)).toEqual([
      { action: 'read', verb: 'export', outcome: 'success', reason: null, patient: String(patient), details: JSON.stringify({ format: 'pdf' }) },
    ]);
  });

  it('a report that cannot be made is a failed export with its reason; nothing claims it was made', async () => {
    const id = capture();
    const call = handlers(async () => {
      throw new ReportTextError('the name has letters the report font lacks');
    });
    expect(await call('ekg.reportPdf', { ekgId: id })).toMatchObject({ ok: false, error: { code: 'report-unprintable-text' } });
    expect(readsOf(id)).toEqual([{ action: 'read', verb: 'export', outcome: 'failure', reason: 'report-unprintable-text', patient: String(patient), details: JSON.stringify({ format: 'pdf' }) }]);
  });
});
