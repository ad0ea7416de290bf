// An immediate EKG finding must be acknowledged before the assistant leaves the screen (issue 5),
// as far as a browser can hold her: a black-box tester reloaded past it silently, took a second tab
// to another patient, found a stale "wait" after a takeover, focus left on the Open button, the
// banner sending her to open what was open, and the EKG list cut off at 200 % zoom. SIMULATED cart
// playing CinC 2021 JS20005, whose analysis raises ST_ELEVATION (immediate).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Dialog, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { MA, openAsAssistantOn, PROVIDER, registerPatient, signIn } from '../helpers/uiSession.ts';

let s: RunningStation;
let browser: Browser;
let page: Page;
const A = { mrn: 'EKG-LEAVE-A', family: 'Okonkwo', given: 'Chidi', dob: '1961-02-03', sex: 'male' };
const B = { mrn: 'EKG-LEAVE-B', family: 'Lindqvist', given: 'Bo', dob: '1970-05-06', sex: 'male' };

beforeAll(async () => {
  s = await startTestStation({ simulatedCartRecord: join(import.meta.dirname, '../../../shared/ecg/cinc2021-dev/JS20005.hea') });
  browser = await launchChromium();
  page = await openAsAssistantOn(s, browser, { width: 1400, height: 1000 });
  await registerPatient(page, B);
  await registerPatient(page, A);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const ekgIdOf = async (p: Page): Promise<number> => Number(/EKG #(\d+)/.exec((await p.getByRole('region', { name: 'EKG review' }).getByRole('heading').first().textContent()) ?? '')![1]);
/** Captures on the EKG screen and waits for the stored EKG's immediate alert. */
async function captureImmediate(p: Page): Promise<number> {
  const capture = p.getByRole('button', { name: /^Capture\b/ });
  await expect.poll(() => capture.isEnabled(), { timeout: 20_000 }).toBe(true);
  await capture.click();
  await p.getByRole('button', { name: /Capturing 10 s/ }).waitFor();
  await p.getByRole('button', { name: /Capturing 10 s/ }).waitFor({ state: 'detached', timeout: 40_000 });
  await p.getByRole('region', { name: 'EKG review' }).getByRole('alert').filter({ hasText: 'Immediate attention' }).waitFor({ timeout: 40_000 });
  return ekgIdOf(p);
}
const scanMrn = async (p: Page, mrn: string) => {
  await p.getByLabel('Scan the wristband (MRN)').fill(mrn);
  await p.getByLabel('Scan the wristband (MRN)').press('Enter');
};

describe('leaving an unacknowledged immediate finding (browser host, SIMULATED cart)', () => {
  it('says the open EKG is open below, asks before the window closes, and focuses an EKG opened from the list', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    const first = await captureImmediate(page);
    const pending = page.getByRole('alert', { name: 'Immediate EKG findings not acknowledged' });
    // Right after the capture the EKG is on screen: the banner does not send her to open it.
    await pending.getByText(`EKG #${first} is open below: tell a provider now, record it there and acknowledge the finding.`).waitFor({ timeout: 15_000 });
    expect(await pending.textContent()).not.toContain("from this patient's EKG list below");

    // Reloading (or closing) the window would end her session: the browser asks first. Answered
    // "stay", the reload never happens (its wait times out).
    const dialog = new Promise<Dialog>((resolve) => page.once('dialog', resolve));
    const reload = page.reload({ timeout: 3_000 }).then(() => 'reloaded', () => 'stayed');
    // Without the prompt the reload goes through (signing her out): fail then, rather than wait.
    const asked = await Promise.race([dialog, reload.then((r) => Promise.reject(new Error(`no leave-page prompt: the window ${r}`)))]);
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();
    expect(await reload).toBe('stayed');
    // She stayed: still signed in, on the patient, and told why in the station's words.
    await expect(page.getByLabel('Current patient').textContent()).resolves.toContain(A.mrn);
    await page.getByText('Acknowledge the immediate finding before leaving the EKG screen.').first().waitFor();

    // A second EKG opens after its capture; the first, opened from the list, takes the focus.
    const second = await captureImmediate(page);
    expect(second).not.toBe(first);
    const openFirst = page.getByRole('table', { name: 'EKGs of this patient' }).getByRole('button', { name: `Open EKG ${first}` });
    await openFirst.click();
    await expect.poll(() => ekgIdOf(page), { timeout: 15_000 }).toBe(first);
    await expect.poll(() => page.evaluate(() => (document.activeElement?.closest('.ekg-review-host') ?? null) !== null)).toBe(true);
    // Open on the EKG already shown: focus goes there too.
    await openFirst.focus();
    await openFirst.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('ekg-review-host') ?? false)).toBe(true);
  }, 180_000);

  it("after a takeover during the previous operator's capture, Capture's refusal turns into what became of it", async () => {
    const capture = page.getByRole('button', { name: /^Capture\b/ });
    await expect.poll(() => capture.isEnabled(), { timeout: 20_000 }).toBe(true);
    await capture.click();
    await page.getByRole('button', { name: /Capturing 10 s/ }).waitFor();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in as someone else' }).click();
    await signIn(page, PROVIDER);
    await scanMrn(page, A.mrn);
    await page.getByLabel('Current patient').getByText(`MRN ${A.mrn}`).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Capture\b/ }).click();
    const refusal = page.getByText('An EKG is being captured for the previous operator of this window. Wait until that capture has finished.');
    await refusal.waitFor();
    await page.getByText('The capture for the previous operator of this window has finished and its EKG was stored for the previous operator. You can capture now.').waitFor({ timeout: 30_000 });
    expect(await refusal.count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
  }, 120_000);

  it('in another tab (200 % zoom of 1024x700) the assistant is told at sign-in, cannot choose another patient, and the EKG list fits', async () => {
    const tab = await browser.newPage({ viewport: { width: 512, height: 350 }, deviceScaleFactor: 2 });
    await tab.goto(s.host.url);
    await signIn(tab, MA);
    // Her own findings, told at sign-in, with what holds her.
    const pending = tab.getByRole('alert', { name: 'Immediate EKG findings not acknowledged' });
    await pending.getByText(/captured .* by you\)/).first().waitFor({ timeout: 15_000 });
    await pending.getByText('Until it is done, the station will not let you choose another patient or sign out.').first().waitFor();
    await tab.screenshot({ path: screenshotPath('ekg-leaving-signin-200pct'), fullPage: true });
    // Main refuses another patient in this session too, naming the EKG.
    await scanMrn(tab, B.mrn);
    await tab.getByText(/^Your EKG #\d+ has an immediate finding that is not acknowledged, on another patient/).waitFor();
    expect(await tab.getByLabel('Current patient').textContent()).not.toContain(B.mrn);
    // The EKG's own patient may be chosen, to acknowledge it.
    await scanMrn(tab, A.mrn);
    await tab.getByLabel('Current patient').getByText(`MRN ${A.mrn}`).waitFor();
    await tab.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    const list = tab.getByRole('table', { name: 'EKGs of this patient' });
    await list.waitFor();
    const fit = await list.evaluate((t) => ({ table: t.scrollWidth, room: t.parentElement!.clientWidth, page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth }));
    expect(fit.table).toBeLessThanOrEqual(fit.room);
    expect(fit.page).toBeLessThanOrEqual(fit.window);
    for (const open of await list.getByRole('button', { name: /^Open EKG / }).all()) {
      const box = (await open.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(fit.window + 1);
    }
    await tab.screenshot({ path: screenshotPath('ekg-leaving-list-200pct'), fullPage: true });
  }, 120_000);
});
