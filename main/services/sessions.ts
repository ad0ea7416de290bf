import { StationError } from '../../common/errors.ts';
import { countText } from '../../common/format/count.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import type { AuditAppender } from '../storage/auditLog.ts';
import type { Store } from '../storage/store.ts';
import type { Operator, Operators, Role } from './operators.ts';

/** The signed-in operator of one window/socket, as role checks see it. */
export interface ActiveSession {
  readonly sessionId: string;
  readonly operator: { readonly id: string; readonly role: Role; readonly displayName: string };
  readonly patientId: number | null;
}

interface SessionState {
  operator: Operator;
  locked: boolean;
  lastActivityMs: number;
  patientId: number | null;
}

export interface SessionSnapshot {
  readonly operator: Operator | null;
  readonly locked: boolean;
  /** Null while locked: the UI must not show the patient until the operator is back. */
  readonly patientId: number | null;
  readonly autoLockMs: number;
  /** When the session will lock itself if nothing happens (epoch ms), null when not applicable. */
  readonly lockAtMs: number | null;
}

export class AuthError extends StationError {
  constructor(code: 'sign-in-failed' | 'not-signed-in' | 'session-locked' | 'forbidden', message: string) {
    super(code, message);
    this.name = 'AuthError';
  }
}

/**
 * What a role-checked caller is about to do, described as its success would be audited (the
 * operator and the outcome are added by requireRole). Identifiers and checked values only, never
 * free text from the request: a value the audit log refuses would leave the refusal unrecorded.
 */
export type AttemptedAction = Pick<AuditEntryInput, 'action' | 'verb' | 'objectType' | 'objectId' | 'patientId' | 'details'>;

/**
 * Throws unless the session's operator has one of `roles` (role checks live in main, not only in
 * the UI). A refusal is audited first, like every other refusal: the entry `attempt` would have
 * been, with outcome failure and reason `forbidden`, under the operator and role who tried.
 */
export function requireRole(audit: AuditAppender, session: ActiveSession, attempt: AttemptedAction, ...roles: readonly Role[]): void {
  if (roles.includes(session.operator.role)) return;
  audit.append({ ...attempt, operator: { id: session.operator.id, role: session.operator.role }, outcome: 'failure', reason: 'forbidden' });
  throw new AuthError('forbidden', `this action needs the ${roles.join(' or ')} role`);
}

/**
 * Sign-in state per IPC session (window or socket), keyed by CallContext.sessionId. Auto-lock is
 * a policy over the injected clock: a session idle for autoLockMs is locked (and audited) the
 * next time anything looks at it, or when the host calls tick(). All transitions are audited.
 */
