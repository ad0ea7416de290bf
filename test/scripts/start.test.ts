import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

function electronInstalled(): boolean {
  try {
    createRequire(import.meta.url)('electron');
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  // On machines where Electron's runtime is installed npm start opens the desktop app instead;
  // forcing STATION_HOST=browser exercises the same fallback path there.
  it('without Electron, says so in one line and serves the UI on 127.0.0.1', async () => {
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...(electronInstalled() ? { STATION_HOST: 'browser' } : {}) };
    const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; output so far:\n${out}`)), 90_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /Station running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m && out.includes('No display found')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    try {
      expect(out).toMatch(/(Electron's runtime is not installed on this machine|STATION_HOST=browser): starting the browser host/);
      expect(out).toContain('No display found');
      const page = await fetch(url.replace(/#.*/, ''));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
