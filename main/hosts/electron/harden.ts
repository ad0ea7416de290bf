import { APP_SCHEME } from './windowOptions.ts';

/** The parts of Electron's WebContents that hardening touches (kept small so tests can fake them). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/**
 * True only for our own app origin (URL-parsed, not string-prefixed). Scheme and host are
 * compared explicitly: for a non-special scheme URL.origin is the string "null", which would
 * also match file:// URLs.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'station' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Blocks navigation away from the app, new windows and webviews (checklist items 11-14). */
export function hardenContents(contents: HardenableContents): void {
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Denies every permission request and check: the station needs no camera, mic, geolocation... (item 5). */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The sender of an IPC call, as Electron reports it. */
export interface IpcSender {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
  readonly sender: { readonly id: number };
}

/**
 * Item 17: every IPC call must come from the top-level frame of our own window, showing our
 * own origin. Anything else (a subframe, another window, a navigated-away page) is refused.
 */
export function isTrustedSender(event: IpcSender, mainWindowContentsId: number | null): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (mainWindowContentsId === null || event.sender.id !== mainWindowContentsId) return false;
  return isAppUrl(frame.url);
}
