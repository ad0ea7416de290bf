import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { wireCall, WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type WireReply } from '../../../common/ipc/wire.ts';
import { dispatch } from '../../ipc/dispatch.ts';
import type { Station } from '../../app/station.ts';
import { contentSecurityPolicy, tokenMatches } from './security.ts';

export interface BrowserHostOptions {
  /** The built renderer (index.html + assets). */
  readonly rendererDir: string;
  /** 0 = any free port. The host always binds to 127.0.0.1 only. */
  readonly port: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  readonly token?: string;
}

export interface BrowserHost {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The URL to open: the token travels in the fragment, which browsers never send to a server. */
  readonly url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * The browser host: serves the renderer and the IPC contract over HTTP + WebSocket on
 * 127.0.0.1. Every WebSocket must present the per-launch token and come from our own Origin;
 * every call goes through the same dispatch() as the Electron host.
 */
export async function startBrowserHost(station: Station, options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const csp = contentSecurityPolicy(`ws://127.0.0.1:${port}`);

  server.on('request', (req, res) => {
    void serveStatic(options.rendererDir, csp, req, res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (req.url !== '/ipc') return refuse(404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (!tokenMatches(token, presented) || !offered.includes(WIRE_PROTOCOL)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(station, ws));
  });

  const unsubscribe = station.events.subscribe((name, payload, target) => {
    const message = JSON.stringify({ kind: 'event', name, payload } satisfies WireReply);
    for (const ws of wss.clients) {
      const sessionId = sessionIds.get(ws);
      if (target === null || target === sessionId) ws.send(message);
    }
  });

  return {
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sessionIds = new WeakMap<WebSocket, string>();

function serveSocket(station: Station, ws: WebSocket): void {
  const sessionId = randomUUID();
  sessionIds.set(ws, sessionId);
  ws.on('message', (data, isBinary) => {
    const reply = (r: WireReply): void => ws.send(JSON.stringify(r));
    if (isBinary) {
      reply({ kind: 'result', id: null, result: { ok: false, error: { code: 'invalid-message', message: 'binary messages are not accepted' } } });
      return;
    }
    let parsed: ReturnType<typeof wireCall.safeParse>;
    try {
      parsed = wireCall.safeParse(JSON.parse(data.toString()));
    } catch {
      reply({ kind: 'result', id: null, result: { ok: false, error: { code: 'invalid-message', message: 'message is not JSON' } } });
      return;
    }
    if (!parsed.success) {
      reply({ kind: 'result', id: null, result: { ok: false, error: { code: 'invalid-message', message: 'message is not a call' } } });
      return;
    }
    const call = parsed.data;
    void dispatch(station.handlers, call.channel, call.payload, { sessionId, host: 'browser' }).then((result) => {
      if (ws.readyState === ws.OPEN) reply({ kind: 'result', id: call.id, result });
    });
  });
  ws.on('close', () => station.onSessionEnd(sessionId));
}

async function serveStatic(rootDir: string, csp: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const common = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, common).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const root = resolve(rootDir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) {
    res.writeHead(404, common).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { ...common, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, common).end();
  }
}
