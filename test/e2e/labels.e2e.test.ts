import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { screenshotPath } from '../helpers/browser.ts';
import type { RunningStation } from '../helpers/station.ts';
import { MA, PROVIDER, openAsAssistant, registerPatient, signIn } from '../helpers/uiSession.ts';

let s: RunningStation;
let page: Page;
let close: () => Promise<void>;
const printerDir = () => join(s.dataDir, 'simulated-printer');
const setPrinter = (state: string) => writeFileSync(join(printerDir(), 'control'), state);
/** The simulator renders each label it receives to PNG after printing it: wait for the n-th. */
async function printedPngs(n: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const pngs = readdirSync(printerDir()).filter((f) => f.endsWith('.png')).sort();
    if (pngs.length >= n) return pngs;
    await new Promise((r) => setTimeout(r, 200));
  }
  return readdirSync(printerDir()).filter((f) => f.endsWith('.png'));
}
/**
 * Prints the label on screen and waits for it: its accession (the newest job row), the ZPL the
 * printer got, and what its printed PNG's barcode scans as. `printedBefore`: labels printed until now.
 */
async function printAndRead(printedBefore: number): Promise<{ accession: string; zpl: string; scanned: string }> {
  await page.getByRole('button', { name: 'Print label' }).click();
  const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
  await row.getByText('printed').waitFor({ timeout: 20_000 });
  const accession = (await row.locator('td').first().textContent())!.trim();
  const png = (await printedPngs(printedBefore + 1)).at(-1)!;
  const zpl = readFileSync(join(printerDir(), png.replace(/\.png$/, '.zpl')), 'utf8');
  return { accession, zpl, scanned: execFileSync('zbarimg', ['--quiet', '--raw', join(printerDir(), png)], { encoding: 'utf8' }).trim() };
}


beforeAll(async () => {
  ({ s, page, close } = await openAsAssistant({ width: 1280, height: 900 }));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
});
afterAll(async () => {
  await close?.();
});

/** 59 letters: a family name a UI tester could not get a label for. */
const FAMILY_59 = 'Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Smyth';
/** The SVG the Preview shows (drawn from the same layout the printer gets). */
const previewSvg = async () => decodeURIComponent((await page.getByRole('img', { name: 'Label preview' }).getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));

const fillSpecimen = async () => {
  await page.getByLabel('Specimen type').selectOption({ index: 1 });
  await page.getByLabel('Container').selectOption({ index: 1 });
  await page.getByLabel('Tests (comma separated)').fill('CBC, BMP');

};

