import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { StationError } from '../../../common/errors.ts';
import { createStation } from '../../app/station.ts';
import { startBrowserHost } from '../../hosts/browser/server.ts';
import { ensureDataDir } from '../../storage/dataDir.ts';
import { rendererDistDir } from '../../hosts/paths.ts';
import { optionString, parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

export const command: Command = {
  name: 'serve',
  usage: [
    'Usage: station serve [--port N] [--open] [--data-dir D] [--printer ADDRESS]',
    '',
    'Starts the browser host: the station UI and its services on http://127.0.0.1 only.',
    'Prints the URL to open (it carries a one-time launch token). With --open, opens Debian',
    'Chromium in app mode when a display is present. Needs the renderer built (npm run build).',
    '  --data-dir D        the station database folder (default STATION_DATA_DIR or the app-data folder)',
    '  --printer ADDRESS   label printer: tcp:HOST:PORT, serial:PATH or usb:VID:PID (default: the SIMULATED printer)',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['open'], valued: ['port', 'data-dir', 'printer'] });
    const portText = optionString(parsed, 'port') ?? '0';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StationError('usage', `--port must be 0-65535, got '${portText}'`);
    if (!existsSync(join(rendererDistDir, 'index.html'))) {
      throw new StationError('not-built', 'the renderer is not built: run npm run build (npm start does it for you)');
    }
    const dataDir = ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
    const station = await createStation({ host: 'browser', dataDir, printer: optionString(parsed, 'printer') ?? 'simulated' });
    const host = await startBrowserHost(station, { rendererDir: rendererDistDir, port });
    io.stdout(`Station running at ${host.url}`);
    if (parsed.options.has('open')) openChromium(host.url, io.env, io.stderr);

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await host.close();
    await station.close();
    return 0;
  },
};

function openChromium(url: string, env: Readonly<Record<string, string | undefined>>, warn: (line: string) => void): void {
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    warn('No display found: open the URL above in a browser on this PC.');
    return;
  }
  const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!browser) {
    warn('Chromium is not installed: open the URL above in a browser on this PC.');
    return;
  }
  const child = spawn(browser, [`--app=${url}`, '--no-first-run', '--disable-background-networking', '--disable-sync', '--disable-component-update'], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
}
