import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestStation, type RunningStation } from '../../../helpers/station.ts';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../../../common/ipc/wire.ts';

let s: RunningStation;
/** What the host reported about faults it survived. */
const faults: string[] = [];
beforeAll(async () => {
  s = await startTestStation({}, { onFault: (line) => faults.push(line) });
});
afterAll(async () => {
  await s.close();
});

/** Opens a WebSocket to the host with the given credentials; resolves with the HTTP status of a refusal or the open socket. */
function connect(opts: { token?: string | null; origin?: string; path?: string }): Promise<{ status: number; ws?: WebSocket }> {
  const protocols = [WIRE_PROTOCOL];
  if (opts.token !== null) protocols.push(TOKEN_PROTOCOL_PREFIX + (opts.token ?? s.host.token));
  const ws = new WebSocket(`ws://127.0.0.1:${s.host.port}${opts.path ?? '/ipc'}`, protocols, { origin: opts.origin ?? s.host.origin });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: 0 }));
  });
}

/**
 * Sends one message and resolves with the next reply. Pushed events (a printer poll, device state)
 * may arrive at any moment on the same socket, so they are skipped rather than taken for the reply.
 */
function call(ws: WebSocket, message: unknown): Promise<{ id: number | null; result: { ok: boolean; error?: { code: string } } }> {
  return nextMessage(ws, (m) => m.kind !== 'event', () => ws.send(typeof message === 'string' ? message : JSON.stringify(message)));
}

/** Resolves with the first message that matches; `start` runs once the listener is in place. */
function nextMessage<T>(ws: WebSocket, matches: (m: Record<string, unknown>) => boolean, start: () => void): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (d: WebSocket.RawData): void => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if (!matches(m)) return;
      ws.off('message', onMessage);
      resolve(m as T);
    };
    ws.on('message', onMessage);
    start();
  });
}

describe('browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(s.host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    expect((await connect({ token: null })).status).toBe(401);
    expect((await connect({ token: 'x'.repeat(s.host.token.length) })).status).toBe(401);
    expect((await connect({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect({ origin: `http://localhost:${s.host.port}` })).status).toBe(403);
    expect((await connect({ path: '/other' })).status).toBe(404);
  });

  it('serves the contract to an authenticated socket and validates every payload', async () => {
    const { ws } = await connect({});
    expect(ws).toBeDefined();
    const ok = await call(ws!, { id: 1, channel: 'app.ping', payload: { nonce: 'n1' } });
    expect(ok).toMatchObject({ id: 1, result: { ok: true, value: { nonce: 'n1' } } });
    expect(await call(ws!, { id: 2, channel: 'app.ping', payload: { nonce: 7 } })).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid-request' } } });
    expect(await call(ws!, { id: 3, channel: 'app.nope', payload: {} })).toMatchObject({ id: 3, result: { ok: false, error: { code: 'unknown-channel' } } });
    expect(await call(ws!, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-message' } } });
    expect(await call(ws!, { channel: 'app.ping' })).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-message' } } });
    ws!.close();
  });

  it('pushes contract events to connected sockets', async () => {
    const { ws } = await connect({});
    const got = nextMessage(ws!, (m) => m.name === 'app.notice', () => {
      s.station.events.emit('app.notice', { level: 'warning', text: 'printer needs paper' });
    });
    expect(await got).toEqual({ kind: 'event', name: 'app.notice', payload: { level: 'warning', text: 'printer needs paper' } });
    ws!.close();
  });

  it('serves the renderer with a strict CSP and no path traversal', async () => {
    const res = await fetch(`${s.host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${s.host.origin}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${s.host.origin}/`, { method: 'POST' })).status).toBe(405);
  });
});

/** Sends raw bytes over TCP and resolves with everything the host answered once it closes. */
function rawRequest(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(s.host.port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Resolves with the close code the host sent once `start` has run. */
function closeCode(ws: WebSocket, start: () => void): Promise<number> {
  return new Promise((resolve) => {
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
    start();
  });
}

/** The host is still up: the renderer is served and an authenticated socket gets answers. */
async function stillServing(): Promise<void> {
  expect((await fetch(`${s.host.origin}/`)).status).toBe(200);
  const { ws } = await connect({});
  expect(await call(ws!, { id: 9, channel: 'app.ping', payload: { nonce: 'alive' } })).toMatchObject({ id: 9, result: { ok: true } });
  ws!.close();
}

describe('browser host under hostile input (it must never end the station)', () => {
  it('answers a malformed request path with 400, before any token is checked', async () => {
    expect((await fetch(`${s.host.origin}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${s.host.origin}/assets/%ZZ.js`)).status).toBe(400);
    expect((await fetch(`${s.host.origin}/index.html%00.png`)).status).toBe(400);
    expect(await rawRequest('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    await stillServing();
  });

  it('closes a socket that sends a message over 1 MiB with 1009; other sessions carry on', async () => {
    const { ws: bystander } = await connect({});
    const { ws } = await connect({});
    expect(await closeCode(ws!, () => ws!.send('x'.repeat((1 << 20) + 1)))).toBe(1009);
    expect(await call(bystander!, { id: 1, channel: 'app.ping', payload: { nonce: 'still-here' } })).toMatchObject({ id: 1, result: { ok: true } });
    bystander!.close();
    await stillServing();
    expect(faults).toContain('browser host: socket closed after a protocol error (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH)');
  });

  it('closes a socket that sends text that is not UTF-8 with 1007', async () => {
    const { ws } = await connect({});
    expect(await closeCode(ws!, () => ws!.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toBe(1007);
    await stillServing();
  });

  it('survives clients that reset the connection while their socket is being refused', async () => {
    const request = `GET /ipc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n`;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        new Promise<void>((resolve) => {
          const socket = tcpConnect(s.host.port, '127.0.0.1', () => {
            socket.write(request);
            socket.resetAndDestroy();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        }),
      ),
    );
    await stillServing();
  });
});
