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
    await page.getByLabel('Date of birth').fill('1960-01-02');
    await page.getByLabel('Sex').selectOption('female');
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
    for (let i = 0; i < 4; i++) {
      await signIn('BADGE-0002', '0000');
      // The message is cleared on each submit, so this waits for this attempt's answer.
      await page.getByText('badge or PIN not recognized').waitFor();
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
  });
});
