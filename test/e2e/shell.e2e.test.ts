import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';

let s: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  s = await startTestStation();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('station shell in real Chromium (browser host)', () => {
  it('loads, shows SIMULATED and the navigation, and round-trips through the contract', async () => {
    await page.goto(s.host.url);
    await page.getByRole('status', { name: 'Connection to the station service' }).getByText('Connected').waitFor();
    await expect(page.getByRole('alert', { name: 'Simulated mode' }).textContent()).resolves.toContain('SIMULATED');
    // The token left the address bar after use.
    expect(page.url()).not.toContain('token=');
    // A new station starts with its first-run setup; nothing else is reachable before it.
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.getByLabel('Badge (scan it)').fill('BADGE-0001');
    await page.getByLabel('PIN (4 to 12 digits)').fill('2468');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    await expect(nav.getByRole('button').allTextContents()).resolves.toEqual(['Audit', 'Station']);
    await nav.getByRole('button', { name: 'Station' }).click();

    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect(page.getByRole('status', { name: 'Connection check result' }).textContent()).resolves.toMatch(/answered in/);
    await page.screenshot({ path: screenshotPath('shell-station') });
  });

  it('a page without the token cannot reach the services', async () => {
    const other = await browser.newPage();
    await other.goto(s.host.origin + '/');
    await other.getByRole('status', { name: 'Connection to the station service' }).getByText('Not connected').waitFor();
    await expect.poll(() => other.getByRole('alert').filter({ hasText: 'launch token' }).count()).toBe(1);
    await other.close();
  });

  it('a forged WebSocket from another origin is refused', async () => {
    const evil = await browser.newPage();
    await evil.goto('about:blank');
    const outcome = await evil.evaluate(async ({ port, token }) => {
      return new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc`, ['station-v1', `token.${token}`]);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    }, { port: s.host.port, token: s.host.token });
    expect(outcome).toBe('refused');
    await evil.close();
  });
});
