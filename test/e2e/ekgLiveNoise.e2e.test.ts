import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantAtCart, type AssistantAtCart } from '../helpers/assistantAtCart.ts';
import { screenshotPath } from '../helpers/browser.ts';

// The SIMULATED cart plays LUDB record 1 with 0.5 mV of broadband noise on every channel from 4 s
// (muscle tremor or a patient who cannot lie still, as the cart sees it), then is unplugged at 20 s.
// A UI tester found every lead greyed by such noise with no word of why or what to do.
const NOISE_TEXT = 'Signal noisy on every lead: ask the patient to lie still and relax, and check the electrodes.';

let ctx: AssistantAtCart;
beforeAll(async () => {
  ctx = await assistantAtCart({
    record: join(import.meta.dirname, '../../../shared/ecg/ludb-dev/1.hea'),
    faults: 'noise=0.5@4+60,unplug@20+60',
    viewport: { width: 1024, height: 768 },
    patient: { mrn: 'EKG-NOISE-1', family: 'Okafor', given: 'Ngozi', dob: '1972-08-14', sex: 'female' },
  });
  await ctx.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

describe('a noisy signal on every lead: the live view says what to do, only while the cart is connected', () => {
  it('says it in plain words above the tracing, and no more once the cart is not connected', async () => {
    const { page } = ctx;
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    const advice = page.getByRole('group', { name: 'Live tracing' }).getByRole('status', { name: 'Signal quality' });
    await advice.getByText(NOISE_TEXT, { exact: true }).waitFor({ timeout: 20_000 });
    await expect(advice.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('ekg-live-noisy') });
    // Unplugged: the last quality report is not the patient now.
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart not connected/).waitFor({ timeout: 30_000 });
    await expect(advice.count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('ekg-live-noisy-unplugged') });
  }, 90_000);
});
