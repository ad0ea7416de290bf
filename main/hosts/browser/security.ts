import { timingSafeEqual } from 'node:crypto';

/**
 * Content-Security-Policy of the renderer, shared by both hosts: only our own scripts, no
 * inline script, no eval, no plugins, no framing; WebSocket only back to our own origin.
 */
export function contentSecurityPolicy(wsOrigin: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Constant-time token comparison: the token is the only secret of the browser host. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
