// Other patients' alerts pushed the patient on screen out of view. A black-box tester: with three or
// four unacknowledged alerts for OTHER patients, the first screen at 1280x800 was all red banners
// with their names in large bold type, and at 1024x700 the selected patient's bar started at
// y = 1756 px and the Labels heading at y = 1923 px: labels were printed without the right patient in
// view. The selected patient's bar is now at the top, and other patients' alerts take bounded room
// (one line each, at most two, then "Show N more"); every alert stays reachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import { registerPatient } from '../helpers/uiSession.ts';
import { assistantOnPoc, passQcInLockout, pocEntry, registerLotInEntry, saveGlucoseInEntry } from '../helpers/pocScreen.ts';

const OTHERS = [
  { mrn: 'QA-501', family: 'Smith', given: 'John', dob: '1950-01-02', sex: 'male', value: '38' },
  { mrn: 'QA-502', family: 'Smith', given: 'Jon', dob: '1951-03-04', sex: 'male', value: '35' },
  { mrn: 'QA-503', family: 'Okafor', given: 'Ngozi', dob: '1980-03-04', sex: 'female', value: '452' },
  { mrn: 'QA-504', family: 'Trialman', given: 'Taylor', dob: '1942-05-13', sex: 'female', value: '41' },
];
const ON_SCREEN = { mrn: 'QA-505', family: 'Nguyen', given: 'Lan', dob: '1988-07-08', sex: 'female' };

let page: Page;
let close: () => Promise<void>;
const alerts = () => page.getByRole('alert', { name: 'Critical results' });

/** The element's box in the window at the top of the page; throws when it is not laid out. */
async function top(el: Locator, what: string): Promise<{ y: number; bottom: number }> {
  const b = await el.boundingBox();
  if (b === null) throw new Error(`${what}: not laid out`);
  return { y: b.y, bottom: b.y + b.height };
}

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc({ width: 1024, height: 700 }, OTHERS[0]!));
  await pocEntry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
  await registerLotInEntry(page, 'SHELL-LOT-1', '2030-12-31');
  await passQcInLockout(page);
  for (const [i, p] of OTHERS.entries()) {
    if (i > 0) await registerPatient(page, p);
    await saveGlucoseInEntry(page, 'SHELL-LOT-1', p.value, p.dob);
  }
  await registerPatient(page, ON_SCREEN);
}, 180_000);
afterAll(async () => {
  await close?.();
});

describe("four other patients' critical alerts", () => {
  for (const viewport of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
  ]) {
    it(`at ${viewport.width}x${viewport.height} the selected patient's bar and the screen heading are in the first screen; every alert stays reachable`, async () => {
      await page.setViewportSize(viewport);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Labels' }).click();
      const heading = page.getByRole('heading', { name: 'Specimen labels', level: 1 });
      await heading.waitFor();
      await expect.poll(() => alerts().getByRole('group').count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`shell-other-alerts-labels-${viewport.width}x${viewport.height}`) });

      // The patient on screen, both identifiers, and the heading: within the first screen.
      const banner = page.getByLabel('Current patient');
      for (const id of ['NGUYEN, Lan', 'MRN QA-505', 'DOB 1988-07-08']) {
        const b = await top(banner.getByText(id, { exact: true }), id);
        expect(b.y, id).toBeGreaterThanOrEqual(0);
        expect(b.bottom, id).toBeLessThanOrEqual(viewport.height);
      }
      const h = await top(heading, 'heading');
      expect(h.bottom, 'Labels heading').toBeLessThanOrEqual(viewport.height);
      // The patient's bar is above the other patients' alerts, not under them.
      const [bannerBox, alertsBox] = await Promise.all([top(banner, 'banner'), top(alerts(), 'alerts')]);
      expect(bannerBox.bottom).toBeLessThanOrEqual(alertsBox.y);

      // Two shown, one line each with the warning; the other two behind one button that says so.
      await expect(alerts().getByRole('group').count()).resolves.toBe(2);
      const more = alerts().getByRole('button', { name: 'Show 2 more critical results for other patients' });
      await expect(more.count()).resolves.toBe(1);
      for (const note of await alerts().getByRole('note').all()) await expect(note.innerText()).resolves.toMatch(/^NOT the patient on screen \(NGUYEN, Lan, MRN QA-505\)\./);
      await more.click();
      await expect.poll(() => alerts().getByRole('group').count()).toBe(4);
      for (const p of OTHERS) await expect(alerts().getByText(`MRN ${p.mrn}`, { exact: true }).count(), p.mrn).resolves.toBe(1);
      // Opening one shows its form, naming its own patient on the Record button.
      const last = OTHERS[3]!;
      const name = `Critical result: Glucose, capillary (meter) ${last.value} mg/dL`;
      await alerts().getByRole('button', { name: `Record notification… ${name}` }).click();
      const form = alerts().getByRole('form', { name });
      await expect(form.getByRole('button', { name: 'Record notification' }).innerText().then((t) => t.replace(/\s+/g, ' ').trim())).resolves.toBe(
        `Record notification for TRIALMAN, Taylor DOB ${last.dob} MRN ${last.mrn} (NOT the patient on screen)`,
      );
      await page.screenshot({ path: screenshotPath(`shell-other-alerts-opened-${viewport.width}x${viewport.height}`) });
      await form.getByRole('button', { name: 'Show as one line' }).click();
      await alerts().getByRole('button', { name: 'Show fewer critical results for other patients' }).click();
      await expect.poll(() => alerts().getByRole('group').count()).toBe(2);
    });
  }

  it("the patient on screen's own critical result is shown in full, first, above the other patients' lines", async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'POC tests' }).click();
    await saveGlucoseInEntry(page, 'SHELL-LOT-1', '39', ON_SCREEN.dob);
    const own = alerts().getByRole('form', { name: 'Critical result: Glucose, capillary (meter) 39 mg/dL' });
    await own.getByLabel('Provider notified').waitFor();
    const firstOther = alerts().getByRole('group').first();
    const [ownBox, otherBox] = await Promise.all([top(own, 'own'), top(firstOther, 'other')]);
    expect(ownBox.y).toBeLessThan(otherBox.y);
    await expect(alerts().getByRole('group').count()).resolves.toBe(2);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('shell-own-alert-with-others-1024x700') });
  });
});
