import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { openAsAssistantOn, PROVIDER, registerPatient, signIn } from '../helpers/uiSession.ts';

// CinC 2021 JS20005 raises ST_ELEVATION (immediate) on the SIMULATED cart, at 1024x768. What a UI
// tester found: after an over-read the assistant saw only "Over-read by provider" (no comment, no
// reviewer, no time) and "Provider notified." with no details; the flag still said "notify the
// provider now" after the notification; a name with U+202E or 600 characters failed with no reason
// in the form; a pasted 2,800-character comment was stored cut; the pending banner sat above
// another SMITH, John with nothing saying it was not theirs; the patient scrolled away from the
// alert; the cart status read "(details: connected to tcp:...)".
const vp = { width: 1024, height: 768 };
const SMITH_1 = { mrn: 'MRN1001', family: 'Smith', given: 'John', dob: '1950-03-04', sex: 'male' };
const SMITH_2 = { mrn: 'MRN1002', family: 'Smith', given: 'John', dob: '1972-11-30', sex: 'male' };
const ZONED_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (UTC|GMT[+-]?\d*|[A-Z]{3,5})/;

let st: RunningStation;
let browser: Browser;
let ma: Page;
let prov: Page;

/** Whether the element lies wholly inside the viewport, below the sticky SIMULATED banner. */
async function inViewport(page: Page, l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  const banner = await page.getByRole('alert', { name: 'Simulated mode' }).boundingBox();
  if (box === null || (banner !== null && box.y < banner.y + banner.height - 1)) return false;
  return box.y >= -1 && box.y + box.height <= vp.height + 1;
}

beforeAll(async () => {
  st = await startTestStation({ simulatedCartRecord: join(import.meta.dirname, '../../../shared/ecg/cinc2021-dev/JS20005.hea') });
  browser = await launchChromium();
  ma = await openAsAssistantOn(st, browser, vp);
  await registerPatient(ma, SMITH_1);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await st?.close();
});

