import { labelContent, type LabelContent } from './content.ts';
import { LabelError } from './errors.ts';
import { labelInputSchema, type LabelInput } from './input.ts';
import { buildLabelLayout, type LabelDpi, type LabelLayout } from './layout.ts';
import { layoutToZpl } from './zpl.ts';

export interface BuildLabelOptions {
  readonly accession: string;
  readonly nowMs: number;
  readonly simulated: boolean;
  readonly dpi: LabelDpi;
  readonly dataMatrix: boolean;
}

export interface BuiltLabel {
  readonly content: LabelContent;
  readonly layout: LabelLayout;
  readonly zpl: string;
}

/** Validate -> lay out -> ZPL, in one call; the same path for the CLI, the queue and the preview. */
export function buildLabel(input: LabelInput, options: BuildLabelOptions): BuiltLabel {
  const content = labelContent(input, options.accession, options.nowMs, options.simulated);
  const layout = buildLabelLayout(content, { dpi: options.dpi, dataMatrix: options.dataMatrix });
  return { content, layout, zpl: layoutToZpl(layout) };
}

/** Parses untrusted JSON-shaped input (LABEL.json, IPC) into a LabelInput or a LabelError. */
export function parseLabelInput(value: unknown): LabelInput {
  const parsed = labelInputSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
  throw new LabelError('invalid-input', `invalid label input at ${where}: ${issue?.message ?? 'rejected'}`);
}
