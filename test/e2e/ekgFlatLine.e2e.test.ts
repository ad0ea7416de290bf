import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assistantAtCart, type AssistantAtCart } from '../helpers/assistantAtCart.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { RunningStation } from '../helpers/station.ts';
import { writeSyntheticRecord } from '../helpers/syntheticRecord.ts';

// The SIMULATED cart plays (and loops) a synthetic record: six beats at 70 bpm, then flat from
// about 5.2 s to 13 s with ~10 uV of noise in every lead (a pause or asystole as the cart sees it:
// not an exactly constant signal, which is how an electrode that is off looks).
const RECORD_SECONDS = 13;
const BEATS_S = [0.5, 1.36, 2.21, 3.07, 3.93, 4.79];
const FLAT_TEXT = 'Every lead is flat: no heartbeat seen. Check the patient first, then the electrodes.';
const VIEWPORT = { width: 1024, height: 768 };

/** Resolves once the cart's stream (which starts at the record's first sample) is `atS` into a loop of the record. */
function streamAt(st: RunningStation, atS: number): Promise<void> {
  return new Promise((resolve) => {
    const off = st.station.events.subscribe((event, payload) => {
      if (event !== 'cart.block') return;
      const { startSample, fsHz } = payload as { startSample: number; fsHz: number };
      const s = (startSample / fsHz) % RECORD_SECONDS;
      if (s >= atS && s < atS + 1) {
        off();
        resolve();
      }
    });
  });
}

/**
 * Pixels of the live canvas in the grey of a greyed lead's trace (#aaa, LiveEkgCanvas), nearly fully
 * covered. A black trace's antialiased edges over the pink paper are never this neutral a grey
 * (their red stays above green by up to 7), so black traces count as none.
 */
function greyTracePixels(page: Page): Promise<number> {
  return page.getByRole('img', { name: 'Live 12-lead EKG' }).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i]!;
      if (r >= 165 && r <= 180 && Math.abs(r - d[i + 1]!) <= 2 && Math.abs(d[i + 1]! - d[i + 2]!) <= 2) n++;
    }
    return n;
  });
}

/** Records whether the flat-line banner was ever in the page from now on (it could come and go between two looks). */
async function watchForFlatBanner(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const w = window as unknown as { sawFlatBanner: boolean };
    w.sawFlatBanner = document.querySelector('.live-flat') !== null;
    new MutationObserver(() => {
      if (document.querySelector('.live-flat')) w.sawFlatBanner = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { sawFlatBanner: boolean }).sawFlatBanner);
}

let recordDir = '';
let header = '';
beforeAll(async () => {
  recordDir = mkdtempSync(join(tmpdir(), 'ekg-flat-'));
  header = await writeSyntheticRecord(recordDir, 'flat', { seconds: RECORD_SECONDS, beatTimesS: BEATS_S, noiseMv: 0.01 });
});
afterAll(() => {
  rmSync(recordDir, { recursive: true, force: true });
});

/** A station on the SIMULATED cart playing the flat record (with `faults`), the assistant on its EKG screen. */
function onFlatRecord(faults?: string) {
  const ctx = {} as AssistantAtCart;
  beforeAll(async () => {
    Object.assign(ctx, await assistantAtCart({ record: header, ...(faults ? { faults } : {}), viewport: VIEWPORT, patient: { mrn: 'EKG-FLAT-1', family: 'Moreau', given: 'Lucie', dob: '1950-04-11', sex: 'female' } }));
    await ctx.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await ctx.page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await ctx.close?.();
  });
  return ctx;
}

describe('every lead flat at once, no electrode off (pause or asystole): one banner, no lead greyed', () => {
  const ctx = onFlatRecord();

  it('says every lead is flat, greys no lead, shows no heart rate; the banner goes when beats return', async () => {
    const { page, st } = ctx;
    await page.getByLabel('Heart rate').getByText(/HR \d+ bpm/).waitFor({ timeout: 20_000 });
    const banner = page.getByRole('alert').filter({ hasText: FLAT_TEXT });
    await expect(banner.count()).resolves.toBe(0); // beats: no banner
    await banner.waitFor({ timeout: 30_000 });
    // The rate is not the last one seen: no beat for 3 s is no rate.
    await expect.poll(() => page.getByLabel('Heart rate').textContent(), { timeout: 5_000 }).toBe('HR —');
    await streamAt(st, 11); // 6 s into the flat stretch: seconds of it drawn since the banner came
    await expect(banner.isVisible()).resolves.toBe(true);
    // The old view drew all 12 flat traces grey (thousands of such pixels by now).
    expect(await greyTracePixels(page)).toBeLessThan(50);
    await expect(page.getByRole('group', { name: 'Live tracing' }).locator('.live-tag').textContent()).resolves.toMatch(/^LIVE.*SIMULATED/);
    await page.screenshot({ path: screenshotPath('ekg-live-every-lead-flat'), fullPage: true });
    // Beats again (the record loops): the banner goes, a rate comes back.
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByLabel('Heart rate').getByText(/HR \d+ bpm/).waitFor({ timeout: 10_000 });
  }, 90_000);
});

describe('an electrode off during the flat stretch: no every-lead-flat banner, the flat lead stays greyed', () => {
  const ctx = onFlatRecord('leadoff=LA@1');

  it('never shows the banner over a whole flat stretch; the electrode is shown off and lead II greyed', async () => {
    const { page, st } = ctx;
    await page.getByRole('img', { name: 'Electrodes off: LA' }).waitFor({ timeout: 10_000 });
    const sawBanner = await watchForFlatBanner(page);
    await streamAt(st, 4); // before the flat stretch of this loop...
    await streamAt(st, 12); // ...to near its end
    expect(await sawBanner()).toBe(false);
    // LA off: I, V1..V6 and the leads derived from I are not drawn (NaN); lead II, flat, is greyed as before.
    expect(await greyTracePixels(page)).toBeGreaterThan(200);
    await page.screenshot({ path: screenshotPath('ekg-live-flat-lead-off') });
  }, 90_000);
});
