import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assistantAtCart, type AssistantAtCart } from '../helpers/assistantAtCart.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { RunningStation } from '../helpers/station.ts';
import { writeSyntheticRecord } from '../helpers/syntheticRecord.ts';

// A UI tester pulled the cart (`unplug`) and found the frozen tracing still captioned "LIVE cart
// now", "HR 45 bpm" and "All electrodes connected" under a raw "ECONNREFUSED": the last picture
// read as the patient now. The SIMULATED cart plays a synthetic record at 45 bpm and disappears
// 6 s into its stream for 30 s (longer than this test looks).
const VIEWPORT = { width: 1024, height: 768 };
const PLAIN_STATUS = 'Cart not connected: check the cable and that the cart is switched on.';

/** Resolves when main tells the windows it is trying the cart again for the `attempt`-th time since it was lost. */
function retrying(st: RunningStation, attempt: number): Promise<void> {
  return new Promise((resolve) => {
    const off = st.station.events.subscribe((event, payload) => {
      const s = (payload as { status?: { state: string; attempt?: number } }).status;
      if (event === 'cart.status' && s?.state === 'connecting' && (s.attempt ?? 0) >= attempt) {
        off();
        resolve();
      }
    });
  });
}

let recordDir = '';
let at: AssistantAtCart;
let st: RunningStation;
let page: Page;

beforeAll(async () => {
  recordDir = mkdtempSync(join(tmpdir(), 'ekg-unplug-'));
  const header = await writeSyntheticRecord(recordDir, 'beats45', { seconds: 20, hrBpm: 45 });
  at = await assistantAtCart({ record: header, faults: 'unplug@6+30', viewport: VIEWPORT, patient: { mrn: 'EKG-UNPLUG-1', family: 'Okafor', given: 'Ada', dob: '1949-02-03', sex: 'female' } });
  ({ st, page } = at);
}, 120_000);
afterAll(async () => {
  await at?.close();
  rmSync(recordDir, { recursive: true, force: true });
});

describe('the cart unplugged while the live view shows it', () => {
  it('stops saying LIVE, shows no rate and no electrode state, and says in plain words what to do', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    const status = page.getByRole('status', { name: 'Cart status' });
    const caption = page.getByRole('group', { name: 'Live tracing' }).locator('.live-tag');
    const heartRate = page.getByLabel('Heart rate');
    // Connected first: LIVE, a rate, every electrode on (what the old view kept showing after the drop).
    await status.getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await heartRate.getByText(/HR \d+ bpm/).waitFor({ timeout: 20_000 });
    await page.getByRole('img', { name: 'All electrodes connected' }).waitFor();
    await expect(caption.textContent()).resolves.toMatch(/^LIVE.*SIMULATED/);

    // The cart goes 6 s into its stream; the station sees the connection lost and retries.
    await status.getByText(PLAIN_STATUS).waitFor({ timeout: 30_000 });
    await expect(caption.textContent()).resolves.toMatch(/^NO SIGNAL — cart not connected: the tracing below stopped at \d{1,2}:\d{2}:\d{2}.*SIMULATED/);
    await expect(caption.textContent()).resolves.not.toMatch(/LIVE/);
    await expect(heartRate.textContent()).resolves.toBe('HR —');
    await expect(page.getByText('All electrodes connected').count()).resolves.toBe(0);
    await page.getByRole('img', { name: 'Electrodes: not known while the cart is not connected' }).waitFor();
    // The frozen tracing stays, faded under the caption; the device's words follow the plain ones, for support.
    const opacity = await page.getByRole('img', { name: 'Live 12-lead EKG' }).evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(opacity).toBeLessThan(0.5);
    await expect(status.textContent()).resolves.toMatch(new RegExp(`^${PLAIN_STATUS}.*\\(details: .+\\)`));
    await expect(page.getByRole('button', { name: 'Capture' }).isDisabled()).resolves.toBe(true);

    // Retries later (error and connecting in turn) nothing of the above has come back.
    await retrying(st, 3);
    await expect(caption.textContent()).resolves.toMatch(/^NO SIGNAL/);
    await expect(heartRate.textContent()).resolves.toBe('HR —');
    await expect(status.textContent()).resolves.toMatch(new RegExp(`^${PLAIN_STATUS}`));
    await page.screenshot({ path: screenshotPath('ekg-cart-unplugged'), fullPage: true });
  }, 90_000);
});
