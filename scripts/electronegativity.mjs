// Runs Doyensec's Electronegativity over the Electron host and the renderer's page, and fails
// on any HIGH or MEDIUM finding.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const electronVersion = createRequire(import.meta.url)('electron/package.json').version;
const work = mkdtempSync(join(tmpdir(), 'eng-'));
const input = join(work, 'app');
cpSync('main/hosts/electron', join(input, 'electron'), { recursive: true });
cpSync('renderer/index.html', join(input, 'index.html'));
const out = join(work, 'report.csv');
execFileSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', input, '-o', out, '-r', '-e', electronVersion], {
  stdio: 'pipe',
});
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).filter(Boolean);
const bad = rows.filter((r) => /"(HIGH|MEDIUM)"/.test(r));
for (const r of rows) console.log(r);
console.log(`electronegativity (Electron ${electronVersion}): ${rows.length} finding(s), ${bad.length} HIGH/MEDIUM`);
process.exit(bad.length === 0 ? 0 : 1);
