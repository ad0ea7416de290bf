/**
 * The `station poc hl7 --input RESULT.json` input (documented in docs/poc.md), validated, and
 * turned into an ORU^R01 after the catalogue rules and the lot expiry check.
 */
import { z } from 'zod';
import { FormatError } from '../../../common/errors.ts';
import { getTest, type Catalogue } from './catalogue.ts';
import { evaluateResult } from './evaluate.ts';
import { buildOru, type Hl7Envelope, type OruInput } from './hl7.ts';
import { assertLotUsable } from './lot.ts';

const SEX: Record<string, string> = { F: 'F', M: 'M', O: 'O', U: 'U', female: 'F', male: 'M', other: 'O', unknown: 'U' };

export const resultJsonSchema = z
  .object({
    patient: z.object({
      mrn: z.string().min(1).max(40),
      familyName: z.string().min(1).max(80),
      givenName: z.string().min(1).max(80),
      dob: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      sex: z.enum(Object.keys(SEX) as [string, ...string[]]),
    }),
    test: z.string().min(1),
    value: z.string().min(1).max(40),
    unit: z.string().max(20),
    observedAt: z.string().min(10),
    operator: z.object({ id: z.string().min(1).max(40), name: z.string().min(1).max(80) }),
    device: z.object({ id: z.string().min(1).max(60) }),
    lot: z.object({ number: z.string().min(1).max(40), expires: z.string() }),
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
    // Name the field, never echo its value (patient data).
    throw new FormatError(`result input invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.code ?? 'rejected'}`);
  }
  return r.data;
}

export interface ExportContext extends Hl7Envelope {
  readonly catalogue: Catalogue;
}

/** Validates (catalogue, unit, range, lot expiry on the test day) and builds the ORU^R01. */
export function oruForResult(r: ResultJson, ctx: ExportContext): { message: string; input: OruInput } {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(r.observedAt)) throw new FormatError('observedAt must be ISO 8601 date and time');
  const evaluation = evaluateResult(ctx.catalogue, r.test, r.value, r.unit);
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
    operator: r.operator,
    device: r.device,
    lot: r.lot,
    simulated: r.simulated === true || r.device.id.startsWith('SIM-'),
  };
  return { message: buildOru(input), input };
}
