import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { MA, addOperators, registerPatient, signIn } from '../helpers/uiSession.ts';

/**
 * UI tester findings on the Labels screen (round 15): a printed label and its Reprint… vanished
 * once the screen was left; "Collected at" kept the time the screen opened; the picker kept
 * refusing the patient switch after the waiting label printed; the wording for names the printer
 * refuses contradicted itself; the simulated printer was not tagged SIMULATED. The renderer's clock
 * is Playwright's (page.clock), so minutes pass without waiting for them.
 */
let s: RunningStation;
let browser: Browser;
let page: Page;
const printerDir = () => join(s.dataDir, 'simulated-printer');
const setPrinter = (state: string) => writeFileSync(join(printerDir(), 'control'), state);
const zpls = () => readdirSync(printerDir()).filter((f) => f.endsWith('.zpl')).sort();
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
const previewSvg = async () => decodeURIComponent((await page.getByRole('img', { name: 'Label preview' }).getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
/** The renderer's clock, as "Collected at" shows a minute (YYYY-MM-DD HH:MM, 24-hour). */
const rendererMinute = () =>
  page.evaluate(() => {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  });
const selectByMrn = async (mrn: string) => {
  await page.getByLabel('Scan the wristband (MRN)').fill(mrn);
  await page.getByLabel('Scan the wristband (MRN)').press('Enter');
};
const fillSpecimen = async (tests: string) => {
  await page.getByLabel('Specimen type').selectOption('urine');
  await page.getByLabel('Container').selectOption({ index: 1 });
  await page.getByLabel('Tests (comma separated)').fill(tests);
};

beforeAll(async () => {
  s = await startTestStation();
  addOperators(s.dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Three minutes behind main: the clock can then run ahead without a label "in the future".
  await page.clock.install({ time: Date.now() - 3 * 60_000 });
  await page.goto(s.host.url);
  await signIn(page, MA);
  await registerPatient(page, { mrn: 'QA-101', family: 'Jones', given: 'Brian', dob: '1985-07-14', sex: 'male' });
  await registerPatient(page, { mrn: 'QA-100', family: 'Smith', given: 'Anne', dob: '1990-02-03', sex: 'female' });
  await nav('Labels');
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('Labels screen, later (browser host, Chromium, SIMULATED printer)', () => {
  it('the printer status carries the SIMULATED tag, as the EKG cart line does', async () => {
    const status = page.getByRole('status', { name: 'Label printer' });
    await status.getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await expect(status.locator('.sim-tag').textContent()).resolves.toBe('SIMULATED');
  });

  it('"Collected at" follows the clock until the MA types a time; the label carries the time shown', async () => {
    const field = page.getByLabel('Collected at');
    const opened = await field.inputValue();
    expect(opened).toBe(await rendererMinute());
    await page.clock.fastForward(130_000);
    await fillSpecimen('UA');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    const now = await rendererMinute();
    expect(now).not.toBe(opened);
    await expect(field.inputValue()).resolves.toBe(now);
    expect(await previewSvg()).toContain(`>Coll ${now}`);
    await page.screenshot({ path: screenshotPath('labels-time-follows-clock') });

    // Typed: stays as typed while the clock runs on, until "Use the current time".
    const typed = opened;
    await field.fill(typed);
    await page.clock.fastForward(70_000);
    await expect(field.inputValue()).resolves.toBe(typed);
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    expect(await previewSvg()).toContain(`>Coll ${typed}`);
    await page.getByRole('button', { name: 'Use the current time' }).click();
    await expect(field.inputValue()).resolves.toBe(await rendererMinute());

    // Print: the label carries the time shown when Print is pressed.
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    const shown = await field.inputValue();
    await page.getByRole('button', { name: 'Print label' }).click();
    await page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first().getByText('printed', { exact: true }).waitFor({ timeout: 20_000 });
    const zpl = readFileSync(join(printerDir(), zpls().at(-1)!), 'utf8');
    expect(zpl).toContain(`^FDColl ${shown}  By mary^FS`);
  });

  it('a printed label and its Reprint… are listed whenever the Labels screen opens, also in a new window', async () => {
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await fillSpecimen('UC');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    // The date and minute the label carries (the field follows the clock, the label the time shown at
    // Print), listed and asked about with its date: the list covers 12 hours and may cross midnight.
    const collectedMinute = await page.getByLabel('Collected at').inputValue();
    await page.getByRole('button', { name: 'Print label' }).click();
    const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
    await row.getByText('printed', { exact: true }).waitFor({ timeout: 20_000 });
    const accession = (await row.locator('td').first().textContent())!.trim();
    await page.getByRole('button', { name: `Reprint ${accession}` }).waitFor();
    // Each row names its tube, so one tube's label is not reprinted for another of the same visit.
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells.slice(0, 4)).toEqual([accession, 'Sterile urine cup with urine', 'UC', collectedMinute]);
    await expect(page.getByRole('columnheader').allTextContents()).resolves.toEqual(expect.arrayContaining(['Tube', 'Tests', 'Collected']));
    await page.getByRole('table', { name: 'Print jobs' }).screenshot({ path: screenshotPath('labels-job-list-tubes') });
    await nav('EKG');
    await nav('Labels');
    await page.getByRole('button', { name: `Reprint ${accession}` }).waitFor();
    // No "printed" line for a label asked for before the screen opened: it says what happened now.
    await expect(page.getByRole('status', { name: 'Label printed' }).count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('labels-listed-after-leaving'), fullPage: true });

    // A new window (signed in anew): main lists it.
    const first = page;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.clock.install({ time: await first.evaluate(() => Date.now()) });
    await first.close();
    await page.goto(s.host.url);
    await signIn(page, MA);
    await selectByMrn('QA-100');
    await page.getByLabel('Current patient').getByText('MRN QA-100').waitFor();
    await nav('Labels');
    await page.getByRole('button', { name: `Reprint ${accession}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint reason' });
    await dialog.getByText(`Reprint the label of the sterile urine cup with urine, UC, collected ${collectedMinute} (${accession})?`).waitFor();
    await dialog.screenshot({ path: screenshotPath('labels-reprint-names-tube') });
    await expect(dialog.getByRole('button', { name: 'Reprint' }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Reason').selectOption('damaged');
    const before = zpls().length;
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    await page.getByRole('status', { name: 'Label printed' }).getByText(`Label ${accession} printed again.`).waitFor({ timeout: 20_000 });
    // The simulator saves the label it printed on its own time: polled, not read once.
    await expect.poll(() => zpls().length, { timeout: 10_000 }).toBe(before + 1);
    // Another patient's labels are not listed on his screen.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await selectByMrn('QA-101');
    await page.getByLabel('Current patient').getByText('MRN QA-101').waitFor();
    await nav('Labels');
    await page.getByRole('status', { name: 'Label printer' }).waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByRole('table', { name: 'Print jobs' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Change patient' }).click();
    await selectByMrn('QA-100');
    await page.getByLabel('Current patient').getByText('MRN QA-100').waitFor();
  });

  it('the picker\'s refusal for a waiting label turns into "printed: you can choose another patient" once it prints, and the switch goes through', async () => {
    await nav('Labels');
    setPrinter('paper-out');
    await page.getByText(/Label printer needs attention: out of labels/).waitFor({ timeout: 20_000 });
    await fillSpecimen('CULT');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    await page.getByRole('region', { name: 'Labels waiting for the printer' }).getByText(/waits for the printer \(out of labels/).waitFor({ timeout: 20_000 });
    const accession = (await page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first().locator('td').first().textContent())!.trim();

    await page.getByRole('button', { name: 'Change patient' }).click();
    await selectByMrn('QA-101');
    const refusal = page.getByRole('alert').getByText(/A label for this patient is still waiting for the printer \(out of labels/);
    await refusal.waitFor();
    setPrinter('ready');
    await page.getByRole('status', { name: 'No label waiting' }).getByText(`Label ${accession} printed: you can choose another patient now.`).waitFor({ timeout: 15_000 });
    await expect(refusal.count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('picker-after-label-printed') });
    await selectByMrn('QA-101');
    await page.getByLabel('Current patient').getByText('MRN QA-101').waitFor();
  });

  it('a name with a letter the printer lacks: says exactly which letters it prints, without contradiction', async () => {
    await registerPatient(page, { mrn: 'QA-104', family: 'Nguyễn', given: 'Thị', dob: '1970-05-05', sex: 'female' });
    await nav('Labels');
    const why = page.getByRole('alert', { name: 'Why no label' });
    await why
      .getByText(
        "The label printer cannot print some characters of the patient's family and given names: it prints only the letters A to Z, the accented letters of Western European languages (such as é, ñ, ü, ç, ø, ß), digits and common punctuation; it cannot print other accented letters (such as Vietnamese ễ, Polish ł or Czech č)",
        { exact: false },
      )
      .waitFor();
    expect(await why.textContent()).not.toMatch(/accented ones too/);
    await page.screenshot({ path: screenshotPath('labels-name-not-printable') });
  });
});
