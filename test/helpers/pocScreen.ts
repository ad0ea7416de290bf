import type { Locator, Page } from 'playwright-core';
import { openAsAssistant, registerPatient } from './uiSession.ts';

/** An assistant signed in at `viewport` on the POC tests screen, with a new patient selected. */
export async function assistantOnPoc(viewport: { width: number; height: number }, patient: Parameters<typeof registerPatient>[1]): Promise<Awaited<ReturnType<typeof openAsAssistant>>> {
  const opened = await openAsAssistant(viewport);
  await opened.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'POC tests' }).click();
  await registerPatient(opened.page, patient);
  return opened;
}

/** The manual entry form of the POC tests screen. */
export const pocEntry = (page: Page) => page.getByRole('form', { name: 'Enter a result' });

/** Registers a lot of the test chosen in the entry form, through its "Register a new lot" form (opened if closed). */
export async function registerLotInEntry(page: Page, lotNumber: string, expires: string): Promise<void> {
  const addLot = pocEntry(page).locator('details.add-lot');
  if (!(await addLot.evaluate((d) => (d as HTMLDetailsElement).open))) await addLot.getByText('Register a new lot').click();
  await pocEntry(page).getByLabel('New lot number').fill(lotNumber);
  await pocEntry(page).getByLabel('Expires').fill(expires);
  await pocEntry(page).getByRole('button', { name: 'Add lot' }).click();
}

/**
 * Ticks "I took this reading from this patient … ago" in a downloaded reading's row when the screen
 * asks for it (readings older than an hour: the simulated meter's are from the morning, so it
 * depends on the time of day the test runs).
 */
export async function confirmReadingAgeIfAsked(row: Locator): Promise<void> {
  const confirm = row.getByRole('checkbox', { name: /^I took this reading from this patient/ });
  if ((await confirm.count()) > 0) await confirm.check();
}

/** The time shown in a downloaded reading's time cell, without the "taken … ago" line under it. */
export async function readingTimeText(cell: Locator): Promise<string> {
  return (await cell.innerText()).split('\n')[0]!.trim();
}

/** Passes QC for the lot chosen in the entry form: the low and high controls in its QC lockout panel, until entry unlocks. */
export async function passQcInLockout(page: Page): Promise<void> {
  const lockout = page.getByRole('alert', { name: 'QC lockout' });
  for (const [level, value] of [['low', '80'], ['high', '300']] as const) {
    await lockout.getByLabel('Control level').selectOption(level);
    await lockout.getByLabel('Control result').fill(value);
    await lockout.getByRole('button', { name: 'Record QC' }).click();
    if (level === 'low') await lockout.getByText(/QC is due \(high\)/).waitFor();
  }
  await pocEntry(page).getByText('Quality control current for this lot.').waitFor();
}

/** Saves a capillary glucose of `value` for the patient on screen (date of birth `dob`) on lot `lot`, and waits for the "Saved" line. */
export async function saveGlucoseInEntry(page: Page, lot: string, value: string, dob: string): Promise<void> {
  const entry = pocEntry(page);
  await entry.getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
  await entry.getByLabel('Lot (strips / kit)').selectOption(lot);
  await entry.getByText('Quality control current for this lot.').waitFor();
  await entry.getByLabel('Value (as read)').fill(value);
  await entry.getByLabel("Confirm the patient's date of birth").fill(dob);
  await entry.getByRole('button', { name: 'Save result' }).click();
  await entry.getByText(new RegExp(`^Saved: Glucose, capillary \\(meter\\) ${value} mg/dL`)).waitFor();
}

/** Corrects the patient's capillary glucose of `from` to `to` (a transcription error) from the results table. */
export async function correctGlucose(page: Page, from: string, to: string): Promise<void> {
  const which = new RegExp(`^Correct Glucose, capillary \\(meter\\) ${from} mg/dL measured `);
  await page.getByRole('button', { name: which }).click();
  const correction = page.getByRole('group', { name: which });
  await correction.getByLabel(/Corrected value/).fill(to);
  await correction.getByLabel('Reason').selectOption({ label: 'Transcription error (typed or copied wrong)' });
  await correction.getByRole('button', { name: 'Save correction' }).click();
  await correction.waitFor({ state: 'detached' });
}
