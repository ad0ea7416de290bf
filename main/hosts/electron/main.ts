// The Electron host: one hardened window showing the renderer from app://station, and the
// IPC contract served through dispatch(). Services know nothing of Electron.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createStation, type Station } from '../../app/station.ts';
import { dispatch } from '../../ipc/dispatch.ts';
import { contentSecurityPolicy } from '../browser/security.ts';
import { rendererDistDir } from '../paths.ts';
import { ensureDataDir } from '../../storage/dataDir.ts';
import { stationSettings } from '../../app/config.ts';
import { hardenContents, hardenSession, isTrustedSender } from './harden.ts';
import { APP_ENTRY_URL, APP_SCHEME, IPC_EVENT, IPC_INVOKE, askBeforeUnload, createMainWindow } from './windowOptions.ts';

const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));

app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;

function serveRenderer(): void {
  const csp = contentSecurityPolicy(null);
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const root = resolve(rendererDistDir);
    const file = resolve(root, '.' + decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(root + sep)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function serveIpc(station: Station): void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event, mainWindow?.webContents.id ?? null)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' } };
    }
    return dispatch(station.handlers, channel, payload, { sessionId: `window-${event.sender.id}`, host: 'electron' });
  });
  station.events.subscribe((name, payload) => {
    mainWindow?.webContents.send(IPC_EVENT, name, payload);
  });
}

async function main(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveRenderer();
  const station = await createStation({ host: 'electron', dataDir: ensureDataDir(undefined, process.env, process.cwd()), ...stationSettings(process.env) });
  serveIpc(station);

  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  const windowId = mainWindow.webContents.id;
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // The renderer holds the window while a capture runs or an immediate finding waits (useLeavePrompt).
  mainWindow.webContents.on('will-prevent-unload', () => {
    const win = mainWindow;
    if (win === null) return;
    // destroy(): closes without asking the renderer again (its beforeunload would cancel a close()).
    void askBeforeUnload((q) => dialog.showMessageBox(win, { ...q, buttons: [...q.buttons] }).then((r) => r.response), () => win.destroy());
  });
  mainWindow.on('closed', () => {
    station.onSessionEnd(`window-${windowId}`);
    mainWindow = null;
  });
  await mainWindow.loadURL(APP_ENTRY_URL);

  app.on('window-all-closed', () => {
    void station.close().finally(() => app.quit());
  });
}

void main();
