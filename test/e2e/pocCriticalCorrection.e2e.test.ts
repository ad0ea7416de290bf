import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import type { RunningStation } from '../helpers/station.ts';
import { MA, registerPatient, signIn } from '../helpers/uiSession.ts';
import { assistantOnPoc, correctGlucose, passQcInLockout, pocEntry, registerLotInEntry, saveGlucoseInEntry } from '../helpers/pocScreen.ts';

/**
 * A black-box tester: a critical glucose (41 mg/dL) corrected to 85 before anyone was told left
 * the 41's alert stuck in that window ("acknowledge the current version of the result", no way
 * out) and dropped the critical from every other window, with no notification ever recorded.
 * Also: two other patients' alerts took ~490 px at 1024x768 before any content.
 * Window A is the tester's; window B is a second session (another patient on screen there) whose
 * events and alert reloads can be held back, to show a stale alert's refusal.
 */
let s: RunningStation;
let browser: Browser;
let page: Page;
let pageB: Page;
let close: () => Promise<void>;
/** While true, window B's station pushes no events and its alert list is not read again: its alert goes stale. */
let holdB = false;

const TRIALMAN = { mrn: 'QA-102', family: 'Trialman', given: 'Taylor', dob: '1942-05-13', sex: 'female' };
const OKAFOR = { mrn: 'QA-103', family: 'Okafor', given: 'Ngozi', dob: '1980-03-04', sex: 'female' };
const alertsOf = (p: Page) => p.getByRole('alert', { name: 'Critical results' });
const entryOf = (p: Page) => pocEntry(p);

beforeAll(async () => {
  ({ s, browser, page, close } = await assistantOnPoc({ width: 1024, height: 768 }, TRIALMAN));
  await entryOf(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
  await registerLotInEntry(page, 'CRIT-LOT-1', '2030-12-31');
  await passQcInLockout(page);

  pageB = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await pageB.routeWebSocket(/\/ipc$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const call = JSON.parse(String(message)) as { channel: string };
      // The acknowledgement goes out; the alert list is read again after its answer (the refusal).
      if (call.channel === 'poc.critical.acknowledge') holdB = false;
      if (holdB && call.channel === 'poc.critical.unacknowledged') return;
      server.send(message);
    });
    server.onMessage((message) => {
      if (holdB && (JSON.parse(String(message)) as { kind: string }).kind === 'event') return;
      ws.send(message);
    });
  });
  await pageB.goto(s.host.url);
  await signIn(pageB, MA);
  await pageB.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'POC tests' }).click();
  await registerPatient(pageB, OKAFOR);
}, 120_000);
afterAll(async () => {
  await close?.();
});

