import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { stopChild } from '../helpers/child.ts';
import { createPtyPair, type PtyPair } from '../helpers/ptyPair.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { MA, openAsAssistantOn, registerPatient } from '../helpers/uiSession.ts';
import { assistantOnPoc, passQcInLockout, pocEntry, registerLotInEntry } from '../helpers/pocScreen.ts';

/**
 * A black-box tester on the POC tests screen: a "Wrong unit" correction could not change the unit;
 * after a failed negative hCG control the level went back to positive; units were shown as UCUM
 * codes ("5.1 {INR}"); a damaged meter transfer was told far below the button, in protocol words;
 * the auto-lock lost a half-entered result.
 */
const PATIENT = { mrn: 'POC-0700', family: 'Halvorsen', given: 'Ingrid', dob: '1966-02-11', sex: 'female' };
const entry = (p: Page) => pocEntry(p);

describe('POC tests screen: units, QC level, lock (browser host, Chromium)', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await assistantOnPoc({ width: 1280, height: 800 }, PATIENT));
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('after a failed control, the Control level stays on the level that failed (hCG negative control read Positive)', async () => {
    await entry(page).getByLabel('Test', { exact: true }).selectOption('hcg-urine');
    await registerLotInEntry(page, 'HCG-LOT-1', '2030-12-31');
    await entry(page).getByLabel('Lot (strips / kit)').selectOption('HCG-LOT-1');
    const lockout = page.getByRole('alert', { name: 'QC lockout' });
    const level = lockout.getByLabel('Control level');
    await level.selectOption('positive');
    await lockout.getByLabel('Control result').selectOption('Positive');
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    await lockout.getByText(/QC is due \(negative\)/).waitFor();
    // The positive control passed: the list moves on to the level QC asks for now.
    await expect.poll(() => level.inputValue()).toBe('negative');
    await lockout.getByLabel('Control result').selectOption('Positive');
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    await lockout.getByText('QC failed (negative) for hCG, urine (qualitative), lot HCG-LOT-1: run the negative control again below.', { exact: false }).waitFor();
    await expect(level.inputValue()).resolves.toBe('negative');
    // And once it is run again and passes, the test unlocks.
    await lockout.getByLabel('Control result').selectOption('Negative');
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    await entry(page).getByText('Quality control current for this lot.').waitFor();
  });

  it('a half-entered result is still there after the station locks and is unlocked with the PIN', async () => {
    await entry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await registerLotInEntry(page, 'GLU-LOT-70', '2030-12-31');
    await entry(page).getByLabel('Lot (strips / kit)').selectOption('GLU-LOT-70');
    await passQcInLockout(page);
    await entry(page).getByLabel('Value (as read)').fill('88');
    // The auto-lock and the Lock button take the same way: the lock screen replaces every screen.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Station locked' }).waitFor();
    await expect(page.getByText('88').count()).resolves.toBe(0);
    await page.getByLabel('PIN', { exact: true }).fill(MA.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await entry(page).waitFor();
    await expect(entry(page).getByLabel('Test', { exact: true }).inputValue()).resolves.toBe('glucose-capillary');
    await expect(entry(page).getByLabel('Lot (strips / kit)').inputValue()).resolves.toBe('GLU-LOT-70');
    await expect(entry(page).getByLabel('Value (as read)').inputValue()).resolves.toBe('88');
    // The date of birth is confirmed again after the lock.
    await expect(entry(page).getByLabel("Confirm the patient's date of birth").inputValue()).resolves.toBe('');
  });

  it('a glucose entered in mmol/L is corrected to mg/dL with "Wrong unit": the correction form offers the catalogue units and the new version has the chosen unit', async () => {
    await entry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await entry(page).getByLabel('Lot (strips / kit)').selectOption('GLU-LOT-70');
    await entry(page).getByText('Quality control current for this lot.').waitFor();
    await entry(page).getByLabel('Value (as read)').fill('5.5');
    await entry(page).getByLabel('Unit').selectOption('mmol/L');
    await entry(page).getByLabel("Confirm the patient's date of birth").fill(PATIENT.dob);
    await entry(page).getByRole('button', { name: 'Save result' }).click();
    await entry(page).getByText(/^Saved: Glucose, capillary \(meter\) 5\.5 mmol\/L/).waitFor();
    const results = page.getByRole('table', { name: 'Point-of-care results' });
    await page.getByRole('button', { name: /^Correct Glucose, capillary \(meter\) 5\.5 mmol\/L measured / }).click();
    const form = results.getByRole('group', { name: /^Correct Glucose, capillary \(meter\) 5\.5 mmol\/L measured / });
    const unit = form.getByLabel('Unit');
    await expect(unit.locator('option').allTextContents()).resolves.toEqual(['mg/dL', 'mmol/L']);
    await expect(unit.inputValue()).resolves.toBe('mmol/L');
    await unit.selectOption('mg/dL');
    await form.getByLabel('Corrected value (mg/dL)').fill('99');
    await form.getByLabel('Reason').selectOption({ label: 'Wrong unit' });
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });
    const row = results.locator('tbody tr', { hasText: '99 mg/dL' });
    await expect(row.innerText()).resolves.toContain('corrected (Wrong unit)');
    await expect(results.innerText()).resolves.not.toContain('mmol/L');
    await page.screenshot({ path: screenshotPath('poc-correct-wrong-unit') });
  });

  it('an INR is said "INR 5.1", never with its UCUM code, on the unit choice, the saved line, the table and in a refusal', async () => {
    await entry(page).getByLabel('Test', { exact: true }).selectOption('inr');
    await registerLotInEntry(page, 'INR-LOT-1', '2030-12-31');
    await entry(page).getByLabel('Lot (strips / kit)').selectOption('INR-LOT-1');
    const lockout = page.getByRole('alert', { name: 'QC lockout' });
    await lockout.getByLabel('Control result').fill('1.1');
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    await entry(page).getByText('Quality control current for this lot.').waitFor();
    await expect(entry(page).getByLabel('Unit').locator('option').allTextContents()).resolves.toEqual(['INR']);
    // A number the meter cannot show: main's refusal says the range in words.
    await entry(page).getByLabel('Value (as read)').fill('9');
    await entry(page).getByLabel("Confirm the patient's date of birth").fill(PATIENT.dob);
    await entry(page).getByRole('button', { name: 'Save result' }).click();
    const refusal = entry(page).getByRole('alert').filter({ hasText: 'outside what the meter can measure' });
    await expect(refusal.innerText()).resolves.toContain('(INR 0.8 to 8)');
    await entry(page).getByLabel('Value (as read)').fill('5.1');
    await entry(page).getByRole('button', { name: 'Save result' }).click();
    await entry(page).getByText(/^Saved: INR \(prothrombin time\) INR 5\.1 \(CRITICAL HIGH\)/).waitFor();
    const results = page.getByRole('table', { name: 'Point-of-care results' });
    await expect(results.locator('tbody tr', { hasText: 'INR 5.1' }).count()).resolves.toBe(1);
    const screenText = await page.locator('body').innerText();
    expect(screenText).not.toContain('{INR}');
    expect(screenText).not.toContain('[pH]');
  });
});