export class Sessions {
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly store: Store,
    private readonly operators: Operators,
    private readonly autoLockMs: () => number,
  ) {}

  snapshot(sessionId: string): SessionSnapshot {
    const s = this.current(sessionId);
    const autoLockMs = this.autoLockMs();
    return {
      operator: s?.operator ?? null,
      locked: s?.locked ?? false,
      patientId: s && !s.locked ? s.patientId : null,
      autoLockMs,
      lockAtMs: s && !s.locked ? s.lastActivityMs + autoLockMs : null,
    };
  }

  /**
   * The session's operator and patient even while locked: for main's own rules (a locked session
   * must not become a way around them), never for display.
   */
  contextOf(sessionId: string): { operatorId: string; patientId: number | null } | null {
    const s = this.current(sessionId);
    return s ? { operatorId: s.operator.login, patientId: s.patientId } : null;
  }

  /**
   * Badge + PIN. On a locked session, the same operator unlocks it (patient context kept); a
   * different operator ends the previous operator's session first.
   */
  async signIn(sessionId: string, badgeId: string, pin: string): Promise<SessionSnapshot> {
    const result = await this.operators.authenticate({ badgeId }, pin, 'sign-in');
    if (!result.ok) throw new AuthError('sign-in-failed', signInMessage(result.reason, result.attemptsLeft));
    const previous = this.current(sessionId);
    if (previous && previous.operator.login === result.operator.login && previous.locked) {
      this.resume(previous, 'badge');
      return this.snapshot(sessionId);
    }
    if (previous) this.signOut(sessionId, 'replaced');
    this.sessions.set(sessionId, { operator: result.operator, locked: false, lastActivityMs: this.store.clockMs(), patientId: null });
    this.audit(result.operator, 'sign-in', {});
    return this.snapshot(sessionId);
  }

  /** PIN only: the signed-in operator returns to their locked session. */
  async unlock(sessionId: string, pin: string): Promise<SessionSnapshot> {
    const s = this.current(sessionId);
    if (!s) throw new AuthError('not-signed-in', 'nobody is signed in');
    if (!s.locked) return this.snapshot(sessionId);
    const result = await this.operators.authenticate({ login: s.operator.login }, pin, 'unlock');
    if (!result.ok) throw new AuthError('sign-in-failed', signInMessage(result.reason, result.attemptsLeft));
    this.resume(s, 'pin');
    return this.snapshot(sessionId);
  }

  signOut(sessionId: string, reason: 'manual' | 'replaced' | 'session-ended' = 'manual'): SessionSnapshot {
    const s = this.sessions.get(sessionId);
    if (s) {
      this.sessions.delete(sessionId);
      this.audit(s.operator, 'sign-out', { cause: reason });
    }
    return this.snapshot(sessionId);
  }

  lock(sessionId: string): SessionSnapshot {
    const s = this.current(sessionId);
    if (!s) throw new AuthError('not-signed-in', 'nobody is signed in');
    if (!s.locked) this.lockNow(s, 'manual');
    return this.snapshot(sessionId);
  }

  /** The operator did something (key, click, scan): restarts the inactivity timer. */
  activity(sessionId: string): SessionSnapshot {
    const s = this.current(sessionId);
    if (s && !s.locked) s.lastActivityMs = this.store.clockMs();
    return this.snapshot(sessionId);
  }

  /**
   * For handlers: the unlocked session of this caller, or a typed error. A call is not activity:
   * screens refresh themselves in the background (the review count, the cart status, the label
   * queue), and counting those kept a session on the EKG, Labels or POC screen from ever locking
   * (a UI tester left one open 9 minutes past a 5-minute lock). Only the operator's own input is
   * activity: the renderer reports keys, clicks and scans (`records.session.activity`).
   */
  requireActive(sessionId: string): ActiveSession {
    const s = this.current(sessionId);
    if (!s) throw new AuthError('not-signed-in', 'sign in first');
    if (s.locked) throw new AuthError('session-locked', 'the session is locked: sign in again');
    return { sessionId, operator: { id: s.operator.login, role: s.operator.role, displayName: s.operator.displayName }, patientId: s.patientId };
  }

  setPatient(sessionId: string, patientId: number | null): void {
    const s = this.current(sessionId);
    if (!s || s.locked) throw new AuthError('not-signed-in', 'sign in first');
    s.patientId = patientId;
  }

  /** Locks every idle session now (the host may call this every few seconds so the lock is prompt). */
  tick(): void {
    for (const id of [...this.sessions.keys()]) this.current(id);
  }

  /** The window or socket went away. */
  end(sessionId: string): void {
    this.signOut(sessionId, 'session-ended');
  }

  private current(sessionId: string): SessionState | undefined {
    const s = this.sessions.get(sessionId);
    if (s && !s.locked && this.store.clockMs() - s.lastActivityMs >= this.autoLockMs()) this.lockNow(s, 'inactivity');
    return s;
  }

  private lockNow(s: SessionState, cause: 'manual' | 'inactivity'): void {
    s.locked = true;
    this.audit(s.operator, 'lock', { cause });
  }

  private resume(s: SessionState, via: 'badge' | 'pin'): void {
    s.locked = false;
    s.lastActivityMs = this.store.clockMs();
    this.audit(s.operator, 'unlock', { via });
  }

  private audit(operator: Operator, verb: 'sign-in' | 'sign-out' | 'lock' | 'unlock', details: Record<string, string>): void {
    this.store.audit.append({
      operator: { id: operator.login, role: operator.role },
      action: 'execute',
      verb,
      objectType: 'session',
      outcome: 'success',
      details: { ...details, ...(operator.simulated ? { simulated: true } : {}) },
    });
  }
}

function signInMessage(reason: string, attemptsLeft: number | null): string {
  // One message for unknown badge and wrong PIN: the screen must not reveal which badges exist
  // (an unknown badge counts down too: Operators.unknownBadgeFailures).
  switch (reason) {
    case 'locked-out':
      return 'this account is locked after too many attempts: ask an administrator';
    case 'inactive':
      return 'this account is disabled';
    default:
      // Said before the lockout, so the person stops and fetches an administrator in time.
      return attemptsLeft === null ? 'badge or PIN not recognized' : `badge or PIN not recognized: ${countText(attemptsLeft, 'attempt')} left before this account is locked`;
  }
}
