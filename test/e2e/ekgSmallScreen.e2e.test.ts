// The EKG screen at 200 % zoom (640x384 CSS px): whose EKG a capture will be is in view whenever
// Capture is. A UI tester found the page opened scrolled so that Capture showed and the patient
// banner (name, DOB, MRN) had gone under the top of the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { assistantAtCart, type AssistantAtCart } from '../helpers/assistantAtCart.ts';
import { screenshotPath } from '../helpers/browser.ts';

const VIEWPORT = { width: 640, height: 384 };
const PATIENT = { mrn: 'EKG-ZOOM-200', family: 'Okonkwo', given: 'Adaeze', dob: '1953-04-19', sex: 'female' };

/** Whether the element lies wholly inside the viewport and below the sticky SIMULATED banner (what is under it is not seen). */
async function inViewport(page: Page, l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  const vp = page.viewportSize();
  if (box === null || vp === null) return false;
  const banner = await page.getByRole('alert', { name: 'Simulated mode' }).boundingBox();
  const top = banner === null ? 0 : banner.y + banner.height;
  // 1 px for subpixel layout.
  return box.y >= top - 1 && box.x >= -1 && box.y + box.height <= vp.height + 1 && box.x + box.width <= vp.width + 1;
}

let at: AssistantAtCart;
let page: Page;
beforeAll(async () => {
  at = await assistantAtCart({ record: '../shared/ecg/ludb-dev/1.hea', viewport: VIEWPORT, patient: PATIENT });
  page = at.page;
}, 120_000);
afterAll(async () => {
  await at?.close();
});

describe('EKG screen at 640x384 (200 % zoom of 1280x768)', () => {
  it('shows the patient\'s name, DOB and MRN with Capture at every scroll position where Capture is in view', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    const capture = page.getByRole('button', { name: /^Capture\b/ });
    await expect.poll(() => capture.isEnabled(), { timeout: 20_000 }).toBe(true);
    // The button says whose EKG it takes, in its name too (what a screen reader reads).
    const ids = [`OKONKWO, Adaeze`, `DOB ${PATIENT.dob}`, `MRN ${PATIENT.mrn}`];
    const name = (await capture.getAttribute('aria-label')) ?? (await capture.textContent()) ?? '';
    for (const id of ids) expect(name).toContain(id);
    const shown = ids.map((id) => capture.getByText(id, { exact: true }));
    for (const l of shown) expect(await l.count()).toBe(1);

    // As the screen opens after the patient is chosen (the tester's view), then over every scroll position.
    await page.screenshot({ path: screenshotPath('ekg-640x384-opened') });
    const scrollMax = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(scrollMax).toBeGreaterThan(0);
    let positionsWithCapture = 0;
    const check = async (where: string) => {
      if (!(await inViewport(page, capture))) return;
      positionsWithCapture++;
      for (const [i, l] of shown.entries()) expect(await inViewport(page, l), `${ids[i]} with Capture in view (${where})`).toBe(true);
    };
    await check('as opened');
    for (let y = 0; y <= scrollMax + 12; y += 12) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await check(`scrolled to ${y} px`);
    }
    expect(positionsWithCapture).toBeGreaterThan(3);

    // Brought into view the ways a browser does: by scrolling to it, and by Tab (focus) from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await capture.scrollIntoViewIfNeeded();
    for (const l of [capture, ...shown]) expect(await inViewport(page, l)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await capture.focus();
    for (const l of [capture, ...shown]) expect(await inViewport(page, l)).toBe(true);
    await page.screenshot({ path: screenshotPath('ekg-640x384-capture') });
  }, 120_000);

  it('still names the patient on the button while the capture runs', async () => {
    const capture = page.getByRole('button', { name: /^Capture\b/ });
    await capture.click();
    const running = page.getByRole('button', { name: /^Capturing 10 s…/ });
    await running.waitFor();
    await expect(running.textContent()).resolves.toContain(`MRN ${PATIENT.mrn}`);
    await page.getByRole('region', { name: 'EKG review' }).waitFor({ timeout: 40_000 });
  }, 60_000);
});
