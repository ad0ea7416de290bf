import { z } from 'zod';
import { isIsoDate, isIsoDateTime } from '../calendar.ts';

/**
 * LABEL.json / IPC request for one specimen label (docs/labels.md). Dates ISO 8601, read by the
 * same strict reader as `station poc hl7` (common/calendar.ts): `dob` a calendar date
 * (YYYY-MM-DD); `collectedAt` a date-time with an offset or Z, or without one for the station
 * computer's local time, printed as the wall-clock time written. Missing DOB/MRN are accepted here
 * so that validation can name them precisely (LabelError missing-dob / missing-mrn) instead of a
 * generic schema error.
 */
export const labelInputSchema = z
  .object({
    patient: z
      .object({
        familyName: z.string().max(200),
        givenName: z.string().max(200),
        dob: z.string().refine(isIsoDate, 'not a real YYYY-MM-DD date').optional().or(z.literal('')),
        mrn: z.string().max(40).optional(),
      })
      .strict(),
    specimen: z
      .object({
        accession: z.string().max(20).optional(),
        type: z.string().min(1).max(40),
        container: z.string().min(1).max(40),
        tests: z.array(z.string().min(1).max(20)).min(1).max(12),
        collectedAt: z.string().refine(isIsoDateTime, 'not a real ISO 8601 date and time'),
        // The signed-in operator's login in the UI: logins are up to 32 characters (main/services/operators.ts).
        collector: z.string().min(1).max(32),
      })
      .strict(),
  })
  .strict();

export type LabelInput = z.output<typeof labelInputSchema>;
