import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startTestStation, type RunningStation } from './station.ts';

export const MA = { badge: 'BADGE-MA-01', pin: '1357', name: 'Mary Assistant' };
export const PROVIDER = { badge: 'BADGE-PR-01', pin: '8642', name: 'Dr Paula Provider' };

/** Creates the admin, an assistant and a provider with the real CLI against the station's data dir. */
export function addOperators(dataDir: string): void {
  const add = (login: string, name: string, role: string, badge: string, pin: string) =>
    execFileSync(process.execPath, ['bin/station.mjs', 'operators', 'add', '--login', login, '--name', name, '--role', role, '--badge', badge, '--data-dir', dataDir], {
      env: { ...process.env, STATION_PIN: pin },
    });
  add('admin', 'Ada Admin', 'admin', 'BADGE-AD-01', '2468');
  add('mary', MA.name, 'ma', MA.badge, MA.pin);
  add('paula', PROVIDER.name, 'provider', PROVIDER.badge, PROVIDER.pin);
}

export async function signIn(page: Page, who: { badge: string; pin: string; name: string }): Promise<void> {
  await page.getByLabel('Scan your badge').fill(who.badge);
  await page.getByLabel('Scan your badge').press('Enter');
  await page.getByLabel('PIN', { exact: true }).fill(who.pin);
  await page.getByLabel('PIN', { exact: true }).press('Enter');
  await page.getByText(who.name).first().waitFor();
}

/** Registers a patient through the picker (which the station shows when a screen needs one). */
export async function registerPatient(page: Page, p: { mrn: string; family: string; given: string; dob: string; sex: string }): Promise<void> {
  const picker = page.getByRole('heading', { name: 'Select the patient' });
  if (!(await picker.isVisible())) await page.getByRole('button', { name: /Select patient|Change patient/ }).click();
  await page.getByRole('button', { name: 'New patient…' }).click();
  await page.getByLabel('MRN').fill(p.mrn);
  await page.getByLabel('Family name').fill(p.family);
  await page.getByLabel('Given name').fill(p.given);
  await page.getByLabel('Date of birth').fill(p.dob);
  await page.getByLabel('Sex').selectOption(p.sex);
  await page.getByRole('button', { name: 'Save patient' }).click();
  const saved = page.getByLabel('Current patient').getByText(`MRN ${p.mrn}`);
  // A name the labels or the EKG report cannot print is saved once the operator confirms it.
  const asTyped = page.getByRole('alert', { name: 'Name the station cannot print' }).getByRole('button', { name: 'The name is right: save it as typed' });
  await saved.or(asTyped).first().waitFor();
  if (await asTyped.isVisible()) await asTyped.click();
  await saved.waitFor();
}

/** Adds the three operators to a running station and opens it in `browser`, signed in as the assistant. */
export async function openAsAssistantOn(s: RunningStation, browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  addOperators(s.dataDir);
  const page = await browser.newPage({ viewport });
  await page.goto(s.host.url);
  await signIn(page, MA);
  return page;
}

/** A station with the three operators, and Chromium showing it signed in as the assistant. */
export async function openAsAssistant(viewport: { width: number; height: number }): Promise<{ s: RunningStation; browser: Browser; page: Page; close(): Promise<void> }> {
  const s = await startTestStation();
  const browser = await launchChromium();
  const page = await openAsAssistantOn(s, browser, viewport);
  return {
    s,
    browser,
    page,
    close: async () => {
      await browser.close();
      await s.close();
    },
  };
}
