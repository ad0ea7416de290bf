import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { EkgFlag } from '../../../main/domain/ekg-flags/flags.ts';
import type { CaptureBuilder } from '../../../main/devices/cart/capture.ts';
import { captureToNewCapture } from '../../../main/devices/cart/storeCapture.ts';
import { EkgReviewService } from '../../../main/services/ekgReview.ts';
import { ekgReportPdf, filterText } from '../../../main/services/ekgReportOf.ts';
import { Patients } from '../../../main/services/patients.ts';
import { openStore } from '../../../main/storage/store.ts';
import type { FilterSettings } from '../../../main/ekg/filters/index.ts';
import { cartCapture, PLAIN_INTERPRETATION } from '../../helpers/cartCapture.ts';

const OUT = 'test-results/ekg-report';

/** The settings a cart capture is stored with: 100 samples expected, `received` of them from sample 1 on (sample 0 a gap). */
function storedSettings(received: number, filterSettings: FilterSettings, seal: (b: CaptureBuilder) => ReturnType<CaptureBuilder['seal']>): string {
  return captureToNewCapture(seal(cartCapture({ expected: 100, received, filterSettings })), { patientId: null, interpretation: PLAIN_INTERPRETATION }).filterSettings;
}

it('prints a cart capture\'s filter, gaps and a capture cut short for people; a line of text as it is', () => {
  expect(filterText(storedSettings(100, { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 }, (b) => b.seal(true)))).toBe('0.05-150 Hz, 60 Hz notch, 1 gap(s) not filled');
  expect(filterText(storedSettings(40, { highPassHz: 0.5, mainsHz: null, lowPassHz: 40 }, (b) => b.seal(false, 'cart lost')))).toBe('0.5-40 Hz, no mains notch, 1 gap(s) not filled, INCOMPLETE capture');
  // Parts that do not read are said so; a capture cut short is never printed as complete.
  expect(filterText('{"display":"0.05-150","capture":{"complete":false,"gaps":7}}')).toBe('filter not recorded, gaps not recorded, INCOMPLETE capture');
  expect(filterText('0.05-150 Hz (demo)')).toBe('0.05-150 Hz (demo)');
});

it('says when the measurements went through a notch the station was not set to: mains hum heard in the recording', () => {
  const capture = (analysisFilters?: Parameters<typeof captureToNewCapture>[1]['analysisFilters']) =>
    captureToNewCapture(cartCapture({ expected: 100, received: 100, filterSettings: { highPassHz: 0.05, mainsHz: null, lowPassHz: 150 } }).seal(true), { patientId: null, interpretation: PLAIN_INTERPRETATION, analysisFilters }).filterSettings;
  const heard = capture({ highPassHz: 0.05, lowPassHz: 150, mainsNotchHz: 60, mainsNotchHeard: true });
  expect(filterText(heard)).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled; measured through a 60 Hz notch (mains hum in the recording)');
  // None heard, and captures stored before the analysis filters were kept: the line as before.
  expect(filterText(capture({ highPassHz: 0.05, lowPassHz: 150, mainsNotchHz: null, mainsNotchHeard: false }))).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled');
  expect(filterText(capture())).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled');
});

// A stored EKG with an immediate flag, notified, acknowledged and over-read, printed the way a UI
// tester read it: "notify the provider now" still on paper after the over-read, codes such as
// "(ST_ELEVATION: 2.5 mm)", times with no zone and the reviewer as a login ("paula").
it('prints the stored review as the screen shows it: flags in plain words without codes or a spent call to act, names, zoned times, the whole comment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ekg-report-of-'));
  const store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
  try {
    const addOperator = store.db.prepare("INSERT INTO operators (login, display_name, role, badge_hash, pin_hash, simulated, created_at_utc) VALUES (?, ?, ?, ?, ?, 0, '2026-01-01T00:00:00Z')");
    addOperator.run('mary', 'Mary Assistant', 'ma', 'b1', 'p');
    addOperator.run('paula', 'Dr Paula Provider', 'provider', 'b2', 'p');
    const ma = { id: 'mary', role: 'ma' as const };
    const doc = { id: 'paula', role: 'provider' as const };
    const patients = new Patients(store);
    const patient = patients.create({ mrn: 'MRN1001', familyName: 'Smith', givenName: 'John', birthDate: '1950-01-01', sex: 'male' }, ma);
    const review = new EkgReviewService(store);
    const mv = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 20));
    const flags: EkgFlag[] = [
      { code: 'ST_ELEVATION', urgency: 'immediate', value: 2.5, text: 'ST segment raised in neighbouring leads (V2/V3; up to 2.5 mm): notify the provider now.' },
      { code: 'TACHYCARDIA', urgency: 'routine', value: 109, text: 'Fast heart rate (109 per minute): for provider review.' },
    ];
    const e = review.saveCapture(ma, { patientId: patient.id, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }, { name: 'II', mv }], interpretation: { ...PLAIN_INTERPRETATION, flags } });
    review.notifyProvider(e.id, ma, 'Dr Paula Provider', 'phone', new Date().toISOString());
    review.acknowledgeImmediate(e.id, ma);
    // The longest comment the review takes, in wide letters and every line break it allows.
    const comment = Array.from({ length: 7 }, (_, k) => `${k + 1}. Повторите ЭКГ — WWW repeat the EKG with V1-V3 re-placed.`.padEnd(84, 'Ш')).join('\n').slice(0, 599) + '.';
    review.review(e.id, doc, 'over-read', comment);
    const path = join(OUT, 'over-read-plain-words.pdf');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path, await ekgReportPdf(review.get(e.id), review, patients));
    const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('[IMMEDIATE] ST segment raised in neighbouring leads (V2/V3; up to 2.5 mm).');
    expect(text).toContain('[ROUTINE] Fast heart rate (109 per minute): for provider review.');
    for (const internal of ['notify the provider now', 'ST_ELEVATION', 'TACHYCARDIA', ': 2.5 mm)', 'paula', 'Operator mary']) expect(text).not.toContain(internal);
    const zoned = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (UTC|GMT[+-]?\d*|[A-Z]{2,5})/;
    expect(text).toMatch(new RegExp(`Acquired ${zoned.source}`));
    expect(text).toMatch(new RegExp(`OVER-READ by Dr Paula Provider at ${zoned.source}`));
    expect(text).toContain('Operator Mary Assistant');
    expect(text).toContain(`Provider comment: ${comment.replace(/\s+/g, ' ')}`);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', path, join(OUT, 'over-read-plain-words-view')]);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