describe('POC tests screen: a meter whose data arrives damaged (SIMULATED ASTM meter, bad-checksum, over a pty)', () => {
  const bin = fileURLToPath(new URL('../../bin/station.mjs', import.meta.url));
  let pty: PtyPair;
  let sim: ChildProcess;
  let s: RunningStation;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    pty = await createPtyPair();
    sim = spawn(process.execPath, [bin, 'simulate', 'meter', '--protocol', 'astm', '--port', pty.a, '--fault', 'bad-checksum'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      sim.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('SIMULATED')) resolve();
      });
      sim.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
    });
    s = await startTestStation({ meter: { protocol: 'astm', address: `serial:${pty.b}@9600` } });
    browser = await launchChromium();
    page = await openAsAssistantOn(s, browser, { width: 1280, height: 800 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'POC tests' }).click();
    await registerPatient(page, { ...PATIENT, mrn: 'POC-0701' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await stopChild(sim);
    await pty?.kill();
  });

  it('the outcome is said right under the button, in plain words; the technical detail is there but folded away', async () => {
    const button = page.getByRole('button', { name: 'Download meter readings' });
    await button.click();
    const failed = page.getByRole('alert', { name: 'Meter download failed' });
    await failed.waitFor({ timeout: 30_000 });
    await expect(failed.locator('p').innerText()).resolves.toBe("The meter's data arrived damaged 6 times in a row; nothing was imported. Check the cable and try again.");
    const detail = failed.locator('details');
    await expect(detail.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(detail.locator('summary').innerText()).resolves.toBe('Technical detail');
    await expect(detail.locator('code').textContent()).resolves.toMatch(/^meter-checksum: receive-frames: 6 frames in a row were rejected/);
    // Next to the button: directly below it, with nothing in between.
    const b = (await button.boundingBox())!;
    const f = (await failed.boundingBox())!;
    expect(f.y).toBeGreaterThanOrEqual(b.y + b.height);
    expect(f.y - (b.y + b.height)).toBeLessThan(40);
    await failed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('poc-meter-damaged') });
  });
});
