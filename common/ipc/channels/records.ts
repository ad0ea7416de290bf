import { z } from 'zod';
import { isIsoDate } from '../../calendar.ts';
import { channel } from '../define.ts';

/**
 * Local records: first-run setup, operator sessions (badge + PIN, lock, auto-lock), patient
 * context and the Audit screen. Served by main/services/recordsHandlers.ts. Every call except
 * the first-run ones and session.state/signIn needs a signed-in, unlocked session.
 */
export const roleSchema = z.enum(['admin', 'ma', 'provider']);
export const sexSchema = z.enum(['female', 'male', 'other', 'unknown']);

const login = z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/);
const badgeId = z.string().regex(/^[\x21-\x7e]{4,64}$/);
const pin = z.string().regex(/^[0-9]{4,12}$/);
const mrn = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/);
const utcIso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
/**
 * An audit search filter: the search itself is audited with its filters (recordsHandlers), and the
 * audit log takes identifiers of 1-128 printable characters only (main/audit/entry.ts). An empty
 * or control-character filter passed here and then failed as a format error of the audit entry.
 */
const auditFilter = (maxChars: number) =>
  z
    .string()
    .min(1)
    .max(maxChars)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u);

export const operatorViewSchema = z.object({ login: z.string(), displayName: z.string(), role: roleSchema, simulated: z.boolean() });

export const patientSchema = z.object({
  id: z.number().int(),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: sexSchema,
  /** Demo patient: the UI shows SIMULATED next to it. */
  simulated: z.boolean(),
});

export const sessionStateSchema = z.object({
  needsSetup: z.boolean(),
  operator: operatorViewSchema.nullable(),
  locked: z.boolean(),
  /** Null while locked or when none is selected: the UI hides patient data. */
  patient: patientSchema.nullable(),
  autoLockMs: z.number().int(),
  /** When the session locks itself if nothing happens (epoch ms). */
  lockAtMs: z.number().nullable(),
});

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  atUtc: z.string(),
  operatorId: z.string().nullable(),
  operatorRole: z.enum(['admin', 'ma', 'provider', 'system']).nullable(),
  stationId: z.string(),
  action: z.enum(['create', 'read', 'update', 'delete', 'execute']),
  verb: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  patientId: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  reason: z.string().nullable(),
  details: z.string(),
  hash: z.string(),
});

const auditCursorSchema = z.object({ atUtc: utcIso, seq: z.number().int().min(1) }).strict();
const empty = z.object({}).strict();

export const recordsChannels = {
  'records.firstRun.status': channel(empty, z.object({ needsSetup: z.boolean() })),
  /** Creates the first admin account and signs it in; refused once any account exists. */
  'records.firstRun.setup': channel(
    z.object({ login, displayName: z.string().min(1).max(80), badgeId, pin }).strict(),
    sessionStateSchema,
  ),
  'records.session.state': channel(empty, sessionStateSchema),
  /** Badge scan then PIN. On a locked session the same operator unlocks it. */
  'records.session.signIn': channel(z.object({ badgeId, pin }).strict(), sessionStateSchema),
  'records.session.signOut': channel(empty, sessionStateSchema),
  'records.session.lock': channel(empty, sessionStateSchema),
  'records.session.unlock': channel(z.object({ pin }).strict(), sessionStateSchema),
  /** The UI reports operator input (throttled) so the inactivity timer restarts. */
  'records.session.activity': channel(empty, sessionStateSchema),
  'records.patients.search': channel(
    z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    z.object({ patients: z.array(patientSchema) }),
  ),
  /** Select by id (from a search) or by a scanned wristband MRN. */
  'records.patients.select': channel(
    z.union([z.object({ patientId: z.number().int().min(1) }).strict(), z.object({ mrn }).strict()]),
    sessionStateSchema,
  ),
  'records.patients.clear': channel(empty, sessionStateSchema),
  /** The patients a registration with these names and date of birth would duplicate (nameMatchKey), oldest first. */
  'records.patients.possibleDuplicates': channel(
    z.object({ familyName: z.string().min(1).max(100), givenName: z.string().min(1).max(100), birthDate: z.string().refine(isIsoDate, 'not a real YYYY-MM-DD date') }).strict(),
    z.object({ patients: z.array(patientSchema) }),
  ),
  /**
   * Registers a patient. A patient with the same names and date of birth is refused as
   * `patient-possible-duplicate` (records.patients.possibleDuplicates lists them) unless every one
   * of them is in `confirmedDifferentFrom`: the patient ids the form showed, which the operator
   * confirmed this is a different person from (audited). A match not shown (registered since, from
   * another window) is refused all the same. Names the label printer or the EKG report cannot print
   * are refused as `patient-name-unprintable` (saying what will not work) unless
   * `confirmedUnprintableName`; hidden control or text-direction characters are refused outright.
   */
  'records.patients.create': channel(
    z
      .object({
        mrn,
        familyName: z.string().min(1).max(100),
        givenName: z.string().min(1).max(100),
        birthDate: z.string().refine(isIsoDate, 'not a real YYYY-MM-DD date'),
        sex: sexSchema,
        confirmedDifferentFrom: z.array(z.number().int().min(1)).max(50).default([]),
        /** Save names the labels or the EKG report cannot print, after `patient-name-unprintable` said so. */
        confirmedUnprintableName: z.boolean().default(false),
      })
      .strict(),
    patientSchema,
  ),
  /** Auto-lock delay after inactivity (admins change it; audited as a configuration change). */
  'records.settings.autoLock': channel(
    z.object({ autoLockMs: z.number().int().min(30_000).max(3_600_000).optional() }).strict(),
    z.object({ autoLockMs: z.number().int() }),
  ),
  /**
   * One page of the audit log, newest first (admins). Pass the previous page's nextCursor for the
   * next. A patient is given by the station's patient id (as the log stores it) or by the MRN an
   * administrator knows (main finds its id; `patient-not-found` when no patient has it), not both.
   * A From after the To is refused as `audit-dates-reversed`, in words naming both fields.
   */
  'records.audit.query': channel(
    z
      .object({
        patientId: auditFilter(128).optional(),
        patientMrn: mrn.optional(),
        operatorId: auditFilter(128).optional(),
        verb: auditFilter(48).optional(),
        action: z.enum(['create', 'read', 'update', 'delete', 'execute']).optional(),
        fromUtc: utcIso.optional(),
        toUtc: utcIso.optional(),
        cursor: auditCursorSchema.nullable().default(null),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    z.object({
      /** `patientMrn`: the entry's patient by the MRN an administrator knows (null: none, or no longer on this station). */
      entries: z.array(auditEntrySchema.extend({ patientMrn: z.string().nullable() })),
      nextCursor: auditCursorSchema.nullable(),
    }),
  ),
  /** The recorded anchor mismatches no admin has acknowledged yet (admins): each fails `station audit verify`. */
  'records.audit.openFindings': channel(
    empty,
    z.object({
      findings: z.array(
        z.object({
          seq: z.number().int(),
          atUtc: z.string(),
          reason: z.string(),
          lostSeqs: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
        }),
      ),
    }),
  ),
  /**
   * An admin acknowledges the audit anchor mismatch recorded at `seq` (`station audit verify`
   * names it), after looking into it. Audited, with the lost seqs; a refusal is audited too.
   */
  'records.audit.acknowledgeAnchor': channel(
    z.object({ seq: z.number().int().min(1) }).strict(),
    z.object({
      /** The acknowledging entry's seq. */
      seq: z.number().int(),
      findingReason: z.string(),
      lostSeqs: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
    }),
  ),
} as const;
