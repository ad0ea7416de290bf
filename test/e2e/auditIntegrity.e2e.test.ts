import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { auditHeadPathIn } from '../../main/storage/dataDir.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestStation, type RunningStation } from '../helpers/station.ts';
import { addOperators, signIn } from '../helpers/uiSession.ts';

const ADMIN = { badge: 'BADGE-AD-01', pin: '2468', name: 'Ada Admin' };
const dataDir = mkdtempSync(join(tmpdir(), 'audit-integrity-'));
let s: RunningStation | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await s?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const verify = () => spawnSync(process.execPath, ['bin/station.mjs', 'audit', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });

describe('an audit integrity finding is acknowledged from the Audit screen (browser host, real Chromium)', () => {
  it('shows what the station found, and verify passes once an administrator acknowledges it', async () => {
    addOperators(dataDir);
    // The chain head kept outside the database goes missing (a restore without it, or someone
    // hiding removed entries): the station records the finding when it opens the database.
    rmSync(auditHeadPathIn(dataDir));
    s = await startTestStation({ dataDir });
    expect(verify().status).toBe(1);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(s.host.url);
    await signIn(page, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
    const panel = page.getByRole('region', { name: 'Audit log integrity' });
    await panel.getByText(/chain head kept outside the database was missing/).waitFor();
    await page.screenshot({ path: screenshotPath('audit-integrity-finding') });

    await panel.getByRole('button', { name: /^Acknowledge finding at entry \d+$/ }).click();
    await panel.getByRole('button', { name: /^Confirm: I have looked into entry \d+$/ }).click();
    await panel.getByRole('status').getByText(/acknowledged \(audit entry \d+\)/).waitFor();
    await expect.poll(() => panel.getByRole('alert').count()).toBe(0);

    const after = verify();
    expect(after.stderr).toBe('');
    expect(after.status).toBe(0);
    // The acknowledgement is itself in the trail, by the administrator.
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByRole('table', { name: 'Audit entries' }).getByText('audit-anchor-acknowledge').waitFor();
  });
});
