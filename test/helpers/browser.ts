import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';

/** Debian's Chromium, headless, with the network chatter this machine refuses turned off. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error('Debian chromium is not installed (scripts/system-deps.sh installs it)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Screenshots go to test-results/ (kept out of git) for a person to look at. */
export function screenshotPath(name: string): string {
  mkdirSync('test-results', { recursive: true });
  return `test-results/${name}.png`;
}
