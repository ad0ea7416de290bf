// Another patient's critical alert opened to its form at 640 x 400 (200 % zoom). A black-box tester:
// with NGUYEN, Lan on screen and alerts for SMITH, John (38 mg/dL) and SMITH, Jon (452 mg/dL),
// "Record notification…" on Jon's line opened a form taller than the window; with its "Record
// notification" button in view, Jon's name, DOB and MRN and the "NOT the patient on screen" band had
// scrolled away, and the only patient near the button was the banner's NGUYEN, Lan. The value could
// be phoned in for the wrong patient. The button names its own patient now, inside its own box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import { registerPatient } from '../helpers/uiSession.ts';
import { assistantOnPoc, passQcInLockout, pocEntry, registerLotInEntry, saveGlucoseInEntry } from '../helpers/pocScreen.ts';

const VIEWPORT = { width: 640, height: 400 };
const JOHN = { mrn: 'QA-301', family: 'Smith', given: 'John', dob: '1950-01-02', sex: 'male' };
const JON = { mrn: 'QA-302', family: 'Smith', given: 'Jon', dob: '1951-03-04', sex: 'male' };
const LAN = { mrn: 'QA-303', family: 'Nguyen', given: 'Lan', dob: '1988-07-08', sex: 'female' };

let page: Page;
let close: () => Promise<void>;
const alerts = () => page.getByRole('alert', { name: 'Critical results' });

/** The box of `el` in the window's coordinates; throws when it is not laid out. */
async function box(el: Locator, what: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await el.boundingBox();
  if (b === null) throw new Error(`${what}: not laid out`);
  return b;
}

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc(VIEWPORT, JOHN));
  await pocEntry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
  await registerLotInEntry(page, 'ZOOM-LOT-2', '2030-12-31');
  await passQcInLockout(page);
  await saveGlucoseInEntry(page, 'ZOOM-LOT-2', '38', JOHN.dob);
  await registerPatient(page, JON);
  await saveGlucoseInEntry(page, 'ZOOM-LOT-2', '452', JON.dob);
  await registerPatient(page, LAN);
}, 120_000);
afterAll(async () => {
  await close?.();
});

describe("another patient's critical alert form at 640 x 400 (200 % zoom)", () => {
  it("keeps that patient's name and MRN in view with the Record button, wherever the button is scrolled to", async () => {
    await expect.poll(() => alerts().getByRole('group').count(), { timeout: 5_000 }).toBe(2);
    const name = 'Critical result: Glucose, capillary (meter) 452 mg/dL';
    await alerts().getByRole('button', { name: `Record notification… ${name}` }).click();
    const form = alerts().getByRole('form', { name });
    // The form says when the test was measured, as the station writes times.
    await expect(form.getByText(/^Measured \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/).count()).resolves.toBe(1);
    const record = form.getByRole('button', { name: 'Record notification' });
    // The button's name says whose value it records (a screen reader hears it too).
    await expect(record.getAttribute('type')).resolves.toBe('submit');
    await expect(record.innerText().then((t) => t.replace(/\s+/g, ' ').trim())).resolves.toBe('Record notification for SMITH, Jon DOB 1951-03-04 MRN QA-302 (NOT the patient on screen)');

    // The button at the bottom of the window, at the top (below the page's sticky parts), in the middle (1 px for rounding).
    for (const block of ['end', 'start', 'center'] as const) {
      await record.evaluate((el, b) => el.scrollIntoView({ block: b }), block);
      const buttonBox = await box(record, `button (${block})`);
      expect(buttonBox.y, block).toBeGreaterThanOrEqual(-1);
      expect(buttonBox.y + buttonBox.height, block).toBeLessThanOrEqual(VIEWPORT.height + 1);
      for (const id of ['SMITH, Jon', 'MRN QA-302']) {
        const shown = form.getByText(id, { exact: true });
        // Shown where the button is: the identity in the form nearest the button.
        // Drawn on top where it is (not under the sticky SIMULATED banner): the window's topmost element at its middle is it.
        const onTop = (el: Locator) =>
          el.evaluate((e) => {
            const r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return hit !== null && e.contains(hit);
          });
        const boxes = await Promise.all((await shown.all()).map(async (el) => ((await el.isVisible()) && (await onTop(el)) ? el.boundingBox() : null)));
        const near = boxes.filter(
          (b): b is NonNullable<typeof b> =>
            b !== null &&
            b.y >= -1 &&
            b.y + b.height <= VIEWPORT.height + 1 &&
            b.x >= -1 &&
            b.x + b.width <= VIEWPORT.width + 1 &&
            b.y + b.height >= buttonBox.y - 48 &&
            b.y <= buttonBox.y + buttonBox.height + 48,
        );
        expect(near.length, `${block}: ${id} in the window, within 48 px of the Record button`).toBeGreaterThanOrEqual(1);
      }
      // Never the other SMITH's or the on-screen patient's MRN in the button.
      const text = await record.innerText();
      expect(text, block).not.toMatch(/QA-301|QA-303|NGUYEN|John/);
      if (block === 'end') await page.screenshot({ path: screenshotPath('poc-critical-other-form-record-640x400') });
    }
  });
});
