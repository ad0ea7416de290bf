import { z } from 'zod';
import { channel, event } from '../define.ts';
import { float32Base64Length } from '../float32Base64.ts';
import { NOTIFIED_WHOM_MAX_CHARS, OVER_READ_COMMENT_MAX_CHARS } from '../../ekg/reviewWording.ts';

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

const flag = z.object({
  code: z.string(),
  text: z.string(),
  urgency: z.enum(['routine', 'prompt', 'immediate']),
  value: z.union([z.number(), z.string(), z.null()]),
});

const measurements = z.object({
  heartRateBpm: z.number().nullable(),
  prMs: z.number().nullable(),
  qrsMs: z.number().nullable(),
  qtMs: z.number().nullable(),
  qtcMs: z.number().nullable(),
  qtcFormula: z.enum(['bazett', 'fridericia']),
  axisDeg: z.object({ p: z.number().nullable(), qrs: z.number().nullable(), t: z.number().nullable() }),
});

/** One step of the review trail, as the review panel shows it (whom, how and when; who recorded it; the provider's comment in full). */
const reviewEvent = z.object({
  kind: z.enum(['provider-notified', 'immediate-acknowledged', 'confirmed', 'over-read']),
  atUtc: z.string(),
  actorId: z.string(),
  /** The operator's display name (their login when the account is gone): people read names, not logins. */
  actorName: z.string(),
  actorRole: z.string(),
  notifiedWhom: z.string().nullable(),
  notifiedHow: z.enum(['in-person', 'phone', 'secure-message', 'pager']).nullable(),
  notifiedAtUtc: z.string().nullable(),
  comment: z.string().nullable(),
});

/** One stored EKG as the EKG screen sees it: measurements, flags and the review state main enforces. */
/**
 * An EKG with an unacknowledged immediate finding: identifiers only (no findings), enough to say
 * whose EKG waits. `providerNotified`: its capturer recorded whom they told; only the
 * acknowledgement is left (nobody is sent for a provider again).
 */
const pendingImmediateSchema = z.object({
  id: z.number().int(),
  capturedAtUtc: z.string(),
  providerNotified: z.boolean(),
  patient: z.object({ id: z.number().int(), familyName: z.string(), givenName: z.string(), birthDate: z.string(), mrn: z.string() }).nullable(),
});

export const ekgView = z.object({
  id: z.number().int(),
  patientId: z.number().int().nullable(),
  capturedAtUtc: z.string(),
  /** The operator (login) who captured it: the immediate-finding hold is theirs alone. */
  capturedBy: z.string(),
  deviceId: z.string(),
  simulated: z.boolean(),
  fsHz: z.number(),
  leadNames: z.array(z.string()),
  measurements,
  qtc: z.object({ bazettMs: z.number().nullable(), fridericiaMs: z.number().nullable() }),
  rrVariability: z.object({
    sdnnMs: z.number().nullable(),
    rmssdMs: z.number().nullable(),
    irregularity: z.number().nullable(),
    minRrMs: z.number().nullable(),
    maxRrMs: z.number().nullable(),
  }),
  flags: z.array(flag),
  /** What the analysis could not read in this tracing and why (EkgInterpretation.notes); empty when nothing. */
  notes: z.array(z.string()),
  /** A cart capture cut short: how much was recorded and why, in plain words (common/ekg/captureCompleteness.ts); null when complete. */
  captureNote: z.string().nullable(),
  review: z.object({
    status: z.enum(['unconfirmed', 'confirmed', 'over-read']),
    immediateFlags: z.array(z.string()),
    immediateAcknowledged: z.boolean(),
    providerNotified: z.boolean(),
    canLeaveScreen: z.boolean(),
    leaveBlockedReason: z.string().nullable(),
    events: z.array(reviewEvent),
  }),
});

const id = z.object({ ekgId: z.number().int().positive() }).strict();

/**
 * What crosses the wire at most. What is kept is main's decision, refused in plain words:
 * EkgReviewService checks the comment against its limits (common/ekg/reviewWording.ts) and against
 * the EKG's own report (`comment-too-long`), and the notified name (`notified-whom-invalid`); a
 * contract refusal here could only say "invalid request".
 */
const overReadComment = z.string().max(10 * OVER_READ_COMMENT_MAX_CHARS);
const notifiedWhom = z.string().min(1).max(10 * NOTIFIED_WHOM_MAX_CHARS);

/** The most entries one ekg.worklist answer holds. */
export const EKG_WORKLIST_MAX = 100;

