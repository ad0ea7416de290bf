import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { passQcInLockout, pocEntry, registerLotInEntry } from '../helpers/pocScreen.ts';
import { MA, addOperators, registerPatient, signIn } from '../helpers/uiSession.ts';

/**
 * F3/F5 (a black-box tester): the browser's date and datetime-local inputs showed the PC's US format
 * ("11/24/2026, 12:18 AM", mm/dd/yyyy) on a station whose labels print "Coll 2026-11-24 00:15";
 * the Labels job list and the Reprint dialog gave a collection time without its date. Every date is
 * now typed YYYY-MM-DD and every date-time YYYY-MM-DD HH:MM (24-hour), and what main receives is
 * what the browser inputs sent: local wall-clock time, with the PC's offset for a label, as UTC for a
 * POC result, a local day's first and last millisecond for the audit filters. The browser runs in
 * New York (not the station's zone), so an offset lost or added on the way is seen.
 */
const ZONE = 'America/New_York';
const ADMIN = { badge: 'BADGE-AD-01', pin: '2468', name: 'Ada Admin' };

let s: RunningStation;
let browser: Browser;
let page: Page;
/** Every IPC request the renderer sent, in order: { channel, payload }. */
const sent: { channel: string; payload: Record<string, unknown> }[] = [];
const sentOn = (channel: string) => sent.filter((m) => m.channel === channel).map((m) => m.payload);
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();