describe('the review trail, the notification form and the pending banner, as the assistant and the provider see them', () => {
  it('after the capture: the cart status in plain words, the patient\'s identifiers in view with the alert', async () => {
    await ma.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    const status = ma.getByRole('status', { name: 'Cart status' });
    await status.getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    const line = status.locator('span').first();
    await expect(line.textContent()).resolves.toBe('Cart: connected');
    await expect(line.getAttribute('title')).resolves.toMatch(/tcp:|connected/);
    await ma.getByRole('button', { name: 'Capture' }).click();
    const alert = ma.getByRole('region', { name: 'EKG review' }).getByRole('alert', { name: 'Immediate finding' });
    await alert.getByText(/Immediate attention/).waitFor({ timeout: 40_000 });
    const ids = alert.getByLabel('Patient of this EKG');
    await expect(ids.textContent()).resolves.toMatch(/SMITH, John\s*DOB 1950-03-04\s*MRN MRN1001/);
    await expect.poll(() => inViewport(ma, alert), { timeout: 5_000 }).toBe(true);
    expect(await inViewport(ma, ids)).toBe(true);
    await ma.screenshot({ path: screenshotPath('ekg-trail-1024-alert-with-patient') });
  }, 90_000);

  it('refuses a name with hidden characters or too long, saying why in the form; shows whom, how, when and by whom once recorded; the flag stops asking', async () => {
    const review = ma.getByRole('region', { name: 'EKG review' });
    const form = review.getByRole('group', { name: 'Record the provider notification' });
    const whom = form.getByLabel('Provider notified', { exact: true });
    const record = form.getByRole('button', { name: 'Record notification' });
    await whom.fill('Dr \u202EPaula');
    await form.getByText(/hidden control or text-direction character/).waitFor();
    await expect(record.isDisabled()).resolves.toBe(true);
    await whom.fill('D'.repeat(600));
    await form.getByText('The name is 600 characters; at most 120 are kept: shorten it (a name and role are enough).').waitFor();
    await form.getByText('600 / 120 characters').waitFor();
    await expect(record.isDisabled()).resolves.toBe(true);
    await ma.screenshot({ path: screenshotPath('ekg-trail-1024-name-refused') });
    await whom.fill('Dr Paula Provider, cardiology');
    await form.getByLabel('How').selectOption('phone');
    await record.click();
    const trail = review.getByRole('region', { name: 'Review trail' });
    const notified = trail.getByRole('listitem').first();
    await expect.poll(() => notified.textContent()).toMatch(/^Provider notified: Dr Paula Provider, cardiology, by phone, at .+\. Recorded by Mary Assistant \(medical assistant\) at .+\.$/);
    expect((await notified.textContent()) ?? '').toMatch(ZONED_TIME);
    // Notified: the flag says what was seen; what is left to do is the acknowledgement.
    for (const where of [review.getByLabel('Flags'), review.getByRole('alert', { name: 'Immediate finding' })]) {
      await expect(where.textContent()).resolves.not.toMatch(/notify the provider now|get a provider now/);
    }
    await expect(review.getByLabel('Flags').textContent()).resolves.toMatch(/IMMEDIATE ST segment raised in neighbouring leads \([^)]*\)\./);
    await ma.screenshot({ path: screenshotPath('ekg-trail-1024-notified'), fullPage: true });
  }, 60_000);

  it('another SMITH, John on the provider\'s screen: the pending banner says it is NOT the patient on screen', async () => {
    prov = await browser.newPage({ viewport: vp });
    await prov.goto(st.host.url);
    await signIn(prov, PROVIDER);
    await registerPatient(prov, SMITH_2);
    const banner = prov.getByRole('alert', { name: 'Immediate EKG findings not acknowledged' });
    await banner.getByText('MRN MRN1001').waitFor({ timeout: 15_000 });
    await expect(banner.getByRole('note').textContent()).resolves.toMatch(/^NOT the patient on screen/);
    // The name stands isolated (<bdi>): no character in a stored name reorders the MRN after it.
    await expect(banner.getByRole('note').locator('bdi').textContent()).resolves.toBe('SMITH, John');
    await banner.scrollIntoViewIfNeeded();
    await prov.screenshot({ path: screenshotPath('ekg-trail-1024-pending-other-smith') });
  }, 60_000);

  it('the provider\'s worklist names the flags in the panel\'s words; a pasted long comment is counted and refused, never cut; the over-read reaches the assistant in full', async () => {
    const review = ma.getByRole('region', { name: 'EKG review' });
    await review.getByRole('button', { name: 'I have alerted a provider' }).click();
    const trail = review.getByRole('region', { name: 'Review trail' });
    await trail.getByText('Immediate finding acknowledged').waitFor();
    await expect(trail.getByRole('listitem').nth(1).textContent()).resolves.toMatch(/^Immediate finding acknowledged by Mary Assistant \(medical assistant\) at .+\.$/);

    const nav = prov.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: /Waiting for review/ }).click();
    const list = prov.getByRole('table', { name: 'EKGs waiting for review' });
    await list.getByText('MRN MRN1001').waitFor({ timeout: 15_000 });
    const row = (await list.locator('tbody tr').first().textContent()) ?? '';
    expect(row).toMatch(/ST segment raised in neighbouring leads \(/);
    expect(row).not.toMatch(/ST elevation|notify the provider/);
    await expect(list.locator('tbody tr').first().locator('bdi').textContent()).resolves.toBe('SMITH, John');
    await list.getByRole('button', { name: /^Review EKG / }).click();
    const pReview = prov.getByRole('region', { name: 'EKG review' });
    const box = pReview.getByLabel('Comment (required for an over-read)');
    await box.waitFor();
    const pasted = `${'Repeat the EKG after re-placing V1-V3, then call me. '.repeat(60).slice(0, 2799)}.`;
    await box.fill(pasted);
    // All of it is kept in the box (no silent cut at 600), counted, and refused before sending.
    await expect(box.inputValue()).resolves.toBe(pasted);
    await pReview.getByText('2800 / 600 characters · 0 / 6 line breaks').waitFor();
    await pReview.getByText('The comment is 2800 characters; the report prints at most 600: shorten it by 2200.').waitFor();
    await expect(pReview.getByRole('button', { name: 'Over-read' }).isDisabled()).resolves.toBe(true);
    await prov.screenshot({ path: screenshotPath('ekg-trail-1024-comment-too-long') });
    const comment = 'Not what it looks like: lead misplacement likely.\nRepeat the EKG with V1-V3 re-placed, then show me.\nЖдём повтор — W.';
    await box.fill(comment);
    await pReview.getByRole('button', { name: 'Over-read' }).click();
    await pReview.getByText('Over-read by provider').waitFor();

    // The assistant's window follows (ekg.reviewChanged): who, when, and the comment in full.
    const final = trail.getByRole('listitem').nth(2);
    await expect.poll(() => final.textContent(), { timeout: 10_000 }).toMatch(/^Over-read by Dr Paula Provider \(provider\) at .+\./);
    expect((await final.textContent()) ?? '').toMatch(ZONED_TIME);
    await expect(final.getByLabel("Provider's comment").innerText()).resolves.toBe(comment);
    await expect(review.textContent()).resolves.not.toContain('notify the provider now');
    await final.scrollIntoViewIfNeeded();
    await ma.screenshot({ path: screenshotPath('ekg-trail-1024-over-read-seen-by-ma') });
  }, 90_000);
});
