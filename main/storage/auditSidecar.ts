import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The audit chain head kept outside the database, so deleting the newest rows is detectable. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

const FORMAT = 'poc-station-audit-head/1';
let tempCounter = 0;

/**
 * Replaces the sidecar atomically: write a temp file, fsync it, rename it over the old one,
 * fsync the folder (so the rename itself is durable). A reader sees the old head or the new
 * one, never a torn file.
 */
export function writeAuditHead(path: string, head: AuditHead): void {
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify({ format: FORMAT, seq: head.seq, hash: head.hash }) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    closeSync(dirFd);
  }
}

export type SidecarRead = { readonly kind: 'ok'; readonly head: AuditHead } | { readonly kind: 'missing' } | { readonly kind: 'unreadable' };

export function readAuditHead(path: string): SidecarRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable' };
  }
  try {
    const v = JSON.parse(text) as { format?: unknown; seq?: unknown; hash?: unknown };
    if (v.format === FORMAT && typeof v.seq === 'number' && Number.isSafeInteger(v.seq) && v.seq >= 0 && typeof v.hash === 'string' && /^[0-9a-f]{64}$/.test(v.hash)) {
      return { kind: 'ok', head: { seq: v.seq, hash: v.hash } };
    }
  } catch {
    // fall through: a sidecar that is not our JSON is as bad as a torn one
  }
  return { kind: 'unreadable' };
}
