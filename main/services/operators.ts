import { StationError } from '../../common/errors.ts';
import type { AuditRole } from '../audit/entry.ts';
import type { Store } from '../storage/store.ts';
import { badgeSalt } from './settings.ts';
import { BADGE_PATTERN, badgeLookupHash, DEFAULT_PIN_COST, hashPin, PIN_PATTERN, verifyPin, type ScryptCost } from './secrets.ts';

export const ROLES = ['admin', 'ma', 'provider'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that capture EKGs and carry out their review (notify the provider, acknowledge a finding): not an administrator. */
export const CARE_ROLES = ['ma', 'provider'] as const satisfies readonly Role[];
export const isCareRole = (role: string): boolean => (CARE_ROLES as readonly string[]).includes(role);

/** Consecutive wrong PINs that lock an account until an admin unlocks it (issue 3). */
export const MAX_FAILED_ATTEMPTS = 5;

export interface Operator {
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly active: boolean;
  readonly lockedOut: boolean;
  readonly simulated: boolean;
}

export interface NewOperator {
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly badgeId: string;
  readonly pin: string;
  readonly simulated?: boolean;
}

/** Who acts on the audit log: an operator, or the station itself (CLI, first-run). */
export interface Actor {
  readonly id: string;
  readonly role: AuditRole;
}

export type AuthFailure = 'unknown-badge' | 'bad-pin' | 'locked-out' | 'inactive';
/**
 * A refusal. `attemptsLeft`: wrong PINs still allowed before the account locks, after a wrong PIN
 * or an unknown badge (whose count is a decoy: see Operators.unknownBadgeFailures); null when the
 * account is locked or disabled, or when an unknown badge's decoy has run out.
 */
export type AuthResult =
  | { readonly ok: true; readonly operator: Operator }
  | { readonly ok: false; readonly reason: AuthFailure; readonly attemptsLeft: number | null };

/** Unknown badges whose decoy count is kept; the oldest is forgotten beyond this. */
const DECOY_BADGES_KEPT = 1_000;

export const LOGIN_PATTERN = /^[a-z][a-z0-9._-]{1,31}$/;

interface OperatorRow {
  login: string;
  display_name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_out_at_utc: string | null;
  active: number;
  simulated: number;
}

/** Why a new account's fields are refused, or null when they are well-formed. */
function invalidOperator(input: NewOperator): string | null {
  if (!LOGIN_PATTERN.test(input.login)) return 'login must be 2-32 lowercase letters, digits, . _ -';
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > 80 || /\p{Cc}/u.test(displayName)) return 'display name must be 1-80 printable characters';
  if (!(ROLES as readonly string[]).includes(input.role)) return 'unknown role';
  if (!BADGE_PATTERN.test(input.badgeId)) return 'badge id must be 4-64 printable characters';
  if (!PIN_PATTERN.test(input.pin)) return 'PIN must be 4 to 12 digits';
  return null;
}

const toOperator = (r: OperatorRow): Operator => ({
  login: r.login,
  displayName: r.display_name,
  role: r.role,
  active: r.active === 1,
  lockedOut: r.locked_out_at_utc !== null,
  simulated: r.simulated === 1,
});

/** Local operator accounts: creation, badge + PIN authentication with lockout, unlock. All audited. */
export class Operators {
  private readonly pinCost: ScryptCost;
  /** A hash checked for unknown badges, so they take as long as known ones (no timing oracle). */
  private decoyHash: Promise<string> | null = null;
  /**
   * Wrong attempts per unknown badge (by its keyed hash, never the badge), in memory. A known
   * badge's refusal says how many attempts are left before it locks; an unknown badge's must
   * count down the same way, or the countdown would tell which badges exist (the words say "badge
   * or PIN not recognized" for both). As before, it is the lockout itself that only a known badge
   * reaches: at that attempt an unknown one says "not recognized" without a count.
   */
  private readonly unknownBadgeFailures = new Map<string, number>();

  constructor(
    private readonly store: Store,
    options: { readonly pinCost?: ScryptCost } = {},
  ) {
    this.pinCost = options.pinCost ?? DEFAULT_PIN_COST;
  }