/** EKG review workflow (issue 5). Handlers: main/services/ekgHandlers.ts. */
export const ekgChannels = {
  /** The current patient's EKGs, newest first, for the EKG screen's list (reviewers open one with ekg.get). */
  'ekg.list': channel(
    z.object({}).strict(),
    z.object({
      ekgs: z.array(z.object({ id: z.number().int(), capturedAtUtc: z.string(), status: z.enum(['unconfirmed', 'confirmed', 'over-read']), flags: z.number().int(), simulated: z.boolean() })),
    }),
  ),
  /**
   * The caller's own EKGs (any patient) whose immediate finding is not acknowledged: shown on every
   * screen, with the patient's two identifiers, until acknowledged on the EKG screen.
   */
  'ekg.pendingImmediate': channel(
    z.object({}).strict(),
    z.object({
      ekgs: z.array(pendingImmediateSchema),
      /** Other operators' EKGs with an unacknowledged immediate finding: the capturer may be gone (a takeover), so whoever is here is told. */
      /** `capturedBy`: the capturer's display name. */
      others: z.array(pendingImmediateSchema.extend({ capturedBy: z.string() })),
    }),
  ),
  /**
   * Providers only: the EKGs waiting for review (unconfirmed, with a patient) across patients, most
   * urgent first (immediate, prompt, then routine or no flag), then oldest first; at most `limit`,
   * and `total` waiting. Each names its patient with two identifiers (null: not on this station).
   * Read-only, audited as a view of the list (counts only). Opening one still needs its patient
   * selected (records.patients.select), like every ekg.* call by id.
   */
  'ekg.worklist': channel(
    z.object({ limit: z.number().int().min(1).max(EKG_WORKLIST_MAX).default(50) }).strict(),
    z.object({
      total: z.number().int().min(0),
      entries: z.array(
        z.object({
          ekgId: z.number().int(),
          capturedAtUtc: z.string(),
          patient: z.object({ id: z.number().int(), familyName: z.string(), givenName: z.string(), birthDate: z.string(), mrn: z.string() }).nullable(),
          urgency: z.enum(['immediate', 'prompt', 'routine', 'none']),
          flagCount: z.number().int().min(0),
          /** Every flag's code, most urgent first. */
          flagCodes: z.array(z.string()),
          /** Every flag's text as the analysis worded it, in the same order (the list names them in the review panel's words). */
          flagTexts: z.array(z.string()),
          providerNotified: z.boolean(),
          simulated: z.boolean(),
          /**
           * A cart capture cut short (unplugged, stopped): the seconds it recorded, so a provider
           * choosing what to read sees the tracing is short; null when complete (or not a cart capture).
           */
          incompleteRecordedSeconds: z.number().nonnegative().nullable(),
        }),
      ),
    }),
  ),
  'ekg.get': channel(id, ekgView),
  'ekg.notifyProvider': channel(
    z
      .object({
        ekgId: z.number().int().positive(),
        whom: notifiedWhom,
        how: z.enum(['in-person', 'phone', 'secure-message', 'pager']),
        atUtc: z.iso.datetime(),
      })
      .strict(),
    ekgView,
  ),
  'ekg.acknowledgeImmediate': channel(id, ekgView),
  'ekg.review': channel(
    z
      .object({ ekgId: z.number().int().positive(), decision: z.enum(['confirmed', 'over-read']), comment: overReadComment.nullable() })
      .strict(),
    ekgView,
  ),
  /** The UI asks before navigating away; main answers from the stored state. */
  'ekg.canLeave': channel(id, z.object({ canLeave: z.boolean(), reason: z.string().nullable() })),
  /**
   * HL7 aECG XML export (audited). A capture the file cannot carry unchanged (frames lost on the
   * link, samples no whole-number scale holds) is refused with `aecg-not-exportable`, in plain
   * words, and the refusal is audited too.
   */
  'ekg.exportAecg': channel(id, z.object({ xml: z.string(), fileName: z.string() })),
  /** The one-page PDF report, base64, with the file name to save it under (as the aECG's: SIMULATED in it for simulated data). */
  'ekg.reportPdf': channel(id, z.object({ pdfBase64: z.string(), fileName: z.string() })),
  /**
   * The stored 10-s recording for the review panel's tracing: the 12 standard leads (III, aVR, aVL,
   * aVF derived as the report does when the cart sent I, II, V1-V6), each as base64 float32 LE in
   * mV like cart.block (common/ipc/float32Base64.ts; NaN = no sample). Same patient rule as ekg.get;
   * part of viewing the EKG: audited as a view unless this window's ekg.get of it already was.
   */
  'ekg.samples': channel(
    id,
    z
      .object({
        ekgId: z.number().int(),
        fsHz: z.number().positive(),
        samples: z.number().int().nonnegative(),
        leads: z.array(z.object({ name: z.string(), samples: z.string().regex(base64Text) })).max(16),
      })
      .refine((r) => r.leads.every((l) => l.samples.length === float32Base64Length(r.samples)), 'every lead carries `samples` float32 values'),
  ),
  /**
   * Providers only: how many EKGs wait for review and how many of them have an immediate flag, for
   * the badge on the "Waiting for review" tab. Counts only: no patient, no EKG id.
   */
  'ekg.reviewCounts': channel(z.object({}).strict(), z.object({ waiting: z.number().int().min(0), immediate: z.number().int().min(0) }).strict()),
} as const;

export const ekgEvents = {
  /**
   * An EKG's review state changed (provider notified, immediate finding acknowledged, confirmed or
   * over-read), in any window: screens showing it read it again (ekg.get, which applies the patient
   * rule). The id only, never patient data: it goes to every window.
   */
  'ekg.reviewChanged': event(z.object({ ekgId: z.number().int().positive() }).strict()),
} as const;
