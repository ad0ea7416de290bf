// The critical alerts of other patients at 200 % zoom (640 x 384 CSS px, a 1280 x 768 screen). A UI
// tester found each "one-line" alert wrapped to about five lines there (the test and value, the
// patient's identifiers, the button, then the "NOT the patient on screen" band on two more), so two
// of them pushed the screen down by ~280 px. Also: a critical corrected to a normal value (41 -> 90)
// was named "Critical result: ... 90 mg/dL", which calls a normal value critical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import { registerPatient } from '../helpers/uiSession.ts';
import { assistantOnPoc, correctGlucose, passQcInLockout, pocEntry, registerLotInEntry, saveGlucoseInEntry } from '../helpers/pocScreen.ts';

const VIEWPORT = { width: 640, height: 384 };
const TRIALMAN = { mrn: 'QA-201', family: 'Trialman', given: 'Taylor', dob: '1942-05-13', sex: 'female' };
const OKAFOR = { mrn: 'QA-202', family: 'Okafor', given: 'Ngozi', dob: '1980-03-04', sex: 'female' };
const THIRD = { mrn: 'QA-203', family: 'Third', given: 'Terry', dob: '1999-09-09', sex: 'male' };

let page: Page;
let close: () => Promise<void>;
const alerts = () => page.getByRole('alert', { name: 'Critical results' });

/**
 * How many lines of text the elements take: the distinct line boxes of every text in them (a
 * Range's rectangles, one per line of each text), lines whose middles lie within 6 px being one.
 */
function linesOf(elements: Locator): Promise<number> {
  return elements.evaluateAll((els) => {
    const middles: number[] = [];
    for (const el of els) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
        if ((n.textContent ?? '').trim() === '') continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) middles.push(r.top + r.height / 2);
      }
    }
    middles.sort((a, b) => a - b);
    let lines = 0;
    let last = -Infinity;
    for (const m of middles) {
      if (m - last > 6) lines += 1;
      last = m;
    }
    return lines;
  });
}

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc(VIEWPORT, TRIALMAN));
  await pocEntry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
  await registerLotInEntry(page, 'ZOOM-LOT-1', '2030-12-31');
  await passQcInLockout(page);
}, 120_000);
afterAll(async () => {
  await close?.();
});