  count(): number {
    return this.store.db.prepare('SELECT COUNT(*) FROM operators').pluck().get() as number;
  }

  list(): Operator[] {
    return (this.store.db.prepare('SELECT * FROM operators ORDER BY login').all() as OperatorRow[]).map(toOperator);
  }

  get(login: string): Operator | undefined {
    const row = this.row(login);
    return row === undefined ? undefined : toOperator(row);
  }

  /**
   * Creates an account. `onlyIfNone` is the first-run path: it refuses once any account exists.
   * A refusal (bad input, login or badge taken, already set up) is audited as a failure, then thrown.
   */
  async add(input: NewOperator, actor: Actor, options: { readonly onlyIfNone?: boolean } = {}): Promise<Operator> {
    const refuse = (error: StationError): StationError =>
      this.refused(actor, { action: 'create', verb: 'create', login: input.login, role: input.role }, error);
    const invalid = invalidOperator(input);
    if (invalid !== null) throw refuse(new StationError('invalid-operator', invalid));
    const pinHash = await hashPin(input.pin, this.pinCost);
    const badgeHash = badgeLookupHash(input.badgeId, badgeSalt(this.store));
    const outcome = this.store.transaction((): Operator | StationError => {
      if (options.onlyIfNone === true && this.count() > 0) return refuse(new StationError('already-set-up', 'the station already has operators'));
      if (this.row(input.login) !== undefined) return refuse(new StationError('operator-exists', 'that login is taken'));
      if (this.store.db.prepare('SELECT 1 FROM operators WHERE badge_hash = ?').get(badgeHash) !== undefined) {
        return refuse(new StationError('badge-taken', 'that badge belongs to another operator'));
      }
      this.store.db
        .prepare('INSERT INTO operators (login, display_name, role, badge_hash, pin_hash, simulated, created_at_utc) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.login, input.displayName.trim(), input.role, badgeHash, pinHash, input.simulated === true ? 1 : 0, new Date(this.store.clockMs()).toISOString());
      this.store.audit.append({
        operator: actor,
        action: 'create',
        verb: 'create',
        objectType: 'operator',
        objectId: input.login,
        outcome: 'success',
        details: { role: input.role, ...(input.simulated === true ? { simulated: true } : {}) },
      });
      return this.get(input.login)!;
    });
    if (outcome instanceof StationError) throw outcome;
    return outcome;
  }

  /**
   * Checks a badge (or, to unlock a session, a login) and PIN. Every failure is audited under
   * `verb`; the 5th consecutive wrong PIN locks the account and is audited as a lockout.
   * The caller audits the success under its own verb (sign-in, unlock).
   */
  async authenticate(who: { readonly badgeId: string } | { readonly login: string }, pin: string, verb: string): Promise<AuthResult> {
    const badgeHash = 'login' in who ? null : badgeLookupHash(who.badgeId, badgeSalt(this.store));
    const row = 'login' in who ? this.row(who.login) : (this.store.db.prepare('SELECT * FROM operators WHERE badge_hash = ?').get(badgeHash) as OperatorRow | undefined);
    if (row === undefined) {
      this.decoyHash ??= hashPin('0000', this.pinCost);
      await verifyPin(pin, await this.decoyHash);
      this.fail(null, 'unknown-badge', verb);
      return { ok: false, reason: 'unknown-badge', attemptsLeft: badgeHash === null ? null : this.decoyAttemptsLeft(badgeHash) };
    }
    if (row.active !== 1) return this.fail(row, 'inactive', verb);
    if (row.locked_out_at_utc !== null) return this.fail(row, 'locked-out', verb);
    const good = PIN_PATTERN.test(pin) && (await verifyPin(pin, row.pin_hash));
    if (!good) return this.fail(row, 'bad-pin', verb);
    if (row.failed_attempts > 0) this.store.db.prepare('UPDATE operators SET failed_attempts = 0 WHERE login = ?').run(row.login);
    return { ok: true, operator: toOperator(row) };
  }

  /** Admin action: clears a lockout. An unknown login is audited as a failure, then thrown. */
  unlockAccount(login: string, actor: Actor): Operator {
    const outcome = this.store.transaction((): Operator | StationError => {
      if (this.row(login) === undefined) {
        return this.refused(actor, { action: 'update', verb: 'unlock', login }, new StationError('operator-not-found', 'no such operator'));
      }
      this.store.db.prepare('UPDATE operators SET failed_attempts = 0, locked_out_at_utc = NULL WHERE login = ?').run(login);
      this.store.audit.append({ operator: actor, action: 'update', verb: 'unlock', objectType: 'operator', objectId: login, outcome: 'success' });
      return this.get(login)!;
    });
    if (outcome instanceof StationError) throw outcome;
    return outcome;
  }

  private row(login: string): OperatorRow | undefined {
    return this.store.db.prepare('SELECT * FROM operators WHERE login = ?').get(login) as OperatorRow | undefined;
  }

  /**
   * Audits a refused account change under the verb its success would have had, the error's code
   * as the reason, and returns the error to throw. Inside the deciding transaction the entry
   * commits with it, so the caller throws only after the commit (a throw would roll it back).
   * The login is named only when it is a well-formed one (a PIN typed into the login field is
   * not), the role only when it is a known one; never the badge, name or PIN.
   */
  private refused(
    actor: Actor,
    change: { readonly action: 'create' | 'update'; readonly verb: string; readonly login: string; readonly role?: string },
    error: StationError,
  ): StationError {
    const role = change.role !== undefined && (ROLES as readonly string[]).includes(change.role) ? { role: change.role } : undefined;
    this.store.audit.append({
      operator: actor,
      action: change.action,
      verb: change.verb,
      objectType: 'operator',
      objectId: LOGIN_PATTERN.test(change.login) ? change.login : null,
      outcome: 'failure',
      reason: error.code,
      ...(role !== undefined ? { details: role } : {}),
    });
    return error;
  }

  /** Counts one more failure of an unknown badge and answers as a known badge's count would. */
  private decoyAttemptsLeft(badgeHash: string): number | null {
    const failures = (this.unknownBadgeFailures.get(badgeHash) ?? 0) + 1;
    this.unknownBadgeFailures.delete(badgeHash); // re-inserted last: the oldest badge is the first key
    this.unknownBadgeFailures.set(badgeHash, failures);
    if (this.unknownBadgeFailures.size > DECOY_BADGES_KEPT) this.unknownBadgeFailures.delete(this.unknownBadgeFailures.keys().next().value!);
    return failures < MAX_FAILED_ATTEMPTS ? MAX_FAILED_ATTEMPTS - failures : null;
  }

  private fail(row: OperatorRow | undefined | null, reason: AuthFailure, verb: string): AuthResult & { readonly ok: false } {
    // The attempt that locks the account says so at once (not only the next one): the person at
    // the station learns to fetch an administrator instead of typing a sixth PIN into a locked account.
    let lockedNow = false;
    let attemptsLeft: number | null = null;
    this.store.transaction(() => {
      // Re-read inside the transaction: concurrent failures must each count.
      const current = row ? this.row(row.login) : undefined;
      const operator = current ? { id: current.login, role: current.role } : null;
      this.store.audit.append({ operator, action: 'execute', verb, objectType: 'session', outcome: 'failure', reason });
      if (current && reason === 'bad-pin') {
        const attempts = current.failed_attempts + 1;
        const lockNow = attempts >= MAX_FAILED_ATTEMPTS && current.locked_out_at_utc === null;
        attemptsLeft = lockNow ? null : Math.max(0, MAX_FAILED_ATTEMPTS - attempts);
        this.store.db
          .prepare('UPDATE operators SET failed_attempts = ?, locked_out_at_utc = COALESCE(locked_out_at_utc, ?) WHERE login = ?')
          .run(attempts, lockNow ? new Date(this.store.clockMs()).toISOString() : null, current.login);
        if (lockNow) {
          lockedNow = true;
          this.store.audit.append({
            operator,
            action: 'update',
            verb: 'lockout',
            objectType: 'operator',
            objectId: current.login,
            outcome: 'success',
            details: { failedAttempts: attempts },
          });
        }
      }
    });
    return { ok: false, reason: lockedNow ? 'locked-out' : reason, attemptsLeft };
  }
}
