import { StationError } from '../../common/errors.ts';
import type { AttemptedAction } from '../services/sessions.ts';
import type { AuditAppender } from '../storage/auditLog.ts';
import type { AuditEntryInput } from './entry.ts';

/** Refusals whose outcome the thrower already committed to the log (see alreadyAudited). */
const committed = new WeakSet<StationError>();

/**
 * Marks a typed error whose outcome is already in the log -- a failure entry committed before the
 * throw, or a success whose after-commit step failed -- so auditRefusal does not record the same
 * attempt a second time. Returns the error, to be thrown.
 */
export function alreadyAudited<E extends StationError>(error: E): E {
  committed.add(error);
  return error;
}

/**
 * Runs an operator's action and, when a rule refuses it with a typed error (StationError), records
 * the refusal as requireRole does (main/services/sessions.ts): the entry `attempt` describes, under
 * the operator who tried, outcome failure and the error's code as reason. Then the error goes on.
 *
 * One call per IPC handler, never inside a service: the services refuse inside their transaction,
 * which rolls back; this runs after that, so the failure entry commits on its own and stays.
 * Successes are audited by the services with their writes, and faults that are not StationErrors
 * (a bug, a disk error) are not refusals: neither is written here. `act` must be synchronous: a
 * promise's rejection would pass by unrecorded.
 */
export function auditRefusal<T>(audit: AuditAppender, operator: NonNullable<AuditEntryInput['operator']>, attempt: AttemptedAction, act: () => T): T {
  try {
    return act();
  } catch (e) {
    if (e instanceof StationError && !committed.has(e)) {
      audit.append({ ...attempt, operator: { id: operator.id, role: operator.role }, outcome: 'failure', reason: e.code });
    }
    throw e;
  }
}

/**
 * The action runner of a service's IPC handlers: the caller's operator is resolved first (a caller
 * who is not signed in is refused by the session, naming nobody to record), then `run` under
 * auditRefusal with the entry `attempt` describes. One for every service, not a copy in each.
 */
export function auditedActions<Ctx, Operator extends NonNullable<AuditEntryInput['operator']>>(
  audit: AuditAppender,
  operatorOf: (ctx: Ctx) => Operator,
): <T>(ctx: Ctx, attempt: () => AttemptedAction, run: (operator: Operator) => T) => T {
  return (ctx, attempt, run) => {
    const operator = operatorOf(ctx);
    return auditRefusal(audit, operator, attempt(), () => run(operator));
  };
}