describe('critical alerts at 640 x 384 (200 % zoom of 1280 x 768)', () => {
  it("other patients' alerts take at most two lines for the test, value and patient, with the warning band and the button beside it on one row", async () => {
    // Trialman: a 38 never told, and a 41 told to a provider then corrected to 90; Okafor: a 35.
    await saveGlucoseInEntry(page, 'ZOOM-LOT-1', '38', TRIALMAN.dob);
    await saveGlucoseInEntry(page, 'ZOOM-LOT-1', '41', TRIALMAN.dob);
    const own41 = alerts().getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 41 mg/dL' });
    await own41.getByLabel('Provider notified').fill('Dr Lee');
    await own41.getByLabel('They read the value back').check();
    await own41.getByRole('button', { name: 'Record notification' }).click();
    await own41.waitFor({ state: 'detached' });
    await correctGlucose(page, '41', '90');
    await registerPatient(page, OKAFOR);
    await saveGlucoseInEntry(page, 'ZOOM-LOT-1', '35', OKAFOR.dob);
    await registerPatient(page, THIRD);

    const items = alerts().getByRole('group');
    // Other patients' alerts show two lines, then "Show 1 more" (the shell bounds them: otherPatientAlerts).
    await expect.poll(() => items.count(), { timeout: 5_000 }).toBe(2);
    await alerts().getByRole('button', { name: 'Show 1 more critical result for other patients' }).click();
    await expect.poll(() => items.count(), { timeout: 5_000 }).toBe(3);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('poc-critical-others-compact-640') });
    const cases = [
      { name: 'Critical result: Glucose, capillary (meter) 38 mg/dL', who: TRIALMAN, line: 'CRITICAL — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW)' },
      { name: 'Corrected critical result: Glucose, capillary (meter) now 90 mg/dL', who: TRIALMAN, line: 'CORRECTED CRITICAL — Glucose, capillary (meter) now 90 mg/dL' },
      { name: 'Critical result: Glucose, capillary (meter) 35 mg/dL', who: OKAFOR, line: 'CRITICAL — Glucose, capillary (meter) 35 mg/dL (CRITICAL LOW)' },
    ];
    for (const c of cases) {
      const item = alerts().getByRole('group', { name: c.name });
      await expect(item.count(), c.name).resolves.toBe(1);
      // Which test and which patient: all of it shown, nothing cut off.
      await expect(item.locator('strong').innerText()).resolves.toBe(c.line);
      const patient = item.getByLabel('Patient of this critical result');
      for (const id of [`${c.who.family.toUpperCase()}, ${c.who.given}`, `DOB ${c.who.dob}`, `MRN ${c.who.mrn}`]) {
        const shown = patient.getByText(id, { exact: true });
        await expect(shown.isVisible(), `${c.name}: ${id}`).resolves.toBe(true);
        const box = await shown.boundingBox();
        expect(box !== null && box.x >= 0 && box.x + box.width <= VIEWPORT.width, `${c.name}: ${id} inside the window`).toBe(true);
      }
      // The test, value and patient: two lines at most (about four before).
      await expect(linesOf(item.locator('strong').or(patient)), c.name).resolves.toBeLessThanOrEqual(2);
      // The warning names the patient on screen, and is no taller than the button beside it.
      const band = item.getByRole('note');
      await expect(band.innerText()).resolves.toMatch(/^NOT the patient on screen \(THIRD, Terry, MRN QA-203\)\./);
      // The name stands isolated (<bdi>): no character in a stored name reorders the MRN after it.
      await expect(band.locator('bdi').textContent()).resolves.toBe('THIRD, Terry');
      // A screen reader still hears the whole warning (the form the button opens shows it too).
      await expect(band.textContent()).resolves.toContain('Report this value only for the patient named above.');
      const open = item.getByRole('button', { name: `Record notification… ${c.name}` });
      const [bandBox, openBox, itemBox] = await Promise.all([band.boundingBox(), open.boundingBox(), item.boundingBox()]);
      if (bandBox === null || openBox === null || itemBox === null) throw new Error(`${c.name}: not laid out`);
      expect(openBox.height).toBeGreaterThanOrEqual(40);
      expect(openBox.x + openBox.width).toBeLessThanOrEqual(VIEWPORT.width);
      // One row: the button beside the band, not under it.
      expect(Math.abs(openBox.y + openBox.height / 2 - (bandBox.y + bandBox.height / 2))).toBeLessThan(8);
      expect(bandBox.height).toBeLessThanOrEqual(openBox.height + 6);
      // Two lines and the row of the band: ~141 px each before.
      expect(itemBox.height, c.name).toBeLessThanOrEqual(105);
    }
    // The three lines, without the "Show fewer" button under them.
    const allHeightPx = await alerts().evaluate((el) => el.getBoundingClientRect().height - (el.querySelector('.critical-more')?.getBoundingClientRect().height ?? 0));
    expect(allHeightPx).toBeLessThanOrEqual(3 * 105 + 20);
  });

  it('a critical corrected to a normal value is never named a critical 90 mg/dL: its form asks for the corrected value, named as a corrected critical', async () => {
    const name = 'Corrected critical result: Glucose, capillary (meter) now 90 mg/dL';
    await expect(alerts().getByRole('group', { name: /^Critical result: .* 90 mg\/dL/ }).count()).resolves.toBe(0);
    await alerts().getByRole('button', { name: `Record notification… ${name}` }).click();
    const form = alerts().getByRole('form', { name });
    await expect(form.locator('strong').innerText()).resolves.toBe(
      'CORRECTED CRITICAL — Glucose, capillary (meter) corrected from 41 mg/dL (CRITICAL LOW), which a provider was told, to 90 mg/dL. Tell a provider the corrected value now.',
    );
    // Opened, the band says the whole warning again.
    await form.getByText('NOT the patient on screen (THIRD, Terry, MRN QA-203). Report this value only for the patient named above.').waitFor();
    await expect(alerts().getByRole('form', { name: /^Critical result: .* 90 mg\/dL/ }).count()).resolves.toBe(0);
    await form.getByLabel('Provider notified').fill('Dr Lee');
    await form.getByLabel('They read the value back').check();
    await form.getByRole('button', { name: 'Record notification' }).click();
    await form.waitFor({ state: 'detached' });
  });
});
