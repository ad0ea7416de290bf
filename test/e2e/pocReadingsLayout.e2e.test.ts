import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readingDay } from '../../drivers/simulators/meter/readings.ts';
import { screenshotPath } from '../helpers/browser.ts';
import { assistantOnPoc, passQcInLockout, pocEntry, registerLotInEntry } from '../helpers/pocScreen.ts';

/**
 * What a UI tester found on the POC tests screen: meter readings from the day before were given to
 * today's patient without a word about their age; the results and meter tables pushed the page
 * sideways at 1280 px (Correct… and Assign outside their card); a glucose HI read "HI mg/dL", and the
 * entry form kept saying "Saved: … 95 mg/dL" after the result was corrected to HI.
 */
let page: Page;
let close: () => Promise<void>;
const DOB = '1962-03-17';

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc({ width: 1280, height: 900 }, { mrn: 'POC-0415', family: 'Okafor', given: 'Ada', dob: DOB, sex: 'female' }));
});
afterAll(async () => {
  await close?.();
});

const entry = () => pocEntry(page);
const results = () => page.getByRole('table', { name: 'Point-of-care results' });
const pending = () => page.getByRole('table', { name: 'Downloaded readings' });

/** Nothing wider than the window, and every row's buttons inside the card of its table. */
async function expectFits(width: number): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => window.innerWidth)).toBe(width);
  const inCard = async (button: Locator) => {
    const box = (await button.boundingBox())!;
    const card = (await button.evaluate((el) => {
      const r = el.closest('.card')!.getBoundingClientRect();
      return { left: r.left, right: r.right };
    }))!;
    return box.x >= card.left && box.x + box.width <= card.right && box.x + box.width <= width;
  };
  for (const b of await results().getByRole('button').all()) expect(await inCard(b), (await b.getAttribute('aria-label')) ?? undefined).toBe(true);
  for (const b of await pending().getByRole('button', { name: /^Assign reading/ }).all()) expect(await inCard(b), (await b.getAttribute('aria-label')) ?? undefined).toBe(true);
}

describe('POC tests screen: reading age, width and HI wording (browser host, Chromium)', () => {
  it('a result corrected to HI reads "HI (above the meter\'s range …)", never "HI mg/dL", and the entry form no longer says the old value was saved', async () => {
    await entry().getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await registerLotInEntry(page, 'GLU-LOT-15', '2030-12-31');
    await entry().getByLabel('Lot (strips / kit)').selectOption('GLU-LOT-15');
    await passQcInLockout(page);
    for (const value of ['88', '95']) {
      await entry().getByLabel('Value (as read)').fill(value);
      await entry().getByLabel("Confirm the patient's date of birth").fill(DOB);
      await entry().getByRole('button', { name: 'Save result' }).click();
      await entry().getByText(`Saved: Glucose, capillary (meter) ${value} mg/dL`).waitFor();
    }
    const row95 = results().locator('tbody tr', { hasText: '95 mg/dL' });
    await row95.getByRole('button', { name: /^Correct / }).click();
    const form = results().getByRole('group', { name: /^Correct Glucose, capillary \(meter\) 95 mg\/dL measured / });
    await form.getByLabel('Corrected value (mg/dL)').fill('HI');
    await form.getByLabel('Reason').selectOption({ label: 'Transcription error (typed or copied wrong)' });
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });
    const corrected = results().locator('tbody tr', { hasText: 'HI (' });
    await expect(corrected.locator('td').nth(1).innerText()).resolves.toMatch(/^HI \(above the meter's range, over 600 mg\/dL\)/);
    await expect(results().innerText()).resolves.not.toContain('HI mg/dL');
    await expect(corrected.getByRole('button', { name: /^Correct Glucose, capillary \(meter\) HI \(above the meter's range, over 600 mg\/dL\) measured / }).count()).resolves.toBe(1);
    // The "Saved" line named 95 mg/dL, a value the chart no longer holds: it is gone.
    await expect.poll(() => entry().getByText(/^Saved: /).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('poc15-corrected-hi'), fullPage: true });
  });

  it('each downloaded reading says how long ago it was taken; an old one is assigned only after "I took this reading from this patient … ago" is ticked', async () => {
    await page.getByRole('button', { name: 'Download meter readings' }).click();
    await page.getByText(/Downloaded \d+ new reading/).waitFor({ timeout: 30_000 });
    await pending().waitFor();
    const row = pending().locator('tbody tr', { has: page.getByRole('cell', { name: /^93 mg\/dL/ }) });
    const measured = row.locator('td').nth(3);
    // The simulated meter took its 93 mg/dL at 08:00 local on readingDay (device time, no zone).
    const day = readingDay(new Date());
    const takenMs = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 8, 0).getTime();
    await expect(measured.innerText()).resolves.toMatch(/taken (\d+ min|\d+ h( \d+ min)?|\d+ days) ago$/);
    const assign = row.getByRole('button', { name: /^Assign reading \d+ to this patient$/ });
    const id = /reading (\d+)/.exec((await assign.getAttribute('aria-label'))!)![1]!;
    await page.getByLabel("Confirm the patient's date of birth to assign readings").fill(DOB);
    await pending().getByLabel(`Lot for reading ${id}`).selectOption('GLU-LOT-15');
    const confirm = row.getByRole('checkbox', { name: /^I took this reading from this patient .+ ago$/ });
    // Older than 60 min (every time of day but 08:30-09:00, when the simulator's readings are today's): asked for.
    if (Date.now() - takenMs > 60 * 60_000) {
      const ageText = /taken (.+) ago$/.exec(await measured.innerText())![1]!;
      await expect(confirm.isChecked()).resolves.toBe(false);
      await expect(row.getByText(`I took this reading from this patient ${ageText} ago`).count()).resolves.toBe(1);
      await expect(assign.isDisabled()).resolves.toBe(true);
      await page.screenshot({ path: screenshotPath('poc15-age-confirm-1280') });
      await confirm.check();
      await expect(assign.isEnabled()).resolves.toBe(true);
      await confirm.uncheck();
      await expect(assign.isDisabled()).resolves.toBe(true);
    } else {
      await expect(confirm.count()).resolves.toBe(0);
      await expect(assign.isEnabled()).resolves.toBe(true);
    }
  });

  it('the results and the meter tables fit a 1280 and a 1024 px window: no sideways scroll, every row button inside its card', async () => {
    await expect(results().locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(pending().locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
    await expectFits(1280);
    await page.screenshot({ path: screenshotPath('poc15-fit-1280'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expectFits(1024);
    await page.screenshot({ path: screenshotPath('poc15-fit-1024'), fullPage: true });
  });
});