describe('Labels screen (browser host, Chromium, SIMULATED printer over TCP)', () => {
  it('a name too long for the label previews cut, with a visible marker and a note; Print is offered', async () => {
    await registerPatient(page, { mrn: 'LBL-0001', family: FAMILY_59, given: 'Maximilian', dob: '1948-03-09', sex: 'male' });
    await fillSpecimen();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    const note = page.getByRole('status', { name: 'Name shortened on the label' });
    await note.getByText(/^The name is too long for the label and prints shortened, as WOLFESCHLEGELSTEINHAUSENBERGER[A-Z]*\.\.\., M\. .*The MRN and date of birth print in full/).waitFor();
    const printedAs = (await note.locator('strong').textContent())!;
    // The note quotes the label: the same text is in the preview, with the MRN and DOB whole.
    const svg = await previewSvg();
    expect(svg).toContain(`>${printedAs}</text>`);
    expect(svg).toContain('>DOB 1948-03-09  MRN LBL-0001</text>');
    await expect(page.getByRole('button', { name: 'Print label' }).isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('labels-long-name') });
  });

  it('previews, prints, and the printed label scans back to its accession', async () => {
    await registerPatient(page, { mrn: 'LBL-0002', family: 'Abercrombie-Fitzgerald', given: 'Maximilian Alexander', dob: '1948-03-09', sex: 'male' });
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await fillSpecimen();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    const jobs = page.getByRole('table', { name: 'Print jobs' });
    await jobs.getByText('printed').waitFor({ timeout: 20_000 });
    const accession = (await jobs.locator('tbody tr').first().locator('td').first().textContent())!.trim();
    await page.screenshot({ path: screenshotPath('labels-printed') });

    const pngs = await printedPngs(1);
    expect(pngs).toHaveLength(1);
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', join(printerDir(), pngs[0]!)], { encoding: 'utf8' }).trim();
    expect(decoded).toBe(accession);
  });

  it('blocks clearly when the printer needs attention, then prints the waiting label once it is ready', async () => {
    setPrinter('paper-out');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByText(/Label printer needs attention: out of labels/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Print label' }).click();
    const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
    await row.getByText(/queued/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('labels-paper-out') });
    setPrinter('ready');
    await row.getByText('printed').waitFor({ timeout: 30_000 });
    expect(await printedPngs(2)).toHaveLength(2);
  });

  it('a reprint needs a reason', async () => {
    await page.getByRole('button', { name: /^Reprint ST/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Reprint reason' });
    await expect(dialog.getByRole('button', { name: 'Reprint' }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Reason').selectOption('damaged');
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    await page.getByRole('table', { name: 'Print jobs' }).getByText('reprint (Label damaged)').waitFor();
  });

  it('a label waiting for paper holds the MA on the patient until she cancels it, and then never prints', async () => {
    const printed = (await printedPngs(3)).length;
    setPrinter('paper-out');
    await page.getByText(/Label printer needs attention: out of labels/).waitFor({ timeout: 20_000 });
    await page.getByLabel('Tests (comma separated)').fill('TSH');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
    await row.getByText(/waiting for the printer \(out of labels/).waitFor({ timeout: 20_000 });

    // Another patient: refused by main, said in the picker where patient changes are refused.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0001');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByRole('alert').getByText(/A label for this patient is still waiting for the printer \(out of labels.*cancel it on the Labels screen/).waitFor();
    await page.screenshot({ path: screenshotPath('labels-waiting-refused') });

    // Back on the Labels screen the waiting label is listed; a double click cancels it once.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    const cancel = page.getByRole('button', { name: /^Cancel label ST/ });
    await cancel.dblclick();
    await page.getByRole('table', { name: 'Print jobs' }).getByText(/^cancelled/).waitFor();
    await expect(page.getByText(/already cancelled|no longer waiting/).count()).resolves.toBe(0);
    const db = new Database(join(s.dataDir, 'station.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT operator_id, reason FROM audit_log WHERE verb = 'label-cancel'").all()).toEqual([{ operator_id: 'mary', reason: 'operator' }]);
    } finally {
      db.close();
    }

    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0001');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN LBL-0001').waitFor();
    setPrinter('ready');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    // The worker retries every second: three of them with paper, and still nothing came out.
    await new Promise((r) => setTimeout(r, 3000));
    expect(readdirSync(printerDir()).filter((f) => f.endsWith('.zpl'))).toHaveLength(printed);
  });

  it('at 1024x768: a waiting label is at the top; the lock screen says why Sign out is refused, lets another operator take over, and the MA is told of the withdrawn label', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const printed = (await printedPngs(3)).length;
    setPrinter('paper-out');
    const banner = page.getByRole('status', { name: 'Label printer' });
    await banner.getByText(/out of labels: load a new roll; then, if it does not start printing, press its pause button once/).waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).not.toMatch(/paused:/);
    // The patient who printed before.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0002');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN LBL-0002').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await fillSpecimen();
    await page.getByLabel('Tests (comma separated)').fill('INR');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).click();
    const top = page.getByRole('region', { name: 'Labels waiting for the printer' });
    await top.getByText(/waits for the printer \(out of labels/).waitFor({ timeout: 20_000 });
    // Above the form, on the first screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    const cancelBox = await top.getByRole('button', { name: /^Cancel label ST/ }).boundingBox();
    expect(cancelBox!.y).toBeGreaterThan(0);
    expect(cancelBox!.y + cancelBox!.height).toBeLessThan(768);
    await page.screenshot({ path: screenshotPath('labels-waiting-top-1024') });

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Station locked' }).waitFor();
    await page.getByRole('status', { name: 'Labels held while locked' }).getByText(/^A label you asked for waits for the printer and will not print while the station is locked: it prints after you unlock\.$/).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('alert').getByText(/^Not signed out: A label for this patient is still waiting for the printer.*Unlock with your PIN/).waitFor();
    await page.screenshot({ path: screenshotPath('lock-signout-refused-1024') });

    await page.getByRole('button', { name: 'Sign in as someone else' }).click();
    await page.getByRole('status', { name: 'What signing in withdraws' }).getByText(/Mary Assistant has a label waiting for the printer\. If someone else signs in here, it is withdrawn/).waitFor();
    await page.screenshot({ path: screenshotPath('lock-take-over-1024') });
    await signIn(page, PROVIDER);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, MA);
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0002');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN LBL-0002').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    const notPrinted = page.getByRole('region', { name: 'Labels not printed' });
    await notPrinted.getByText(/^Label ST\w+ \(asked for at .*\) was not printed: withdrawn because .*someone else signed in.*Print it again if the tube still needs a label\.$/).waitFor();
    await page.screenshot({ path: screenshotPath('labels-withdrawn-told-1024') });
    expect(readdirSync(printerDir()).filter((f) => f.endsWith('.zpl'))).toHaveLength(printed);

    // Print again: the same label, queued once; it prints when the paper is back.
    await notPrinted.getByRole('button', { name: /^Print ST\w+ again$/ }).dblclick();
    await top.getByText(/waits for the printer/).waitFor({ timeout: 20_000 });
    await expect(notPrinted.count()).resolves.toBe(0);
    setPrinter('ready');
    await page.getByRole('table', { name: 'Print jobs' }).getByText('reprint (Printing was interrupted)').waitFor();
    expect(await printedPngs(printed + 1)).toHaveLength(printed + 1);
    await new Promise((r) => setTimeout(r, 2000));
    expect(readdirSync(printerDir()).filter((f) => f.endsWith('.zpl'))).toHaveLength(printed + 1);
  });

  it('the long name prints as previewed: cut with the marker, MRN and DOB whole, and the barcode scans', async () => {
    const printed = (await printedPngs(4)).length;
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0001');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN LBL-0001').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await fillSpecimen();
    const printedAs = (await page.getByRole('status', { name: 'Name shortened on the label' }).locator('strong').textContent())!;
    const { accession, zpl, scanned } = await printAndRead(printed);
    expect(printedAs).toMatch(/\.\.\., M\.$/);
    expect(zpl).toContain(`^FD${printedAs}^FS`);
    expect(zpl).toContain('^FDDOB 1948-03-09  MRN LBL-0001^FS');
    expect(scanned).toBe(accession);
  });

  it('a name in Chinese/Japanese/Korean characters: the screen says at once why no label and what to do; the preview follows the patient', async () => {
    await registerPatient(page, { mrn: 'LBL-0003', family: '山田', given: '太郎', dob: '1975-06-01', sex: 'male' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    const why = page.getByRole('alert', { name: 'Why no label' });
    // Before any specimen is chosen: the MA knows before she draws the tube.
    await why.getByText(/^The label printer cannot print some characters of the patient's family and given names: it prints only the letters A to Z, the accented letters of Western European languages.*No label can be printed for this patient\. Label the tube by hand, copying the name, date of birth and MRN from the patient's wristband/).waitFor();
    await fillSpecimen();
    await why.getByText(/No label can be printed for this patient/).waitFor();
    // Time for main's answer to the preview request: a label drawn for this patient would show by now.
    await page.waitForTimeout(500);
    await expect(page.getByRole('img', { name: 'Label preview' }).count()).resolves.toBe(0);
    await expect(page.getByText('Choose the specimen to see the label.').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Print label' }).isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('labels-cjk-name') });

    // Back to a patient whose label prints: the preview is his, drawn anew, and the refusal is gone.
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByLabel('Scan the wristband (MRN)').fill('LBL-0002');
    await page.getByLabel('Scan the wristband (MRN)').press('Enter');
    await page.getByLabel('Current patient').getByText('MRN LBL-0002').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await fillSpecimen();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    expect(await previewSvg()).toContain('MRN LBL-0002</text>');
    await expect(why.count()).resolves.toBe(0);
  });

  it('the preview follows the form: a label that cannot be laid out says why where the preview was, then comes back', async () => {
    await page.getByLabel('Tests (comma separated)').fill('CMP, LIPID, TSH, HBA1C, CBC, FERRITIN');
    const why = page.getByRole('alert', { name: 'Why no label' });
    await why.getByText(/^The tests do not fit on one label: .*print a second label for the rest/).waitFor();
    await expect(page.getByRole('img', { name: 'Label preview' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Print label' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Tests (comma separated)').fill('CMP, TSH');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    expect(await previewSvg()).toContain(': CMP TSH</text>');
    await expect(why.count()).resolves.toBe(0);
  });

  it('a 32-character MRN (the longest the records accept) previews and prints whole, and the barcode scans', async () => {
    // 32 digits and capitals: on the line with the date of birth, in narrower characters.
    const mixedMrn = 'LBL-2024-00912345-ABCDEF-7788990';
    await registerPatient(page, { mrn: mixedMrn, family: 'Abercrombie-Fitzgerald', given: 'Maximilian', dob: '1948-03-09', sex: 'male' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await fillSpecimen();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    expect(await previewSvg()).toContain(`>DOB 1948-03-09  MRN ${mixedMrn}</text>`);
    await expect(page.getByRole('status', { name: 'Date of birth moved on the label' }).count()).resolves.toBe(0);

    // The widest one (W is font 0's widest letter): the MRN has its line to itself, the date of
    // birth moves under the barcode, and the screen says so by the Print button.
    const widestMrn = `LBL-${'W'.repeat(28)}`;
    const printed = (await printedPngs(1)).length;
    await registerPatient(page, { mrn: widestMrn, family: 'Abercrombie-Fitzgerald', given: 'Maxim', dob: '1948-03-09', sex: 'male' }); // another given name: the same names and date of birth ask whether it is the same person
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await fillSpecimen();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('status', { name: 'Date of birth moved on the label' }).getByText(/^The MRN is long and has the line under the name to itself; the date of birth prints under the barcode/).waitFor();
    const svg = await previewSvg();
    expect(svg).toContain(`>MRN ${widestMrn}</text>`);
    expect(svg).toContain('>DOB 1948-03-09</text>');
    await page.screenshot({ path: screenshotPath('labels-long-mrn') });
    await page.getByRole('img', { name: 'Label preview' }).screenshot({ path: screenshotPath('labels-long-mrn-preview') });
    const { accession, zpl, scanned } = await printAndRead(printed);
    // What printed is what the preview showed: the same MRN and date of birth texts, whole.
    expect(zpl).toContain(`^FDMRN ${widestMrn}^FS`);
    expect(zpl).toContain('^FDDOB 1948-03-09^FS');
    expect(scanned).toBe(accession);
  });
});
