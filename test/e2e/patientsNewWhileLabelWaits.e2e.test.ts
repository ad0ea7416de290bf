import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { screenshotPath } from '../helpers/browser.ts';
import type { RunningStation } from '../helpers/station.ts';
import { openAsAssistant, registerPatient } from '../helpers/uiSession.ts';

/**
 * A tester's F2: with a label for O'BRIEN waiting for paper, the MA registered a new patient from
 * "Change patient -> New patient…". Save patient left the form open and filled without a word,
 * while the log had the new patient created and the switch to them refused (labels-waiting); when
 * the label printed, the form still said nothing. Now main registers no patient it could not
 * select, and the form says why in the picker's words, and when she can save.
 */
let s: RunningStation;
let page: Page;
let close: () => Promise<void>;
const setPrinter = (state: string) => writeFileSync(join(s.dataDir, 'simulated-printer', 'control'), state);
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
const banner = () => page.getByLabel('Current patient');
function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(join(s.dataDir, 'station.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
const patientIdOf = (mrn: string) => query<{ id: number }>('SELECT id FROM patients WHERE mrn = ?', mrn)[0]?.id;
/** The patient entries of the log from `afterSeq` on: what was created, and which leaves were refused why. */
const patientEntries = (afterSeq: number) =>
  query<{ verb: string; outcome: string; reason: string | null; patientId: string | null; details: string }>(
    "SELECT verb, outcome, reason, patient_id AS patientId, details FROM audit_log WHERE seq > ? AND object_type = 'patient' AND verb IN ('create', 'leave-patient') ORDER BY seq",
    afterSeq,
  );
const headSeq = () => query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_log')[0]!.seq;

beforeAll(async () => {
  ({ s, page, close } = await openAsAssistant({ width: 1280, height: 900 }));
  await registerPatient(page, { mrn: 'LB-1', family: "O'Brien", given: 'Pat', dob: '1958-04-09', sex: 'male' });
});
afterAll(async () => {
  await close?.();
});

describe('New patient while a label waits for the printer (browser host, Chromium, SIMULATED printer)', () => {
  it('saves nothing, says why in the picker\'s words with the patient still selected, and saves and selects once the label has printed', async () => {
    await nav('Labels');
    setPrinter('paper-out');
    await page.getByText(/Label printer needs attention: out of labels/).waitFor({ timeout: 20_000 });
    await page.getByLabel('Specimen type').selectOption({ index: 1 });
    await page.getByLabel('Container').selectOption({ index: 1 });
    await page.getByLabel('Tests (comma separated)').fill('CBC');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
    await row.getByText(/waiting for the printer \(out of labels/).waitFor({ timeout: 20_000 });
    const accession = (await row.locator('td').first().textContent())!.trim();
    const obrien = String(patientIdOf('LB-1'));
    const before = headSeq();

    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByRole('button', { name: 'New patient…' }).click();
    await page.getByLabel('MRN').fill('LB-2');
    await page.getByLabel('Family name').fill('Smith');
    await page.getByLabel('Given name').fill('Anna');
    await page.getByLabel('Date of birth').fill('1984-06-15');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByRole('button', { name: 'Save patient' }).click();

    // Said where she is: not saved, still O'BRIEN, main's reason (the picker's words), what to do.
    const kept = page.getByRole('status').filter({ hasText: 'The new patient has not been saved.' });
    await kept.waitFor();
    await expect(kept.textContent()).resolves.toBe("The new patient has not been saved. The patient has not changed: still O'BRIEN, Pat DOB 1958-04-09 MRN LB-1.");
    const refusal = page.getByRole('alert', { name: 'Label waiting for the printer' });
    await expect(refusal.textContent()).resolves.toMatch(/^A label for this patient is still waiting for the printer \(out of labels.*\)\. Let it print, or cancel it on the Labels screen, before leaving the patient\.$/);
    await expect(page.getByRole('status', { name: 'What to do next' }).textContent()).resolves.toBe(
      'What you typed stays here. Once no label is waiting, press Save patient: the new patient is then saved and selected.',
    );
    await page.screenshot({ path: screenshotPath('new-patient-label-waiting'), fullPage: true });
    // The form keeps what was typed; nothing half-happened: no patient LB-2, O'BRIEN still selected.
    await expect(page.getByLabel('MRN').inputValue()).resolves.toBe('LB-2');
    await expect(banner().textContent()).resolves.toContain('MRN LB-1');
    expect(patientIdOf('LB-2')).toBeUndefined();
    expect(patientEntries(before)).toEqual([{ verb: 'leave-patient', outcome: 'failure', reason: 'labels-waiting', patientId: obrien, details: JSON.stringify({ toPatientId: 'new' }) }]);

    // The label prints: the form says so, in the picker's words, and Save now saves and selects.
    setPrinter('ready');
    await page.getByRole('status', { name: 'No label waiting' }).getByText(`Label ${accession} printed: you can choose another patient now.`).waitFor({ timeout: 20_000 });
    await expect(refusal.count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('new-patient-label-printed'), fullPage: true });
    await page.getByRole('button', { name: 'Save patient' }).click();
    await banner().getByText('MRN LB-2').waitFor();
    const smith = String(patientIdOf('LB-2'));
    expect(patientEntries(before).slice(1)).toEqual([{ verb: 'create', outcome: 'success', reason: null, patientId: smith, details: expect.any(String) }]);
  });
});