describe('a critical value corrected (browser host, Chromium, two sessions, 1024 x 768)', () => {
  it('41 corrected to 85 before anyone was told: the alert stays in every window, saying it was corrected, until the corrected value is read back', async () => {
    await saveGlucoseInEntry(page, 'CRIT-LOT-1', '41', TRIALMAN.dob);
    const a = alertsOf(page);
    await expect(a.locator('strong').first().innerText()).resolves.toBe('CRITICAL — Glucose, capillary (meter) 41 mg/dL (CRITICAL LOW). Tell a provider now.');

    // Window B (Okafor on screen): Trialman's alert is one line with the warning band, and opens to the form.
    const b = alertsOf(pageB);
    const trialmanInB = b.getByRole('group', { name: 'Critical result: Glucose, capillary (meter) 41 mg/dL' });
    await trialmanInB.getByText('NOT the patient on screen (OKAFOR, Ngozi, MRN QA-103). Report this value only for the patient named above.').waitFor();
    await expect(trialmanInB.getByLabel('Patient of this critical result').innerText()).resolves.toMatch(/TRIALMAN, Taylor\s+DOB 1942-05-13\s+MRN QA-102/);
    await expect(trialmanInB.getByLabel('Provider notified').count()).resolves.toBe(0);
    await trialmanInB.getByRole('button', { name: /^Record notification…/ }).click();
    const staleForm = b.getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 41 mg/dL' });
    await expect.poll(() => pageB.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^cn-/);
    // The form is filled in order: with nothing typed, the name is what is asked for first.
    await staleForm.getByRole('button', { name: 'Record notification' }).click();
    await staleForm.getByText('Enter the name of the provider you told.', { exact: true }).waitFor();
    await staleForm.getByLabel('Provider notified').fill('Dr Lee');
    await staleForm.getByLabel('They read the value back').check();
    holdB = true;

    // Window A corrects 41 to 85.
    await page.getByRole('button', { name: /^Correct Glucose, capillary \(meter\) 41 mg\/dL measured / }).click();
    const correction = page.getByRole('group', { name: /^Correct Glucose, capillary \(meter\) 41 mg\/dL measured / });
    await correction.getByLabel(/Corrected value/).fill('85');
    await correction.getByLabel('Reason').selectOption({ label: 'Transcription error (typed or copied wrong)' });
    await correction.getByRole('button', { name: 'Save correction' }).click();
    // The correction's event replaces the alert at once (well before the 15 s poll): it now says what was corrected.
    const corrected = 'CORRECTED CRITICAL — Glucose, capillary (meter) corrected from 41 mg/dL (CRITICAL LOW) to 85 mg/dL. Tell a provider the corrected value now.';
    await expect.poll(() => a.locator('strong').first().innerText(), { timeout: 5_000 }).toBe(corrected);
    await expect(a.getByRole('form', { name: 'Corrected critical result: Glucose, capillary (meter) now 85 mg/dL' }).getByLabel('They read the value back').isChecked()).resolves.toBe(false);

    // Window B still shows the 41 (held back): recording it is refused in words with what to do,
    // and the alert is replaced by the corrected one.
    await staleForm.getByRole('button', { name: 'Record notification' }).click();
    await b.getByText('This result was corrected since this alert was shown: the alert now shows the corrected value; tell the provider that value.', { exact: true }).waitFor();
    await b.getByRole('group', { name: 'Corrected critical result: Glucose, capillary (meter) now 85 mg/dL' }).waitFor();
    await expect(staleForm.count()).resolves.toBe(0);
    await expect(b.innerText()).resolves.not.toMatch(/acknowledge the current version/i);
    await pageB.evaluate(() => window.scrollTo(0, 0));
    await pageB.screenshot({ path: screenshotPath('poc-critical-stale-refused') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('poc-critical-corrected') });

    // The corrected value is read back in window A: recorded against the current version; nothing else.
    await a.getByLabel('Provider notified').fill('Dr Lee');
    await a.getByLabel('They read the value back').check();
    await a.getByRole('button', { name: 'Record notification' }).click();
    await a.waitFor({ state: 'detached' });
    // Window B drops it at once, not at its next 15-s poll: nobody rings the provider twice (a retest).
    await expect.poll(() => b.getByRole('group', { name: 'Corrected critical result: Glucose, capillary (meter) now 85 mg/dL' }).count(), { timeout: 4_000 }).toBe(0);
    const db = new Database(join(s.dataDir, 'station.sqlite'), { readonly: true });
    try {
      const acks = db.prepare('SELECT r.value_text AS value, r.version, a.notified_name AS notified FROM poc_critical_acks a JOIN poc_results r ON r.id = a.result_id').all();
      expect(acks).toEqual([{ value: '85', version: 2, notified: 'Dr Lee' }]);
      // The 41 stays readable.
      expect(db.prepare("SELECT value_text FROM poc_results WHERE version = 1 AND value_text = '41'").pluck().all()).toEqual(['41']);
    } finally {
      db.close();
    }
  });

  it("other patients' alerts are one line each at 1024 x 768; the patient on screen keeps the full form", async () => {
    // Two unacknowledged criticals for patients other than the one on screen (the tester's finding 10).
    await saveGlucoseInEntry(page, 'CRIT-LOT-1', '38', TRIALMAN.dob);
    await saveGlucoseInEntry(pageB, 'CRIT-LOT-1', '35', OKAFOR.dob);
    await registerPatient(page, { mrn: 'QA-104', family: 'Third', given: 'Terry', dob: '1999-09-09', sex: 'male' });
    const a = alertsOf(page);
    await expect.poll(() => a.getByRole('group', { name: /^Critical result: / }).count()).toBe(2);
    await expect(a.getByText(/^NOT the patient on screen \(THIRD, Terry, MRN QA-104\)\./).count()).resolves.toBe(2);
    await expect(a.getByLabel('Provider notified').count()).resolves.toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    const heightPx = await a.evaluate((el) => el.getBoundingClientRect().height);
    // Two full alerts took ~490 px; two lines with their warning bands fit in well under half that.
    await page.screenshot({ path: screenshotPath('poc-critical-others-compact-1024') });
    expect(heightPx).toBeLessThan(220);

    // Back on Trialman: theirs is the full form (first), Okafor's stays one line.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill(TRIALMAN.mrn);
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText(`MRN ${TRIALMAN.mrn}`).waitFor();
    const own = a.getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 38 mg/dL' });
    await own.getByLabel('Provider notified').waitFor();
    await expect(a.getByRole('group', { name: 'Critical result: Glucose, capillary (meter) 35 mg/dL' }).count()).resolves.toBe(1);
    const [ownTop, otherTop] = await Promise.all([
      own.evaluate((el) => el.getBoundingClientRect().top),
      a.getByRole('group', { name: 'Critical result: Glucose, capillary (meter) 35 mg/dL' }).evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(ownTop).toBeLessThan(otherTop);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('poc-critical-own-full-other-compact-1024') });
  });

  it('a critical told, then corrected twice, names the value the provider was told; a HI reads in words with the meter\'s limit, never "HI mg/dL"', async () => {
    // Trialman is on screen, with the 38 (never told) as the full form.
    const a = alertsOf(page);
    const own38 = a.getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 38 mg/dL' });
    await own38.getByLabel('Provider notified').fill('Dr Lee');
    await own38.getByLabel('They read the value back').check();
    await own38.getByRole('button', { name: 'Record notification' }).click();
    await own38.waitFor({ state: 'detached' });

    const headline = () => a.locator('strong').first().innerText();
    await correctGlucose(page, '38', '95');
    await expect
      .poll(headline, { timeout: 5_000 })
      .toBe('CORRECTED CRITICAL — Glucose, capillary (meter) corrected from 38 mg/dL (CRITICAL LOW), which a provider was told, to 95 mg/dL. Tell a provider the corrected value now.');
    // Corrected again before anyone heard the 95: the provider still has to hear that the 38 was wrong.
    await correctGlucose(page, '95', '90');
    await expect
      .poll(headline, { timeout: 5_000 })
      .toBe('CORRECTED CRITICAL — Glucose, capillary (meter) corrected from 38 mg/dL (CRITICAL LOW), which a provider was told, to 90 mg/dL; it read 95 mg/dL in between. Tell a provider the corrected value now.');
    const own90 = a.getByRole('form', { name: 'Corrected critical result: Glucose, capillary (meter) now 90 mg/dL' });
    await own90.getByLabel('Provider notified').fill('Dr Lee');
    await own90.getByLabel('They read the value back').check();
    await own90.getByRole('button', { name: 'Record notification' }).click();
    await own90.waitFor({ state: 'detached' });

    // The 90 corrected to the meter's HI: the alert says it as the results table does.
    await correctGlucose(page, '90', 'HI');
    const hi = "HI (above the meter's range, over 600 mg/dL)";
    const ownHi = a.getByRole('form', { name: `Critical result: Glucose, capillary (meter) ${hi}` });
    await ownHi.waitFor({ timeout: 5_000 });
    await expect(ownHi.locator('strong').innerText()).resolves.toBe(
      `CRITICAL — Glucose, capillary (meter) ${hi} (CRITICAL HIGH), corrected from 90 mg/dL, which a provider was told. Tell a provider the corrected value now.`,
    );
    await expect(a.innerText()).resolves.not.toMatch(/(HI|LO) mg\/dL/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('poc-critical-told-corrected-twice-hi') });

    const db = new Database(join(s.dataDir, 'station.sqlite'), { readonly: true });
    try {
      const details = db.prepare("SELECT details FROM audit_log WHERE verb = 'critical-ack' AND outcome = 'success' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
      // The 90's read-back names the 38 (version 1, critical, told) as what it corrected, and the 95 before it.
      expect(JSON.parse(details)).toMatchObject({ correctedFrom: expect.stringMatching(/\/v1$/), correctedFromCritical: true, correctedFromAcknowledged: true, previousVersion: expect.stringMatching(/\/v2$/) });
    } finally {
      db.close();
    }
  });
});
