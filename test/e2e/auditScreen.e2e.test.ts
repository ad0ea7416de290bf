import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import { openAsAssistant, registerPatient, signIn } from '../helpers/uiSession.ts';

const ADMIN = { badge: 'BADGE-AD-01', pin: '2468', name: 'Ada Admin' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ page, close } = await openAsAssistant({ width: 1280, height: 900 }));
});
afterAll(async () => {
  await close?.();
});

describe('Audit screen: reasons, patients by MRN, plain filters (browser host, Chromium)', () => {
  it('shows a reprint\'s reason and its patient by MRN, short object ids, and says which date is wrong', async () => {
    // The assistant prints a label and reprints it as damaged.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await registerPatient(page, { mrn: 'AUD-0001', family: 'Auditson', given: 'Ann', dob: '1970-04-05', sex: 'female' });
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await page.getByLabel('Specimen type').selectOption({ index: 1 });
    await page.getByLabel('Container').selectOption({ index: 1 });
    await page.getByLabel('Tests (comma separated)').fill('CBC');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    const jobs = page.getByRole('table', { name: 'Print jobs' });
    await jobs.getByText('printed').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /^Reprint ST/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Reprint reason' });
    await dialog.getByLabel('Reason').selectOption('damaged');
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    // The reprint's row (its wording is the Labels screen's own), printed.
    await jobs.getByRole('row').filter({ hasText: /reprint/ }).filter({ hasText: 'printed' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The administrator looks for reprints: the filters say what they are in plain words.
    await signIn(page, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
    await expect(page.getByLabel('Kind of action').locator('option').allTextContents()).resolves.toContain('Execute (printed, sent, signed in)');
    await expect(page.getByLabel('Patient id (internal)').isVisible()).resolves.toBe(false); // secondary: behind "Internal patient id"
    await page.getByLabel('Action', { exact: true }).fill('label-reprint');
    await page.getByRole('button', { name: 'Show entries' }).click();
    const table = page.getByRole('table', { name: 'Audit entries' });
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Entry, time', 'Operator', 'Action', 'Object', 'Patient', 'Outcome', 'Reason', 'Details']);
    const row = table.getByRole('row').filter({ hasText: 'label-reprint' });
    await expect(row.count()).resolves.toBe(1);
    const cells = await row.getByRole('cell').allTextContents();
    const cell = (name: string) => cells[headers.indexOf(name)]!;
    expect(cell('Reason')).toBe('damaged');
    expect(cell('Patient')).toBe('AUD-0001');
    expect(cell('Outcome')).toBe('success');
    // The job's id is shortened in its column; whole in the details only.
    for (const name of ['Operator', 'Action', 'Object', 'Patient', 'Outcome', 'Reason']) expect(cell(name)).not.toMatch(UUID);
    expect(cell('Details')).toMatch(UUID);
    await page.screenshot({ path: screenshotPath('audit-reason-mrn'), fullPage: true });

    // A From date after the To date: said by name, with what to do.
    await page.getByLabel('Action', { exact: true }).fill('');
    await page.getByLabel('From').fill('2026-02-10');
    await page.getByLabel('To', { exact: true }).fill('2026-02-01');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByRole('alert').getByText('The From date is after the To date: choose a From date on or before the To date.', { exact: true }).waitFor();
    await expect(page.getByText('Something entered here was not accepted').count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('audit-dates-reversed') });
  });
});
