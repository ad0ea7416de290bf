import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { askBeforeUnload, createMainWindow, type BrowserWindowCtor } from '../../../../main/hosts/electron/windowOptions.ts';
import { hardenContents, hardenSession, isAppUrl, isTrustedSender } from '../../../../main/hosts/electron/harden.ts';

// FAKE at the Electron boundary (no Electron binary on this machine): a constructor that
// records the options the station passes to BrowserWindow.
function captureOptions(): BrowserWindowConstructorOptions {
  let seen: BrowserWindowConstructorOptions | undefined;
  const FakeBrowserWindow = function (this: unknown, o: BrowserWindowConstructorOptions) {
    seen = o;
  } as unknown as BrowserWindowCtor;
  createMainWindow(FakeBrowserWindow, '/app/preload.cjs');
  return seen!;
}

describe('Electron window', () => {
  it('is isolated, sandboxed and has no Node', () => {
    const wp = captureOptions().webPreferences!;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(wp.enableBlinkFeatures).toBeUndefined();
  });
});

describe('hardening', () => {
  it('blocks navigation away from the app, new windows and webviews', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    hardenContents({
      on: (ev: string, l: (e: { preventDefault(): void }, url: string) => void) => listeners.set(ev, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (openHandler = h),
    } as never);
    const attempt = (ev: string, url: string) => {
      let prevented = false;
      listeners.get(ev)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', 'app://station.evil/')).toBe(true);
    expect(attempt('will-navigate', 'app://station/index.html')).toBe(false);
    expect(attempt('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(attempt('will-attach-webview', 'app://station/')).toBe(true);
    expect(openHandler!({ url: 'app://station/x' })).toEqual({ action: 'deny' });
  });

  it('denies every permission', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    for (const p of ['media', 'geolocation', 'notifications', 'serial', 'usb', 'hid']) {
      let granted: boolean | undefined;
      request!({}, p, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(check!()).toBe(false);
  });

  it('trusts only the top frame of our own window showing our origin', () => {
    const top = { url: 'app://station/index.html', parent: null };
    expect(isTrustedSender({ senderFrame: top, sender: { id: 7 } }, 7)).toBe(true);
    expect(isTrustedSender({ senderFrame: top, sender: { id: 8 } }, 7)).toBe(false);
    expect(isTrustedSender({ senderFrame: { ...top, parent: {} }, sender: { id: 7 } }, 7)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 7 } }, 7)).toBe(false);
    expect(isTrustedSender({ senderFrame: null, sender: { id: 7 } }, 7)).toBe(false);
    expect(isTrustedSender({ senderFrame: top, sender: { id: 7 } }, null)).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('closing the Electron window while the station holds it', () => {
  // FAKE at the Electron boundary: the message box's answer and the window's destroy().
  const asked = async (answer: number) => {
    let left = false;
    await askBeforeUnload(
      (q) => {
        expect(q.buttons).toEqual(['Stay', 'Leave anyway']);
        expect(q.detail).toMatch(/immediate EKG finding is not acknowledged/);
        return Promise.resolve(answer);
      },
      () => (left = true),
    );
    return left;
  };
  it('asks without blocking, as a browser does: "Leave anyway" closes it, "Stay" (or Escape) keeps it', async () => {
    await expect(asked(1)).resolves.toBe(true);
    await expect(asked(0)).resolves.toBe(false);
  });
});
