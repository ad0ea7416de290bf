import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { addOperators, PROVIDER, registerPatient, signIn } from '../helpers/uiSession.ts';

// A provider captures an EKG whose analysis raises ST_ELEVATION (immediate) on the SIMULATED cart
// (CinC 2021 JS20005). A UI tester found the provider told to "get a provider now" (words for the
// assistant), and "flagged for your review now" still shown after the provider had confirmed it.
let st: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  st = await startTestStation({ simulatedCartRecord: join(import.meta.dirname, '../../../shared/ecg/cinc2021-dev/JS20005.hea') });
  addOperators(st.dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(st.host.url);
  await signIn(page, PROVIDER);
  await registerPatient(page, { mrn: 'EKG-PRV-1', family: 'Okonkwo', given: 'Chidi', dob: '1961-02-03', sex: 'male' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await st?.close();
});

describe('an immediate finding, as the provider who captured it reads it', () => {
  it('tells the provider to review it now, never to get a provider; after the confirmation nothing asks for review now', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Capture' }).click();
    const review = page.getByRole('region', { name: 'EKG review' });
    const alert = review.getByRole('alert', { name: 'Immediate finding' });
    await alert.getByText('Immediate attention:', { exact: false }).waitFor({ timeout: 40_000 });
    // The patient's identifiers first (the alert is what is scrolled to), then what to do.
    await expect(alert.textContent()).resolves.toMatch(/^OKONKWO, Chidi\s*DOB 1961-02-03\s*MRN EKG-PRV-1\s*Immediate attention: review this EKG now\. ST segment raised .*: flagged for your review now\./);
    await expect(review.getByLabel('Flags').textContent()).resolves.toMatch(/IMMEDIATE ST segment raised .*: flagged for your review now\./);
    // The banner on every screen, for the provider's own finding.
    const pending = page.getByRole('alert', { name: 'Immediate EKG findings not acknowledged' });
    await pending.getByText('review the EKG now', { exact: false }).waitFor({ timeout: 15_000 });
    const before = (await page.locator('body').textContent()) ?? '';
    for (const maWords of ['get a provider', 'tell a provider', 'notify the provider now', 'I have alerted a provider', 'must be acknowledged']) expect(before).not.toContain(maWords);
    await review.getByText('Confirm or over-read the EKG with the immediate finding before leaving the EKG screen.').waitFor();
    await page.screenshot({ path: screenshotPath('ekg-provider-own-immediate'), fullPage: true });

    await review.getByRole('button', { name: 'Confirm' }).click();
    await review.getByText('Confirmed by provider').waitFor();
    await expect(alert.count()).resolves.toBe(0);
    await pending.waitFor({ state: 'detached', timeout: 15_000 });
    const flags = (await review.getByLabel('Flags').textContent()) ?? '';
    expect(flags).toMatch(/IMMEDIATE ST segment raised in neighbouring leads \([^)]*\)\./);
    const after = (await review.textContent()) ?? '';
    for (const stale of ['your review now', 'notify the provider now', 'get a provider']) expect(after).not.toContain(stale);
    await page.screenshot({ path: screenshotPath('ekg-provider-confirmed'), fullPage: true });
  }, 120_000);
});
