import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { faultName } from '../../../common/errors.ts';
import { wireCall, WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type WireReply } from '../../../common/ipc/wire.ts';
import { dispatch } from '../../ipc/dispatch.ts';
import type { Station } from '../../app/station.ts';
import { contentSecurityPolicy, tokenMatches } from './security.ts';
import { serveStatic } from './staticFiles.ts';

export interface BrowserHostOptions {
  /** The built renderer (index.html + assets). */
  readonly rendererDir: string;
  /** 0 = any free port. The host always binds to 127.0.0.1 only. */
  readonly port: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  readonly token?: string;
  /**
   * Where the host reports a fault it survived (a failed request, a socket closed for a protocol
   * error), one line each, naming the error's code only: never a payload, which may hold patient
   * data. Default: stderr.
   */
  readonly onFault?: (line: string) => void;
}

export interface BrowserHost {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The URL to open: the token travels in the fragment, which browsers never send to a server. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * The browser host: serves the renderer and the IPC contract over HTTP + WebSocket on
 * 127.0.0.1. Every WebSocket must present the per-launch token and come from our own Origin;
 * every call goes through the same dispatch() as the Electron host.
 */
export async function startBrowserHost(station: Station, options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const onFault = options.onFault ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, the server still emits 'error' for a failed accept (EMFILE): without a
  // listener that would end the process, and the station with it.
  server.on('error', (e) => onFault(`browser host: server error (${faultName(e)})`));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const csp = contentSecurityPolicy(`ws://127.0.0.1:${port}`);

  // Each request runs detached from the server's event: whatever it rejects with is caught here,
  // or one request could end the station.
  server.on('request', (req, res) => {
    serveStatic(options.rendererDir, csp, req, res).catch((e: unknown) => {
      onFault(`browser host: request failed (${faultName(e)})`);
      abortResponse(res);
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    // Node removes its own 'error' listener from an upgraded socket: a client resetting the
    // connection while it is refused would otherwise be an unhandled 'error'. ws adds its own
    // listener in handleUpgrade (the pattern of ws's README).
    const onSocketError = (): void => void socket.destroy();
    socket.on('error', onSocketError);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (req.url !== '/ipc') return refuse(404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (!tokenMatches(token, presented) || !offered.includes(WIRE_PROTOCOL)) return refuse(401, 'Unauthorized');
    socket.off('error', onSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(station, ws, onFault));
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

function serveSocket(station: Station, ws: WebSocket, onFault: (line: string) => void): void {
  const sessionId = randomUUID();
  sessionIds.set(ws, sessionId);
  // A protocol error (a message over MAX_MESSAGE_BYTES, invalid UTF-8, a bad frame): ws has
  // already started closing this socket with the matching close code (1009, 1007, 1002); the
  // listener only keeps the 'error' event from ending the process. Other sockets are untouched.
  ws.on('error', (e) => onFault(`browser host: socket closed after a protocol error (${faultName(e)})`));
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
    // dispatch() never rejects, but sending its reply can throw (a value JSON cannot encode).
    dispatch(station.handlers, call.channel, call.payload, { sessionId, host: 'browser' })
      .then((result) => {
        if (ws.readyState === ws.OPEN) reply({ kind: 'result', id: call.id, result });
      })
      .catch((e: unknown) => onFault(`browser host: reply to ${call.channel} failed (${faultName(e)})`));
  });
  ws.on('close', () => {
    // Signing the operator out writes to the database; a failure there must not end the station.
    try {
      station.onSessionEnd(sessionId);
    } catch (e) {
      onFault(`browser host: ending a session failed (${faultName(e)})`);
    }
  });
}

/** Ends a response whose handler failed: a 500 if nothing was sent yet, else the connection is cut. */
function abortResponse(res: ServerResponse): void {
  try {
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { 'Cache-Control': 'no-store' }).end();
  } catch {
    res.destroy();
  }
}
