import { z } from 'zod';
import { labelInputSchema } from '../../labels/input.ts';
import { PRINT_JOB_STATES, PRINTER_FAULTS, REPRINT_REASONS } from '../../labels/jobs.ts';
import { labelLayoutSchema } from '../../labels/layoutSchema.ts';
import { channel, event } from '../define.ts';

/**
 * Specimen labels for the current patient. The renderer sends only the specimen part: main
 * takes the patient from the session (so a label can only be for the patient on screen) and
 * issues the accession. Served by main/services/labelsHandlers.ts.
 */
export const labelSpecimenSchema = labelInputSchema.shape.specimen;
const dpi = z.union([z.literal(203), z.literal(300)]);
const jobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/);

export const printJobSchema = z.object({
  jobId: z.string(),
  accession: z.string(),
  kind: z.enum(['print', 'reprint']),
  state: z.enum(PRINT_JOB_STATES),
  attempts: z.number().int(),
  /** Printer fault codes the job is waiting on (comma-separated), why it is uncertain, or `cancelled:REASON`. */
  lastFault: z.string().nullable(),
  reprintOf: z.string().nullable(),
  reprintReason: z.enum(REPRINT_REASONS).nullable(),
  printer: z.string(),
  createdAtUtc: z.string(),
  updatedAtUtc: z.string(),
  /**
   * The tube the label is for, as the label prints it (read from the stored label, the one a
   * reprint sends again): the Labels screen names it on each row and in the Reprint dialog, so one
   * tube's label is not reprinted for another tube of the same visit. Null when the stored label
   * does not carry the specimen and collection lines (not one the station laid out).
   */
  tube: z
    .object({
      /** Catalogue codes (common/labels/catalogue.ts). */
      specimenType: z.string(),
      container: z.string(),
      /** The test codes as the label prints them, space-separated. */
      tests: z.string(),
      /** `YYYY-MM-DD HH:MM`, the wall-clock collection time the label prints. */
      collectedAt: z.string(),
    })
    .nullable(),
});

export const printerStateSchema = z.object({
  address: z.string(),
  ready: z.boolean(),
  faults: z.array(z.enum(PRINTER_FAULTS)),
  checkedAtMs: z.number(),
  /**
   * The station runs simulated (a simulated printer or other simulated devices, demo mode): every
   * label it prints carries the SIMULATED mark, and the Labels screen tags the printer SIMULATED,
   * as the EKG screen tags a simulated cart.
   */
  simulated: z.boolean(),
});

/** Which patient's labels a screen asks for: main answers only for the patient selected in its session. */
const patientId = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]);

export const labelsChannels = {
  'labels.catalogue': channel(
    z.object({}).strict(),
    z.object({
      specimenTypes: z.array(z.object({ code: z.string(), name: z.string(), short: z.string(), containers: z.array(z.string()) })),
      containers: z.array(z.object({ code: z.string(), name: z.string(), short: z.string() })),
      reprintReasons: z.array(z.enum(REPRINT_REASONS)),
    }),
  ),
  /** The layout the printer will print (preview accession, sequence 0, until printed). */
  'labels.preview': channel(
    z.object({ specimen: labelSpecimenSchema, dpi: dpi.optional(), dataMatrix: z.boolean().optional() }).strict(),
    z.object({ layout: labelLayoutSchema }),
  ),
  /** Queues the label; idempotent on jobId (the UI makes one per Print click). */
  'labels.print': channel(
    z.object({ jobId, specimen: labelSpecimenSchema, dpi: dpi.optional(), dataMatrix: z.boolean().optional() }).strict(),
    z.object({ job: printJobSchema }),
  ),
  'labels.job': channel(z.object({ jobId }).strict(), z.object({ job: printJobSchema })),
  /** Another copy of a printed or uncertain label, or a label the station withdrew (once). */
  'labels.reprint': channel(z.object({ jobId, originalJobId: jobId, reason: z.enum(REPRINT_REASONS) }).strict(), z.object({ job: printJobSchema })),
  /**
   * Cancels a label still waiting for the printer (queued), of the patient selected in the caller's
   * session only (`labels-patient-not-selected`); one already sending, printed or cancelled is
   * refused (`labels-not-waiting`). Audited (label-cancel) with the operator.
   */
  'labels.cancel': channel(z.object({ jobId }).strict(), z.object({ job: printJobSchema })),
  /**
   * The labels of the selected patient still waiting for the printer (`jobs`: the Labels screen
   * lists them to cancel), and those the station withdrew in the last 12 hours, never printed
   * (`withdrawn`: cancelled `session-ended` or `station-restarted`, not by an operator, and not
   * asked for again since): the tube may still be unlabelled, so the screen says so.
   */
  'labels.waiting': channel(z.object({}).strict(), z.object({ jobs: z.array(printJobSchema), withdrawn: z.array(printJobSchema) })),
  /**
   * The labels of the selected patient asked for in the last 12 hours (a clinic day, the window in
   * which a withdrawn label may be printed again), in any window or by any operator, every state,
   * newest first (at most 100): the Labels screen lists them with Reprint… whenever it opens, so a
   * label printed before the MA left the screen (or in a window since closed) is reprinted, not
   * printed anew under a second accession number. `patientId` is the patient the screen shows:
   * another than the one selected in the caller's session is refused (`labels-patient-not-selected`),
   * none selected is `labels-no-patient`.
   */
  'labels.jobs': channel(z.object({ patientId }).strict(), z.object({ jobs: z.array(printJobSchema) })),
  /**
   * How many labels the calling session asked for still wait for the printer. Answered on a locked
   * session (a count, no patient data): the lock screen warns that another operator signing in
   * withdraws them.
   */
  'labels.sessionWaiting': channel(z.object({}).strict(), z.object({ waiting: z.number().int() })),
  'labels.printerState': channel(z.object({}).strict(), z.object({ printer: printerStateSchema.nullable() })),
  /**
   * How many labels the calling operator asked for, in any of her windows, still wait for the
   * printer: while any does, main refuses her another patient (`labels-waiting`). The patient
   * picker asks again when one of these labels changes state, so its refusal clears as soon as none
   * waits, saying whether each printed.
   */
  'labels.operatorWaiting': channel(
    z.object({}).strict(),
    z.object({
      waiting: z.number().int(),
      /**
       * Those labels (this operator's only): `labels.job` events go to every session, so the picker
       * follows these ids and says how each ended, never another operator's label.
       */
      jobs: z.array(z.object({ jobId: z.string(), accession: z.string() })),
    }),
  ),
} as const;

export const labelsEvents = {
  'labels.printerState': event(printerStateSchema),
  'labels.job': event(printJobSchema),
} as const;
