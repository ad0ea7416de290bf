import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

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

/**
 * The decoded path of a request target, or null when it cannot be one: a target the URL parser
 * refuses (an absolute-form `http://[`; `a:b`, whose scheme has no paths), a malformed
 * percent-escape (`%E0%A4%A`), or a NUL byte.
 * Any client can send these before authenticating, so they must be a 400, never a throw.
 */
export function requestPath(target: string | undefined): string | null {
  try {
    const pathname = decodeURIComponent(new URL(target ?? '/', 'http://x').pathname);
    return pathname.startsWith('/') && !pathname.includes('\0') ? pathname : null;
  } catch {
    return null;
  }
}

/** Serves a file of the built renderer. Settles only after the response is sent; never rejects for a bad request. */
export async function serveStatic(rootDir: string, csp: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  const pathname = requestPath(req.url);
  if (pathname === null) {
    res.writeHead(400, common).end();
    return;
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const root = resolve(rootDir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) {
    res.writeHead(404, common).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, common).end();
    return;
  }
  res.writeHead(200, { ...common, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
}