/** The zone's wall clock at `ms`: { date: YYYY-MM-DD, minute: HH:MM }. */
function wallClock(ms: number): { date: string; minute: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p['year']}-${p['month']}-${p['day']}`, minute: `${p['hour']}:${p['minute']}` };
}
/** The zone's offset at `ms`, as ISO 8601 writes it (-05:00). */
function offsetAt(ms: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(ms).find((x) => x.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}
/** The instant of a wall-clock time in the zone (no DST change near the times used here: 00:00-00:15 and now). */
function instantOf(date: string, time: string): number {
  const guess = Date.parse(`${date}T${time}Z`);
  const offsetMin = (iso: string) => (iso.startsWith('-') ? -1 : 1) * (Number(iso.slice(1, 3)) * 60 + Number(iso.slice(4, 6)));
  return guess - offsetMin(offsetAt(guess - offsetMin(offsetAt(guess)) * 60_000)) * 60_000;
}
const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await startTestStation();
  addOperators(s.dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE });
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload !== 'string') return;
      const m = JSON.parse(f.payload) as { channel?: string; payload?: Record<string, unknown> };
      if (m.channel && m.payload) sent.push({ channel: m.channel, payload: m.payload });
    }),
  );
  await page.goto(s.host.url);
  await signIn(page, MA);
  await nav('Labels');
  await registerPatient(page, { mrn: 'DT-0001', family: 'Dateson', given: 'Dora', dob: '1961-05-06', sex: 'female' });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('dates and times typed as the station writes them (browser host, Chromium, New York time)', () => {
  it('Labels: "Collected at" is YYYY-MM-DD HH:MM on the 24-hour clock; the label, the job list and the Reprint dialog say the same date and time', async () => {
    await page.getByRole('status', { name: 'Label printer' }).getByText('Label printer ready').waitFor({ timeout: 20_000 });
    const field = page.getByLabel('Collected at');
    await expect(field.getAttribute('type')).resolves.toBe('text');
    await expect(field.getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD HH:MM');
    await page.getByText('Year-month-day and 24-hour time: YYYY-MM-DD HH:MM').waitFor();
    // Follows the clock, in the station's way of writing it.
    const shown = await field.inputValue();
    const nowWall = wallClock(Date.now());
    expect([`${nowWall.date} ${nowWall.minute}`, `${wallClock(Date.now() - 60_000).date} ${wallClock(Date.now() - 60_000).minute}`]).toContain(shown);

    await page.getByLabel('Specimen type').selectOption('urine');
    await page.getByLabel('Container').selectOption({ index: 1 });
    await page.getByLabel('Tests (comma separated)').fill('UA');
    await page.getByRole('img', { name: 'Label preview' }).waitFor();

    // What does not exist is said under the field, naming it; no preview, no label.
    await field.fill('2026-02-30 10:00');
    await page.getByText('2026-02-30 is not a real date (February has 28 days).', { exact: true }).waitFor();
    await page.getByText('Type the collection time (YYYY-MM-DD HH:MM) to see the label.').waitFor();
    await expect(page.getByRole('button', { name: 'Print label' }).isDisabled()).resolves.toBe(true);
    await field.fill(`${nowWall.date} 24:00`);
    await page.getByText('24:00 is not a time of day (the hours go from 00 to 23: midnight is 00:00 of the next day).', { exact: true }).waitFor();
    await field.fill(`${nowWall.date} 12:18 AM`);
    await page.getByText('Type the time on the 24-hour clock (00:00 to 23:59), without AM or PM: YYYY-MM-DD HH:MM.', { exact: true }).waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('.labels-layout').screenshot({ path: screenshotPath('date-entry-labels-problem') });

    // A future time: refused by main as before (in its words, by the Print button).
    const later = wallClock(Date.now() + 3 * 3_600_000);
    await field.fill(`${later.date} ${later.minute}`);
    await page.getByRole('alert', { name: 'Why no label' }).getByText(/future/).waitFor();

    // Quarter past midnight, typed as the label prints it (yesterday's, so it is past whatever the time now).
    const day = dayBefore(nowWall.date);
    await field.fill(`${day}T00:15`); // an ISO date-time pasted: the T is taken as the space
    await expect(field.inputValue()).resolves.toBe(`${day} 00:15`);
    await page.getByText('As you typed it.').waitFor();
    await page.getByRole('img', { name: 'Label preview' }).waitFor();
    await page.locator('.labels-layout').screenshot({ path: screenshotPath('date-entry-labels-collected-at') });
    const printsBefore = sentOn('labels.print').length;
    await page.getByRole('button', { name: 'Print label' }).click();
    // Yesterday 00:15 is more than a day ago unless the test runs in the first quarter hour: asked first.
    if (Date.now() - instantOf(day, '00:15') > 24 * 3_600_000) await page.getByRole('alert', { name: 'Old collection time' }).getByRole('button', { name: 'Print with this time' }).click();
    const row = page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr').first();
    await row.getByText('printed', { exact: true }).waitFor({ timeout: 20_000 });

    // What main received: the wall-clock time with the PC's offset, as the datetime-local input sent it.
    const printed = sentOn('labels.print').slice(printsBefore);
    expect(printed).toHaveLength(1);
    const specimen = printed[0]!['specimen'] as { collectedAt: string };
    expect(specimen.collectedAt).toBe(`${day}T00:15:00${offsetAt(instantOf(day, '00:15'))}`);
    const zplDir = join(s.dataDir, 'simulated-printer');
    const zpl = readFileSync(join(zplDir, readdirSync(zplDir).filter((f) => f.endsWith('.zpl')).sort().at(-1)!), 'utf8');
    expect(zpl).toContain(`^FDColl ${day} 00:15  By mary^FS`);

    // F5: the job list and the Reprint dialog give the date with the time.
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells[3]).toBe(`${day} 00:15`);
    const accession = cells[0]!;
    await page.getByRole('button', { name: `Reprint ${accession}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint reason' });
    await dialog.getByText(`Reprint the label of the sterile urine cup with urine, UA, collected ${day} 00:15 (${accession})?`).waitFor();
    await page.screenshot({ path: screenshotPath('date-entry-labels-job-list'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Back to the clock by itself once printed: a typed time was that tube's, not the next one's.
    await expect(field.inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.getByText('Now: follows the clock until you change it.').waitFor();
  });

  it('POC: "Time of test" is YYYY-MM-DD HH:MM, a half-typed time is refused in words (never taken for "now"), and main gets the same instant as before', async () => {
    await nav('POC tests');
    await pocEntry(page).getByLabel('Test', { exact: true }).selectOption('glucose-capillary');
    await registerLotInEntry(page, 'DT-LOT-1', '2030-12-31');
    await pocEntry(page).getByLabel('Lot (strips / kit)').selectOption('DT-LOT-1');
    await passQcInLockout(page);

    const time = pocEntry(page).getByLabel('Time of test (empty = now)');
    await expect(time.getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD HH:MM');
    await pocEntry(page).getByLabel('Value (as read)').fill('97');
    await pocEntry(page).getByLabel("Confirm the patient's date of birth").fill('1961-05-06');
    const entersBefore = sentOn('poc.result.enter').length;
    await time.fill('2026-11-24 1');
    await pocEntry(page).getByRole('button', { name: 'Save result' }).click();
    await pocEntry(page)
      .getByText('Time of test: Type the whole date and time, with two digits for the month, the day, the hour and the minute: YYYY-MM-DD HH:MM.', { exact: true })
      .waitFor();
    expect(sentOn('poc.result.enter')).toHaveLength(entersBefore);
    await pocEntry(page).screenshot({ path: screenshotPath('date-entry-poc-time-of-test') });

    // A future time: refused by main as before.
    const later = wallClock(Date.now() + 3 * 3_600_000);
    await time.fill(`${later.date} ${later.minute}`);
    await pocEntry(page).getByRole('button', { name: 'Save result' }).click();
    await pocEntry(page).getByText(/future/).waitFor();

    // A minute or two ahead of now (after the QC just run, within main's clock tolerance).
    const at = wallClock(Date.now() + 2 * 60_000);
    await time.fill(`${at.date} ${at.minute}`);
    await pocEntry(page).getByRole('button', { name: 'Save result' }).click();
    await pocEntry(page).getByText('Saved: Glucose, capillary (meter) 97 mg/dL').waitFor();
    const entered = sentOn('poc.result.enter');
    expect(entered.at(-1)!['observedAt']).toBe(new Date(instantOf(at.date, at.minute)).toISOString());
    // Emptied with the value after Save: the next test is "now" unless its own time is typed.
    await expect.poll(() => time.inputValue()).toBe('');
  });

  it('POC: the lot "Expires" field is YYYY-MM-DD and says a day that does not exist', async () => {
    const addLot = pocEntry(page).locator('details.add-lot');
    if (!(await addLot.evaluate((d) => (d as HTMLDetailsElement).open))) await addLot.getByText('Register a new lot').click();
    const expires = pocEntry(page).getByLabel('Expires');
    await expect(expires.getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD');
    await pocEntry(page).getByLabel('New lot number').fill('DT-LOT-2');
    await expires.fill('2030-02-30');
    await pocEntry(page).getByText('2030-02-30 is not a real date (February has 28 days).', { exact: true }).waitFor();
    await expect(pocEntry(page).getByRole('button', { name: 'Add lot' }).isDisabled()).resolves.toBe(true);
    await expires.fill('12/31/2030');
    await pocEntry(page).getByText('Type the date as year-month-day: YYYY-MM-DD.', { exact: true }).waitFor();
    await addLot.screenshot({ path: screenshotPath('date-entry-poc-lot-expires') });
    await expires.fill('2030-12-31');
    await pocEntry(page).getByRole('button', { name: 'Add lot' }).click();
    await expect.poll(() => sentOn('poc.lot.add').at(-1)).toEqual({ testId: 'glucose-capillary', lotNumber: 'DT-LOT-2', expires: '2030-12-31' });
    // Emptied with the lot number: the next lot's expiry is typed for it.
    await expect.poll(() => expires.inputValue()).toBe('');
  });

  it('Audit: From and To are YYYY-MM-DD; a wrong date is said, not searched as "no date"; the day sent is the local day, as before', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, ADMIN);
    await nav('Audit');
    const from = page.getByLabel('From');
    const to = page.getByLabel('To', { exact: true });
    await expect(from.getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD');
    const queriesBefore = sentOn('records.audit.query').length;
    await from.fill('2026-02-30');
    await to.fill('2026-03');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page
      .getByRole('alert')
      .getByText('From: 2026-02-30 is not a real date (February has 28 days). To: Type the whole date, with two digits for the month and the day: YYYY-MM-DD.', { exact: true })
      .waitFor();
    expect(sentOn('records.audit.query')).toHaveLength(queriesBefore);
    await page.screenshot({ path: screenshotPath('date-entry-audit-from-to') });

    const today = wallClock(Date.now()).date;
    await from.fill(today);
    await to.fill(today);
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByRole('table', { name: 'Audit entries' }).waitFor();
    const query = sentOn('records.audit.query').at(-1)!;
    expect(query['fromUtc']).toBe(new Date(instantOf(today, '00:00')).toISOString());
    expect(query['toUtc']).toBe(new Date(instantOf(dayAfter(today), '00:00') - 1).toISOString());
  });
});

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
