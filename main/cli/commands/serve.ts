import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { StationError } from '../../../common/errors.ts';
import { createStation } from '../../app/station.ts';
import { startBrowserHost } from '../../hosts/browser/server.ts';
import { ensureDataDir } from '../../storage/dataDir.ts';
import { rendererDistDir } from '../../hosts/paths.ts';
import { optionString, parseArgs } from '../args.ts';
import { stationSettings } from '../../app/config.ts';
import type { Command } from '../command.ts';
import { AddressError, parseAddress } from '../../../drivers/transports/open.ts';

export const command: Command = {
  name: 'serve',
  usage: [
    'Usage: station serve [--port N] [--open] [--data-dir D] [--mains-hz 50|60] [--printer A] [--cart A] [--meter P:A] [--emr-mllp HOST:PORT]',
    '',
    'Starts the browser host: the station UI and its services on http://127.0.0.1 only.',
    'Prints the URL to open (it carries a one-time launch token). With --open, opens Debian',
    'Chromium in app mode when a display is present. Needs the renderer built (npm run build).',
    '  --data-dir D        the station database folder (default STATION_DATA_DIR or the app-data folder)',
    '  --mains-hz 50|60    mains frequency for the EKG notch filter (or STATION_MAINS_HZ; never guessed)',
    '  --printer ADDRESS   label printer: tcp:HOST:PORT, serial:PATH or usb:VID:PID (default: the SIMULATED printer)',
    '  --cart ADDRESS      12-lead cart (default: the SIMULATED cart streaming a recording)',
    '  --meter astm|onetouch:ADDRESS   glucose meter / analyzer (default: the SIMULATED ASTM meter)',
    '  --emr-mllp HOST:PORT  send results to the EMR over MLLP (default: files in DATA_DIR/hl7-outbox/outbound)',
    'The same settings can come from the environment: see docs/configuration.md.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['open'], valued: ['port', 'data-dir', 'mains-hz', 'printer', 'cart', 'meter', 'emr-mllp'] });
    const portText = optionString(parsed, 'port') ?? '0';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StationError('usage', `--port must be 0-65535, got '${portText}'`);
    const flags = Object.fromEntries(['mains-hz', 'printer', 'cart', 'meter', 'emr-mllp'].map((f) => [f, optionString(parsed, f)]));
    const settings = stationSettings(io.env, flags);
    assertMeterAddress(settings.meter);
    if (!existsSync(join(rendererDistDir, 'index.html'))) {
      throw new StationError('not-built', 'the renderer is not built: run npm run build (npm start does it for you)');
    }
    const dataDir = ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
    const station = await createStation({ host: 'browser', dataDir, ...settings });
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

/**
 * The meter's address is read at start-up, not first at the assistant's download: `astm:/dev/pts/3`
 * (no serial: scheme) would otherwise start and fail on the screen (the transports' own parser).
 */
function assertMeterAddress(meter: ReturnType<typeof stationSettings>['meter']): void {
  if (meter === undefined || meter === null || meter === 'simulated') return;
  try {
    parseAddress(meter.address);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    throw new StationError('usage', `the meter address is not valid: ${e.message}; give it as astm|onetouch:ADDRESS, for example ${meter.protocol}:serial:${meter.address.startsWith('/') ? meter.address : '/dev/ttyUSB0'}`);
  }
}

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
