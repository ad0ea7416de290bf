import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readingDay } from '../../drivers/simulators/meter/readings.ts';
import { localTime } from '../../common/format/time.ts';
import { screenshotPath } from '../helpers/browser.ts';
import { assistantOnPoc, confirmReadingAgeIfAsked, passQcInLockout, pocEntry, readingTimeText, registerLotInEntry } from '../helpers/pocScreen.ts';

/**
 * What a UI tester found on the POC tests screen: the Correct form opened under another row and
 * showed reason codes; the meter's pending list had no critical mark, raw device times and an
 * unexplained lockout; an expired lot was registered without a word. Then: the critical alert named
 * the test by its internal id and slid under the SIMULATED banner when brought into view; every
 * "Send to EMR" button of one test had the same name; a control reading from the meter had no
 * action; the QC log showed test ids.
 */
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc({ width: 1024, height: 768 }, { mrn: 'POC-0300', family: 'Lindqvist', given: 'Maja', dob: '1958-09-14', sex: 'female' }));
});
afterAll(async () => {
  await close?.();
});

const entry = () => pocEntry(page);

describe('POC tests screen: what the UI tester found (browser host, Chromium)', () => {
  it('registering an already expired lot says at once that it is EXPIRED, and the lot list marks it', async () => {
    await entry().getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await registerLotInEntry(page, 'OLD-LOT-1', '2020-01-31');
    await entry()
      .getByRole('alert')
      .getByText('Lot OLD-LOT-1 is registered, but it is EXPIRED (expiry 2020-01-31 has passed). Do not use it for QC or new tests', { exact: false })
      .waitFor();
    await entry().getByRole('alert').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('poc-lot-expired-warning') });
    await entry().getByLabel('New lot number').fill('GLU-LOT-9');
    await entry().getByLabel('Expires').fill('2030-12-31');
    await entry().getByRole('button', { name: 'Add lot' }).click();
    const lotChoice = entry().getByLabel('Lot (strips / kit)');
    await expect.poll(() => lotChoice.locator('option').allTextContents()).toEqual(['Choose…', 'OLD-LOT-1 (expires 2020-01-31) EXPIRED', 'GLU-LOT-9 (expires 2030-12-31)']);
  });

  it('the Correct form opens directly under the row whose button was pressed, names that result, and gives reasons in words', async () => {
    await entry().getByLabel('Lot (strips / kit)').selectOption('GLU-LOT-9');
    const lockout = page.getByRole('alert', { name: 'QC lockout' });
    await lockout.getByText('QC is due (low, high) for Glucose, capillary (meter), lot GLU-LOT-9: run the low and high controls below.', { exact: false }).waitFor();
    await passQcInLockout(page);
    const results = page.getByRole('table', { name: 'Point-of-care results' });
    for (const [i, value] of ['88', '120', '93'].entries()) {
      await entry().getByLabel('Value (as read)').fill(value);
      await entry().getByLabel("Confirm the patient's date of birth").fill('1958-09-14');
      await entry().getByRole('button', { name: 'Save result' }).click();
      await expect.poll(() => results.locator('tbody tr').count()).toBe(i + 1);
    }
    // Newest first: 93, 120, 88. Correct the middle one: the form must not open under another row.
    const rows = results.locator('tbody tr');
    await expect(rows.nth(1).innerText()).resolves.toContain('120 mg/dL');
    const when = (await rows.nth(1).locator('td').nth(3).innerText()).trim();
    await rows.nth(1).getByRole('button', { name: /^Correct / }).click();
    const form = results.getByRole('group', { name: `Correct Glucose, capillary (meter) 120 mg/dL measured ${when}` });
    await form.waitFor();
    await expect(form.getByText(/^Correcting the result above:/).innerText()).resolves.toBe(`Correcting the result above: Glucose, capillary (meter) 120 mg/dL, measured ${when}`);
    // The row right above the form is the one being corrected, and the one below is the next result.
    await expect(form.evaluate((el) => el.closest('tr')?.previousElementSibling?.textContent ?? '')).resolves.toContain('120 mg/dL');
    await expect(form.evaluate((el) => el.closest('tr')?.nextElementSibling?.textContent ?? '')).resolves.toContain('88 mg/dL');
    await expect(form.getByLabel('Corrected value (mg/dL)').inputValue()).resolves.toBe('120');
    const reasons = await form.getByLabel('Reason').locator('option').allTextContents();
    expect(reasons).toEqual(['Choose…', 'Transcription error (typed or copied wrong)', 'Wrong unit', 'Instrument error (meter or analyzer)']);
    await page.screenshot({ path: screenshotPath('poc-correct-under-row') });

    await form.getByLabel('Corrected value (mg/dL)').fill('102');
    await form.getByLabel('Reason').selectOption({ label: 'Transcription error (typed or copied wrong)' });
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });
    const corrected = results.locator('tbody tr', { hasText: '102 mg/dL' });
    await expect(corrected.innerText()).resolves.toContain('corrected (Transcription error (typed or copied wrong))');
    await expect(results.innerText()).resolves.not.toMatch(/transcription[-_]error/);
    await expect(results.innerText()).resolves.not.toContain('120 mg/dL');
  });

  it('the meter pending list marks critical values, shows times as the station does, and says why a lockout refuses a reading', async () => {
    await page.getByRole('button', { name: 'Download meter readings' }).click();
    await page.getByText(/Downloaded \d+ new reading/).waitFor({ timeout: 30_000 });
    const table = page.getByRole('table', { name: 'Downloaded readings' });
    const row = (value: string) => table.locator('tbody tr', { has: page.getByRole('cell', { name: new RegExp(`^${value} mg/dL`) }) });
    await expect(row('45').innerText()).resolves.toContain('CRITICAL LOW');
    // HI is said in words with the meter's range, not as "HI mg/dL".
    const hi = table.locator('tbody tr', { has: page.getByRole('cell', { name: /^HI \(above the meter's range/ }) });
    await expect(hi.innerText()).resolves.toContain('CRITICAL HIGH');
    await expect(row('93').innerText()).resolves.not.toContain('CRITICAL');
    await expect(row('118').innerText()).resolves.not.toContain('CRITICAL');
    // Times as everywhere else on the station (local, with the zone), never the device's ISO text.
    await expect(table.innerText()).resolves.not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    // The simulated meter took its 45 mg/dL at 08:07 local on readingDay (device time, no zone).
    const day = readingDay(new Date());
    const iso45 = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}T08:07:00`;
    await expect(readingTimeText(row('45').locator('td').nth(3))).resolves.toBe(localTime(iso45));

    const ninetyThree = row('93');
    const assign = ninetyThree.getByRole('button', { name: /^Assign reading \d+ to this patient$/ });
    const id = /reading (\d+)/.exec((await assign.getAttribute('aria-label'))!)![1]!;
    await page.getByLabel("Confirm the patient's date of birth to assign readings").fill('1958-09-14');
    await table.getByLabel(`Lot for reading ${id}`).selectOption('GLU-LOT-9');
    await expect(table.getByLabel(`Lot for reading ${id}`).locator('option').allTextContents()).resolves.toEqual(['Choose…', 'OLD-LOT-1 EXPIRED', 'GLU-LOT-9']);
    await confirmReadingAgeIfAsked(ninetyThree);
    await assign.click();
    // QC for the lot was run only now, after the meter took this reading: said in words, under the reading.
    const refusal = table.getByRole('alert', { name: `Reading ${id} not assigned` });
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('Not assigned (QC lockout): Glucose, capillary (meter) 93 mg/dL, measured ');
    expect(text).toContain('QC for Glucose, capillary (meter), lot GLU-LOT-9 was not current when this test was run: no low and high controls passed in the 24 hours before it.');
    expect(text).toContain('run QC on this lot until it passes, then repeat the test on the patient.');
    expect(text).not.toMatch(/glucose-capillary|poc-qc-locked/);
    await expect(refusal.evaluate((el) => el.closest('tr')?.previousElementSibling?.textContent ?? '')).resolves.toContain('93 mg/dL');
    await expect(assign.count()).resolves.toBe(1);
    // Still fits a 1024-wide screen with the marks and the refusal in the table.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('poc-pending-critical-lockout') });
  });

  it('the critical alert names the test in words, never by its id', async () => {
    await entry().getByLabel('Value (as read)').fill('35');
    await entry().getByLabel("Confirm the patient's date of birth").fill('1958-09-14');
    await entry().getByRole('button', { name: 'Save result' }).click();
    const alerts = page.getByRole('alert', { name: 'Critical results' });
    const headline = alerts.locator('strong').first();
    await headline.waitFor();
    await expect(headline.innerText()).resolves.toBe('CRITICAL — Glucose, capillary (meter) 35 mg/dL (CRITICAL LOW). Tell a provider now.');
    await expect(alerts.innerText()).resolves.not.toContain('glucose-capillary');
    await alerts.getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 35 mg/dL' }).waitFor();
  });

  it('the critical alert is never under the SIMULATED banner, which stays on screen (1024 x 768 and larger)', async () => {
    const alerts = page.getByRole('alert', { name: 'Critical results' });
    const banner = page.getByRole('alert', { name: 'Simulated mode' });
    /** Both boxes as the screen shows them now (viewport pixels). */
    const boxes = () =>
      page.evaluate(() => {
        const rect = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const a = rect('.critical-alerts');
        const b = rect('.simulated-banner');
        return { alertTop: a.top, bannerTop: b.top, bannerBottom: b.bottom, viewportHeight: window.innerHeight };
      });
    // The save brings the alert into view at the top of the screen (ResultEntry): wait for that scroll.
    await expect.poll(async () => (await boxes()).alertTop >= 0 && (await boxes()).alertTop < 120).toBe(true);
    await expect(page.evaluate(() => window.scrollY)).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('poc-critical-simulated-1024') });
    await page.screenshot({ path: screenshotPath('poc-critical-simulated-1024-full'), fullPage: true });
    const at1024 = await boxes();
    // The SIMULATED mark stays on screen, and the whole top of the alert is below it, not under it.
    expect(at1024.bannerTop).toBe(0);
    expect(at1024.alertTop).toBeGreaterThanOrEqual(at1024.bannerBottom);
    await expect(banner.innerText()).resolves.toContain('SIMULATED');

    // Larger screens: the same scroll puts the alert below the banner too.
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => document.querySelector('.critical-alerts')!.scrollIntoView({ block: 'start' }));
      const b = await boxes();
      expect(b.bannerTop).toBe(0);
      expect(b.alertTop).toBeGreaterThanOrEqual(b.bannerBottom);
      expect(b.alertTop).toBeLessThan(b.viewportHeight);
    }
    await page.screenshot({ path: screenshotPath('poc-critical-simulated-1920-full'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });

    await alerts.getByLabel('Provider notified').fill('Dr Paula Provider');
    await alerts.getByLabel('They read the value back').check();
    await alerts.getByRole('button', { name: 'Record notification' }).click();
    await alerts.waitFor({ state: 'detached' });
  });

  it('every "Send to EMR" button names its own result: test, value and time', async () => {
    const results = page.getByRole('table', { name: 'Point-of-care results' });
    await expect.poll(() => results.locator('tbody tr').count()).toBe(4);
    const sends = results.getByRole('button', { name: /^Send / });
    await expect(sends.count()).resolves.toBe(4);
    const names = await sends.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''));
    expect(new Set(names).size).toBe(4);
    for (const name of names) expect(name).toMatch(/^Send Glucose, capillary \(meter\) \d+ mg\/dL measured .+ to the EMR$/);
    expect(names.map((n) => /\) (\d+) mg/.exec(n)![1]).sort()).toEqual(['102', '35', '88', '93']);
    // The name says exactly what the row shows.
    const row = results.locator('tbody tr', { hasText: '102 mg/dL' });
    const when = (await row.locator('td').nth(3).innerText()).trim();
    await expect(row.getByRole('button', { name: `Send Glucose, capillary (meter) 102 mg/dL measured ${when} to the EMR`, exact: true }).count()).resolves.toBe(1);
  });

  it('the QC log names each test in words, never by its id', async () => {
    const summary = page.locator('summary', { hasText: 'QC log' });
    await summary.click();
    const qcLog = page.getByRole('table', { name: 'QC log' });
    // The low and high controls run on GLU-LOT-9 in the second test.
    await expect.poll(() => qcLog.locator('tbody tr').count()).toBe(2);
    await expect(qcLog.locator('tbody tr td:nth-child(2)').allInnerTexts()).resolves.toEqual(['Glucose, capillary (meter)', 'Glucose, capillary (meter)']);
    await expect(qcLog.innerText()).resolves.not.toContain('glucose-capillary');
    await summary.click();
  });

  it('a control reading from the meter is logged to the QC log for the chosen lot: the outcome is said, the QC state and the log follow', async () => {
    // A new lot, chosen in the entry form: QC is due for it. (The lot form is still open from the first test.)
    await registerLotInEntry(page, 'GLU-LOT-10', '2031-06-30');
    await expect.poll(() => entry().getByLabel('Lot (strips / kit)').locator('option').allTextContents()).toContain('GLU-LOT-10 (expires 2031-06-30)');
    await entry().getByLabel('Lot (strips / kit)').selectOption('GLU-LOT-10');
    const lockout = page.getByRole('alert', { name: 'QC lockout' });
    await lockout.getByText('QC is due (low, high) for Glucose, capillary (meter), lot GLU-LOT-10', { exact: false }).waitFor();

    const table = page.getByRole('table', { name: 'Downloaded readings' });
    const control = table.locator('tbody tr', { has: page.getByRole('cell', { name: /^118 mg\/dL/ }) });
    await expect(control.innerText()).resolves.toContain('Glucose, capillary (meter) (control)');
    const when = await readingTimeText(control.locator('td').nth(3));
    const log = control.getByRole('button', { name: `Log control Glucose, capillary (meter) 118 mg/dL measured ${when} to the QC log`, exact: true });
    const lot = control.getByLabel(/^Lot for reading \d+$/);
    const level = control.getByLabel(/^Control level for reading \d+$/);
    // The same lot choice as a patient reading; a level must be chosen (nothing is assumed).
    await expect(lot.locator('option').allTextContents()).resolves.toEqual(['Choose…', 'OLD-LOT-1 EXPIRED', 'GLU-LOT-9', 'GLU-LOT-10']);
    await expect(level.locator('option').allTextContents()).resolves.toEqual(['Choose…', 'low', 'high']);
    await expect(log.isDisabled()).resolves.toBe(true);
    await lot.selectOption('GLU-LOT-10');
    await level.selectOption('high');
    await log.click();

    // 118 mg/dL is outside the high control's range: failed, and the test stays locked for that lot.
    const outcome = page.getByRole('alert', { name: 'Control logged to the QC log' });
    await outcome.waitFor();
    await expect(outcome.innerText()).resolves.toBe(
      `Control FAILED: Glucose, capillary (meter) high control 118 mg/dL, measured ${when}, lot GLU-LOT-10, is in the QC log. Patient results for Glucose, capillary (meter), lot GLU-LOT-10 are locked: run the high control again until it passes, and the low control, also due.`,
    );
    await expect(table.getByRole('cell', { name: /^118 mg\/dL/ }).count()).resolves.toBe(0);
    // The entry form's QC state follows without touching it.
    await lockout.getByText('QC failed (high) for Glucose, capillary (meter), lot GLU-LOT-10: run the high control again below, and the low control (due).', { exact: false }).waitFor();
    await expect(entry().getByRole('button', { name: 'Save result' }).isDisabled()).resolves.toBe(true);

    // The QC log lists the run under the test's name, never its id.
    await page.locator('summary', { hasText: 'QC log' }).click();
    const qcLog = page.getByRole('table', { name: 'QC log' });
    const run = qcLog.locator('tbody tr', { hasText: 'GLU-LOT-10' });
    await expect.poll(() => run.count()).toBe(1);
    await expect(run.locator('td').allInnerTexts()).resolves.toEqual([when, 'Glucose, capillary (meter)', 'GLU-LOT-10', 'high', '118', 'FAIL', 'mary SIMULATED']);
    await expect(qcLog.innerText()).resolves.not.toContain('glucose-capillary');
    await outcome.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('poc-control-to-qc') });
    await run.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('poc-qc-log-names') });
  });
});
