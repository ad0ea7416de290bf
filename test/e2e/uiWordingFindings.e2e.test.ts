import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath } from '../helpers/browser.ts';
import { PROVIDER, registerPatient, signIn } from '../helpers/uiSession.ts';
import { assistantOnPoc, passQcInLockout, pocEntry, registerLotInEntry } from '../helpers/pocScreen.ts';

/**
 * What a UI tester found in the words the station shows: a double-clicked Print label left a red
 * "already queued (job <uuid>)" for good and never said the label printed; test ids, HL7 flag codes
 * and reprint codes on screen; a provider told to "tell a provider"; "patient not found" for a
 * mistyped date of birth; a New patient form that named one missing field at a time; a duplicate
 * MRN with no way to the existing patient; a read-back error left under another patient; a new lot
 * not chosen in the form it was added from.
 */
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ page, close } = await assistantOnPoc({ width: 1280, height: 900 }, { mrn: 'WRD-0001', family: 'Haddad', given: 'Leila', dob: '1966-04-02', sex: 'female' }));
});
afterAll(async () => {
  await close?.();
});

const entry = () => pocEntry(page);
const alerts = () => page.getByRole('alert', { name: 'Critical results' });
/** A job id (UUID) anywhere in a message is machine talk: never shown. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i;

describe('Words on screen (browser host, Chromium)', () => {
  it('a lot added in the entry form is chosen there; a control result that is no reading says what to type, naming the test', async () => {
    await entry().getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await registerLotInEntry(page, 'WRD-LOT-1', '2030-12-31');
    await expect.poll(() => entry().getByLabel('Lot (strips / kit)').inputValue()).toBe('WRD-LOT-1');
    await expect.poll(() => entry().getByLabel('Lot (strips / kit)').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')).toBe('WRD-LOT-1 (expires 2030-12-31)');

    const lockout = page.getByRole('alert', { name: 'QC lockout' });
    await lockout.getByLabel('Control level').selectOption('low');
    await lockout.getByLabel('Control result').fill('abc');
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    const why = lockout.getByText(/^The value typed for Glucose, capillary \(meter\) is not a reading\. Type the number the meter shows \(20 to 600 mg\/dL\), HI or LO if the meter shows that/);
    await why.waitFor();
    await page.screenshot({ path: screenshotPath('wording-qc-not-a-reading') });
    await expect(lockout.innerText()).resolves.not.toMatch(/glucose-capillary|nor >N/);

    await passQcInLockout(page);
  });

  it("a mistyped date of birth is said as such; a critical value's saved line uses the table's words", async () => {
    await entry().getByLabel('Value (as read)').fill('35');
    await entry().getByLabel("Confirm the patient's date of birth").fill('1966-04-20');
    await entry().getByRole('button', { name: 'Save result' }).click();
    await entry().getByRole('alert').getByText("The date of birth you typed does not match this patient's (check the wristband).", { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('wording-dob-mismatch') });
    await expect(entry().innerText()).resolves.not.toContain('patient not found');

    await entry().getByLabel("Confirm the patient's date of birth").fill('1966-04-02');
    await entry().getByRole('button', { name: 'Save result' }).click();
    await entry().getByText(/^Saved: Glucose, capillary \(meter\) 35 mg\/dL \(CRITICAL LOW\)\. CRITICAL value/).waitFor();
    await expect(entry().innerText()).resolves.not.toContain('(LL)');
  });

  it('a read-back error of the critical alert goes when another patient is selected', async () => {
    await alerts().getByLabel('Provider notified').fill('Dr Paula Provider');
    await alerts().getByRole('button', { name: 'Record notification' }).click();
    await alerts().getByText(/must read the value back/).waitFor();
    await registerPatient(page, { mrn: 'WRD-0002', family: 'Novak', given: 'Petr', dob: '1990-10-10', sex: 'male' });
    await alerts().getByText(/NOT the patient on screen \(NOVAK, Petr/).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('wording-readback-error-after-patient-change') });
    await expect(alerts().getByText(/must read the value back/).count()).resolves.toBe(0);
  });

  it('an empty New patient form names every missing field at once; a registered MRN says so and offers that patient', async () => {
    await page.getByRole('button', { name: 'Change patient' }).click();
    await page.getByRole('button', { name: 'New patient…' }).click();
    await page.getByRole('button', { name: 'Save patient' }).click();
    const fix = page.getByRole('alert', { name: 'What to fix' });
    await fix.waitFor();
    await expect(fix.locator('li').allInnerTexts()).resolves.toEqual(['Enter the MRN (from the wristband).', 'Enter the family name.', 'Enter the given name.', 'Enter the date of birth.']);
    await page.screenshot({ path: screenshotPath('wording-new-patient-empty') });

    await page.getByLabel('MRN').fill('wrd-0001');
    await page.getByLabel('Family name').fill('Haddad');
    await page.getByLabel('Given name').fill('Leila');
    await page.getByLabel('Date of birth').fill('1966-04-02');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await page.getByRole('alert').getByText('A patient with MRN wrd-0001 is already registered (MRNs match whatever their letter case).', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('wording-duplicate-mrn') });
    await page.getByRole('button', { name: 'Select the patient with MRN wrd-0001' }).click();
    await page.getByLabel('Current patient').getByText('MRN WRD-0001').waitFor();
  });

  it('a double-clicked Print label prints once, says plainly that it printed, and no stale or machine message stays; reprint reasons are words', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    await page.getByLabel('Specimen type').selectOption({ index: 1 });
    await page.getByLabel('Container').selectOption({ index: 1 });
    await page.getByLabel('Tests (comma separated)').fill('CBC');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.getByRole('button', { name: 'Print label' }).dblclick();
    const jobs = page.getByRole('table', { name: 'Print jobs' });
    await jobs.getByText('printed').waitFor({ timeout: 20_000 });
    const accession = (await jobs.locator('tbody tr').first().locator('td').first().textContent())!.trim();
    const printed = page.getByRole('status', { name: 'Label printed' });
    await printed.getByText(`Label ${accession} printed.`, { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('wording-label-double-click') });
    await expect(jobs.locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.getByText(/already queued|already waiting/).count()).resolves.toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(UUID);

    await page.getByRole('button', { name: `Reprint ${accession}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint reason' });
    const reasons = await dialog.getByLabel('Reason').locator('option').allTextContents();
    expect(reasons).toContain('Label on the tube in the wrong position');
    expect(reasons.join('|')).not.toMatch(/wrong-position|printer-jam|additional-tube/);
    await dialog.getByLabel('Reason').selectOption({ label: 'Label on the tube in the wrong position' });
    await page.screenshot({ path: screenshotPath('wording-reprint-reasons') });
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    await jobs.getByText('reprint (Label on the tube in the wrong position)').waitFor();
    await expect.poll(() => jobs.locator('tbody tr').first().innerText()).toMatch(/printed/);
    await printed.getByText(`Label ${accession} printed again.`, { exact: true }).waitFor();
    await expect(jobs.innerText()).resolves.not.toMatch(/wrong-position/);
    expect(await page.locator('body').innerText()).not.toMatch(UUID);
  });

  it('a provider signing in is asked to review the critical result, and records themself as informed', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, PROVIDER);
    const headline = alerts().locator('strong').first();
    await headline.waitFor();
    await expect(headline.innerText()).resolves.toBe('CRITICAL — Glucose, capillary (meter) 35 mg/dL (CRITICAL LOW). Review this critical result now.');
    await expect(alerts().innerText()).resolves.not.toContain('Tell a provider');
    await expect(alerts().getByLabel('Provider informed').inputValue()).resolves.toBe(PROVIDER.name);
    await page.screenshot({ path: screenshotPath('wording-provider-critical') });
    await alerts().getByLabel('I read the value back (checked it against the result)').check();
    await alerts().getByRole('button', { name: 'Record review' }).click();
    await alerts().waitFor({ state: 'detached' });
  });
});
