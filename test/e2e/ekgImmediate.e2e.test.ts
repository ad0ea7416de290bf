// The immediate-finding rule of the review workflow, end to end: a SIMULATED cart streams a
// recording whose analysis raises ST_ELEVATION (CinC 2021 JS20005); the assistant cannot leave the
// patient (screen buttons, Sign out, and main itself) until the provider was notified and the
// finding acknowledged.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { MA, openAsAssistantOn, registerPatient, signIn } from '../helpers/uiSession.ts';

let s: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  s = await startTestStation({ simulatedCartRecord: join(import.meta.dirname, '../../../shared/ecg/cinc2021-dev/JS20005.hea') });
  browser = await launchChromium();
  page = await openAsAssistantOn(s, browser, { width: 1400, height: 1000 });
  await registerPatient(page, { mrn: 'EKG-IMM-1', family: 'Okonkwo', given: 'Chidi', dob: '1961-02-03', sex: 'male' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('an immediate finding must be acknowledged before the assistant leaves (browser host, SIMULATED cart)', () => {
  it('blocks the screen, the patient change and Sign out until notified and acknowledged', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Capture' }).click();
    const review = page.getByRole('region', { name: 'EKG review' });
    await review.waitFor({ timeout: 40_000 });
    const alert = review.getByRole('alert').filter({ hasText: 'Immediate attention' });
    await alert.getByText(/Immediate attention/).waitFor();
    await expect(review.getByLabel('Flags').textContent()).resolves.toMatch(/IMMEDIATE.*ST segment raised/);
    await page.screenshot({ path: screenshotPath('ekg-immediate'), fullPage: true });

    // A reload (or a closed window) ends the EKG screen and the window's session; the finding stays
    // in front of the assistant on every screen, naming its patient, until it is acknowledged.
    await page.reload();
    await signIn(page, MA);
    const pending = page.getByRole('alert', { name: 'Immediate EKG findings not acknowledged' });
    await pending.getByText('MRN EKG-IMM-1').waitFor();
    await pending.getByText('Select this patient and open the EKG screen', { exact: false }).waitFor();
    await page.screenshot({ path: screenshotPath('ekg-immediate-after-reload'), fullPage: true });
    await page.getByRole('button', { name: /Select patient|Change patient/ }).click().catch(() => undefined);
    await page.getByLabel('Scan the wristband (MRN)').fill('EKG-IMM-1');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN EKG-IMM-1').waitFor();
    await nav.getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('button', { name: /^Open EKG / }).first().click();
    await alert.getByText(/Immediate attention/).waitFor();

    // Leaving is refused: another screen, Sign out.
    await nav.getByRole('button', { name: 'Labels' }).click();
    await page.getByText('Acknowledge the immediate finding before leaving the EKG screen.').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Current patient').textContent()).resolves.toContain('EKG-IMM-1');

    // Acknowledging needs the notification first (the button waits for it); Enter records it; then the assistant may go.
    await expect(alert.getByRole('button', { name: 'I have alerted a provider' }).isDisabled()).resolves.toBe(true);
    await review.getByLabel('Provider notified', { exact: true }).fill('Dr Paula Provider');
    await review.getByLabel('Provider notified', { exact: true }).press('Enter');
    // Recorded: the review trail says whom, how and when (no bare "Provider notified.").
    await review.getByRole('region', { name: 'Review trail' }).getByText('Provider notified:', { exact: true }).waitFor();
    await alert.getByRole('button', { name: 'I have alerted a provider' }).click();
    await alert.waitFor({ state: 'detached' });
    // The refusal shown earlier goes with the finding it was about.
    await page.getByText('Acknowledge the immediate finding before leaving the EKG screen.').first().waitFor({ state: 'detached' });
    await pending.waitFor({ state: 'detached', timeout: 20_000 });
    await nav.getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('heading', { name: /label/i }).first().waitFor();
  }, 120_000);
});
