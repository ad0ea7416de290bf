import { z } from 'zod';

/** zod mirror of LabelLayout (layout.ts), so the preview model crosses IPC validated. */
const dots = z.number().int().min(0);
export const layoutElementSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    role: z.enum(['name', 'ids', 'dob', 'accession', 'collection', 'specimen', 'simulated', 'preview']),
    xDots: dots,
    yDots: dots,
    heightDots: dots,
    charWidthDots: dots,
    rotation: z.enum(['N', 'R']),
    reverse: z.boolean(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('box'), xDots: dots, yDots: dots, widthDots: dots, heightDots: dots, thicknessDots: dots }),
  z.object({ kind: z.literal('code128'), xDots: dots, yDots: dots, heightDots: dots, moduleDots: dots, widthDots: dots, data: z.string() }),
  z.object({ kind: z.literal('datamatrix'), xDots: dots, yDots: dots, moduleDots: dots, sizeModules: dots, data: z.string() }),
]);

export const labelLayoutSchema = z.object({
  dpi: z.union([z.literal(203), z.literal(300)]),
  dotsPerMm: z.number(),
  widthDots: dots,
  heightDots: dots,
  accession: z.string(),
  simulated: z.boolean(),
  nameTruncated: z.boolean(),
  elements: z.array(layoutElementSchema),
});
