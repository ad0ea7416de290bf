/**
 * The `station poc hl7 --input RESULT.json` input (documented in docs/poc.md), validated, and
 * turned into an ORU^R01 after the same domain rules the POC service applies: catalogue, a
 * possible observation time, lot expiry.
 */
import { z } from 'zod';
import { isIsoDate, isIsoDateTime, isIsoMonth } from '../../../common/calendar.ts';
import { FormatError } from '../../../common/errors.ts';
import { getTest, type Catalogue } from './catalogue.ts';
import { evaluateResult } from './evaluate.ts';
import { buildOru, isoToHl7, type Hl7Envelope, type OruInput } from './hl7.ts';
import { assertLotUsable } from './lot.ts';
import { assertObservationTime } from './observedTime.ts';

const SEX: Record<string, string> = { F: 'F', M: 'M', O: 'O', U: 'U', female: 'F', male: 'M', other: 'O', unknown: 'U' };

export const resultJsonSchema = z
  .object({
    patient: z.object({
      mrn: z.string().min(1).max(40),
      familyName: z.string().min(1).max(80),
      givenName: z.string().min(1).max(80),
      dob: z.string().refine(isIsoDate, 'not a real YYYY-MM-DD date'),
      sex: z.enum(Object.keys(SEX) as [string, ...string[]]),
    }),
    test: z.string().min(1),
    value: z.string().min(1).max(40),
    unit: z.string().max(20),
    observedAt: z.string().refine(isIsoDateTime, 'not a real ISO 8601 date and time'),
    /** `name` is the display name; XCN (OBX-16) carries family/given only when given as such. */
    operator: z.object({ id: z.string().min(1).max(40), name: z.string().min(1).max(80), familyName: z.string().min(1).max(80).optional(), givenName: z.string().min(1).max(80).optional() }),
    device: z.object({ id: z.string().min(1).max(60) }),
    lot: z.object({ number: z.string().min(1).max(40), expires: z.string().refine((s) => isIsoDate(s) || isIsoMonth(s), 'not a real YYYY-MM-DD date or YYYY-MM month') }),
    /** Optional: C sends a correction. */
    status: z.enum(['F', 'C']).optional(),
    controlId: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/).optional(),
    simulated: z.boolean().optional(),
  })
  .strict();

export type ResultJson = z.output<typeof resultJsonSchema>;

export function parseResultJson(value: unknown): ResultJson {
  const r = resultJsonSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    // Name the field, never echo its value (patient data): our own refinements' messages are fixed text.
    const why = issue?.code === 'custom' ? issue.message : (issue?.code ?? 'rejected');
    throw new FormatError(`result input invalid at ${issue?.path.join('.') || '(root)'}: ${why}`);
  }
  return r.data;
}

export interface ExportContext extends Hl7Envelope {
  readonly catalogue: Catalogue;
  /** The station's clock: an observation later than this is refused. */
  readonly nowMs: number;
}

/**
 * The result's id in OBR-2/OBR-3. A file carries no stored id, so it is derived from what names a
 * point-of-care result and what a correction keeps (device, test, observation time): the F message
 * and its C correction carry the same one.
 */
function resultIdOf(r: ResultJson): string {
  return `${r.device.id}-${r.test}-${isoToHl7(r.observedAt)}`;
}

/** Validates (catalogue, unit, range, observation time, lot expiry on the test day) and builds the ORU^R01. */
export function oruForResult(r: ResultJson, ctx: ExportContext): { message: string; input: OruInput } {
  const evaluation = evaluateResult(ctx.catalogue, r.test, r.value, r.unit);
  assertObservationTime(r.observedAt, r.patient.dob, ctx.nowMs);
  assertLotUsable(r.lot, r.observedAt.slice(0, 10));
  const test = getTest(ctx.catalogue, r.test);
  const answerCode = test.kind === 'qualitative' ? test.allowedValues.find((a) => a.text.toLowerCase() === r.value.trim().toLowerCase())?.loincAnswer : undefined;
  const input: OruInput = {
    controlId: r.controlId ?? ctx.controlId,
    sentAt: ctx.sentAt,
    sendingApplication: ctx.sendingApplication,
    sendingFacility: ctx.sendingFacility,
    receivingApplication: ctx.receivingApplication,
    receivingFacility: ctx.receivingFacility,
    mrnAuthority: ctx.mrnAuthority,
    patient: { ...r.patient, sex: SEX[r.patient.sex] ?? 'U' },
    evaluation,
    ...(answerCode ? { answerCode } : {}),
    observedAt: r.observedAt,
    status: r.status ?? 'F',
    resultId: resultIdOf(r),
    operator: { id: r.operator.id, ...(r.operator.familyName ? { familyName: r.operator.familyName } : {}), ...(r.operator.givenName ? { givenName: r.operator.givenName } : {}) },
    device: r.device,
    lot: r.lot,
    simulated: r.simulated === true || r.device.id.startsWith('SIM-'),
  };
  return { message: buildOru(input), input };
}
