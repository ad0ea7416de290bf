import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';

// The station's clock: the test moves it forward instead of sleeping through the auto-lock delay.
let nowMs = Date.parse('2026-11-22T09:00:00Z');
let s: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  s = await startTestStation({ clockMs: () => nowMs });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const banner = () => page.getByLabel('Current patient');
const signIn = async (badge: string, pin: string) => {
  await page.getByLabel('Scan your badge').fill(badge);
  await page.getByLabel('Scan your badge').press('Enter');
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByLabel('PIN', { exact: true }).press('Enter');
};

/** A call through a fresh socket of this page's origin, signed in as `badge`: what a forged UI could do. */
const rawCalls = (calls: Array<{ channel: string; payload: unknown }>) =>
  page.evaluate(
    async ({ port, token, calls }) =>
      new Promise<unknown[]>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc`, ['station-v1', `token.${token}`]);
        const out: unknown[] = [];
        // One call at a time, each after the previous answer.
        const next = () => ws.send(JSON.stringify({ id: out.length + 1, ...calls[out.length] }));
        ws.onopen = next;
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { kind: string };
          if (msg.kind !== 'result') return; // pushed events (printer state...) are not answers
          out.push(msg);
          if (out.length === calls.length) resolve(out);
          else next();
        };
      }),
    { port: s.host.port, token: s.host.token, calls },
  );

describe('records in the UI (browser host, real Chromium, real SQLite)', () => {
  it('first run creates the administrator and signs in', async () => {
    await page.goto(s.host.url);
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.getByLabel('Badge (scan it)').fill('BADGE-0001');
    await page.getByLabel('PIN (4 to 12 digits)').fill('2468');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Ada Admin · Administrator').waitFor();
    // The administrator adds the medical assistant (operators are managed from the CLI for now).
    execFileSync(process.execPath, ['bin/station.mjs', 'operators', 'add', '--login', 'mary', '--name', 'Mary Assistant', '--role', 'ma', '--badge', 'BADGE-0002', '--data-dir', s.dataDir], {
      env: { ...process.env, STATION_PIN: '1357' },
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('the assistant registers and selects a patient; two identifiers show on screen', async () => {
    await signIn('BADGE-0002', '1357');
    await page.getByText('Mary Assistant · Medical assistant').waitFor();
    await page.getByRole('button', { name: 'Select patient' }).click();
    await page.getByRole('button', { name: 'New patient…' }).click();
    await page.getByLabel('MRN').fill('MRN123');
    await page.getByLabel('Family name').fill('Lovelace');
    await page.getByLabel('Given name').fill('Ada');
    // 1890 for 1960 (or 1990) is a typo, not a patient: refused in words before anything is saved.
    await page.getByLabel('Date of birth').fill('1890-01-02');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await page.getByRole('alert').getByText('Date of birth cannot be more than 130 years ago: check the year.').waitFor();
    await expect(banner().textContent()).resolves.toContain('No patient selected');
    await page.getByLabel('Date of birth').fill('1960-01-02');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await banner().getByText('LOVELACE, Ada').waitFor();
    await expect(banner().textContent()).resolves.toMatch(/DOB 1960-01-02.*MRN MRN123/);
    // A wristband scan selects by MRN; an unknown MRN is refused with a message.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('NOPE999');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.locator('.error-text').waitFor();
    await page.getByLabel('Scan the wristband (MRN)').fill('MRN123');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await banner().getByText('MRN MRN123').waitFor();
    await page.screenshot({ path: screenshotPath('records-patient') });
  });

  it('at 1024 px each identifier stays whole (the banner read "DOB 1961-" then "02-03"); a search finds "given family"', async () => {
    await page.setViewportSize({ width: 1024, height: 860 });
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByRole('button', { name: 'New patient…' }).click();
    await page.getByLabel('MRN').fill('MRN-LONG-000123');
    await page.getByLabel('Family name').fill('Trialman-Featherstonehaugh');
    await page.getByLabel('Given name').fill('Samantha Josephine');
    await page.getByLabel('Date of birth').fill('1961-02-03');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await banner().getByText('MRN MRN-LONG-000123').waitFor();
    // The lines each identifier's text is laid out on (the distinct tops of its text's line boxes): one each.
    const lines = () =>
      banner()
        // The name is a bdi (isolated: no character in it reorders the DOB and MRN after it).
        .locator('span, bdi')
        .evaluateAll((els) =>
          els.map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return `${el.textContent}: ${new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size}`;
          }),
        );
    await expect(lines()).resolves.toEqual(['TRIALMAN-FEATHERSTONEHAUGH, Samantha Josephine: 1', 'DOB 1961-02-03: 1', 'MRN MRN-LONG-000123: 1']);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(1024);
    await page.screenshot({ path: screenshotPath('records-banner-1024') });

    // Names as they are said, given then family, find the patient ("Trialman, Sam" did, "Sam Trialman" did not).
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Or search by name or MRN').fill('Samantha Trialman');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: 'Matching patients' });
    await results.getByText('MRN-LONG-000123').waitFor();
    await expect(results.getByRole('button', { name: /^Select / }).count()).resolves.toBe(1);
    // Back to the patient the next steps use.
    await page.getByLabel('Scan the wristband (MRN)').fill('MRN123');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await banner().getByText('MRN MRN123').waitFor();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('locks by hand and after inactivity, hiding the patient until the PIN is entered', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Station locked' }).waitFor();
    await expect(banner().count()).resolves.toBe(0);
    await expect(page.getByText('LOVELACE').count()).resolves.toBe(0);
    await page.getByLabel('PIN').fill('1357');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await banner().getByText('LOVELACE, Ada').waitFor();

    nowMs += 6 * 60_000; // past the 5-minute default
    await page.getByRole('heading', { name: 'Station locked' }).waitFor({ timeout: 15_000 });
    await expect(page.getByText('LOVELACE').count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('records-locked') });
    await page.getByLabel('PIN').fill('1357');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await banner().waitFor();
  });

  it('role checks live in main: the assistant has no Audit screen and main refuses the call', async () => {
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).count()).resolves.toBe(0);
    const [signedIn, audit] = (await rawCalls([
      { channel: 'records.session.signIn', payload: { badgeId: 'BADGE-0002', pin: '1357' } },
      { channel: 'records.audit.query', payload: {} },
    ])) as Array<{ result: { ok: boolean; error?: { code: string } } }>;
    expect(signedIn!.result.ok).toBe(true);
    expect(audit!.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('locks an account out after 5 wrong PINs, and says so', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Each wrong PIN says how many attempts are left, so the assistant stops in time.
    for (const left of ['4 attempts', '3 attempts', '2 attempts', '1 attempt']) {
      await signIn('BADGE-0002', '0000');
      // The message is cleared on each submit, so this waits for this attempt's answer.
      await page.getByRole('alert').getByText(`badge or PIN not recognized: ${left} left before this account is locked`, { exact: true }).waitFor();
      await page.getByLabel('Scan your badge').fill('');
    }
    // The 5th wrong PIN locks the account and says so itself.
    await signIn('BADGE-0002', '0000');
    await page.getByText(/locked after too many attempts/).waitFor();
    await page.getByLabel('Scan your badge').fill('');
    // The right PIN no longer opens it.
    await signIn('BADGE-0002', '1357');
    await page.getByText(/locked after too many attempts/).waitFor();
    await page.screenshot({ path: screenshotPath('records-lockout') });
  });

  it('the administrator sees all of it in the audit trail', async () => {
    await page.getByLabel('Scan your badge').fill('');
    await signIn('BADGE-0001', '2468');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('button', { name: 'Show entries' }).click();
    const table = page.getByRole('table', { name: 'Audit entries' });
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    for (const verb of ['sign-in', 'sign-out', 'lock', 'unlock', 'patient']) expect(text).toContain(verb);
    expect(text).toMatch(/failure/);
    // The administrator sets the auto-lock delay; the change is audited as a configuration change.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Station' }).click();
    const autoLock = page.getByRole('group', { name: 'Auto-lock' });
    // The current value arrives from main shortly after the screen opens.
    await expect.poll(() => autoLock.getByLabel(/Lock an idle session after/).inputValue()).toBe('5');
    await autoLock.getByLabel(/Lock an idle session after/).fill('10');
    await autoLock.getByRole('button', { name: 'Save' }).click();
    await autoLock.getByText('Idle sessions now lock after 10 minutes.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('button', { name: 'Show entries' }).click();
    await table.getByText('config-change').waitFor();
    // Details read as words for a person, not as the stored JSON: 5 to 10 minutes, the wristband scan.
    const change = table.getByRole('row').filter({ hasText: 'config-change' });
    await expect(change.getByRole('cell').last().textContent()).resolves.toBe('from: 300000 · to: 600000');
    const patientRows = await table.getByRole('row').filter({ hasText: 'patient' }).allTextContents();
    expect(patientRows.join('\n')).toContain('via: scan');
    expect(await table.textContent()).not.toContain('{');
    // A long unbroken value (a 128-character operator filter, kept in that search's own entry)
    // wraps inside its cell: on a 1024-px clinic screen the page never scrolls sideways.
    const longFilter = 'x'.repeat(128);
    await page.getByLabel('Operator', { exact: true }).fill(longFilter);
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => table.getByText('config-change').count()).toBe(0); // no operator has that id
    await page.getByLabel('Operator', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await table.getByText(`operatorFilter: ${longFilter}`).waitFor();
    await page.setViewportSize({ width: 1024, height: 860 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(1024);
    await page.screenshot({ path: screenshotPath('records-audit'), fullPage: true });

    // The administrator knows the MRN, not the station's patient id: the MRN finds the patient's entries.
    await page.getByLabel('Patient MRN').fill('mrn123');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(async () => new Set(await table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') }).locator('td:nth-child(5)').allTextContents())).toEqual(new Set(['MRN123']));
    await expect(table.textContent()).resolves.toMatch(/create/);
    // An MRN no patient has is said as such, and the previous entries go.
    await page.getByLabel('Patient MRN').fill('NOPE-404');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByRole('alert').getByText('No patient on this station has that MRN: check it, or clear the patient filter.', { exact: true }).waitFor();
    await expect(table.count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('records-audit-mrn-unknown') });

    // One minute is singular (the screen said "1 minutes").
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Station' }).click();
    await expect.poll(() => autoLock.getByLabel(/Lock an idle session after/).inputValue()).toBe('10');
    await autoLock.getByLabel(/Lock an idle session after/).fill('1');
    await autoLock.getByRole('button', { name: 'Save' }).click();
    await autoLock.getByText('Idle sessions now lock after 1 minute.', { exact: true }).waitFor();
  });
});
