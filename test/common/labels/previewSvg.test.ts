import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAccession } from '../../../common/labels/accession.ts';
import { buildLabel } from '../../../common/labels/label.ts';
import type { Code128Element } from '../../../common/labels/layout.ts';
import { labelLayoutToSvg } from '../../../common/labels/previewSvg.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { NOW_MS, sampleInput } from './fixtures.ts';

const OUT = 'test-results/labels';

/** The preview as a person sees it: the SVG drawn by a real browser at 1 px per printer dot. */
async function screenshot(browser: Browser, svg: string, width: number, height: number, path: string): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  try {
    await page.setContent(`<html><body style="margin:0"><img src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}"></body></html>`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    return await page.screenshot({ path, clip: { x: 0, y: 0, width, height } });
  } finally {
    await page.close();
  }
}

describe('UI preview drawn from the layout model (SVG)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => browser?.close());

  it.each([203, 300] as const)('at %i dpi the preview scans to the accession and its bars match the printed width', async (dpi) => {
    const accession = formatAccession('ST', 1234);
    const input = sampleInput({ patient: { familyName: 'Abercrombie-Fitzgerald', givenName: 'Maximiliane Charlotte Louise' } });
    const { layout } = buildLabel(input, { accession, nowMs: NOW_MS, simulated: true, dpi, dataMatrix: true });
    const svg = labelLayoutToSvg(layout);
    expect(svg).toContain('SIMULATED');
    const path = `${OUT}/preview-${dpi}.png`;
    const png = PNG.sync.read(await screenshot(browser, svg, layout.widthDots, layout.heightDots, path));
    expect(execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Scode128.enable', path], { encoding: 'utf8' }).trim()).toBe(accession);
    const bc = layout.elements.find((e): e is Code128Element => e.kind === 'code128')!;
    const y = bc.yDots + Math.floor(bc.heightDots / 2);
    let first = -1;
    let last = -1;
    for (let x = 0; x < bc.xDots + bc.widthDots + 10 * bc.moduleDots; x++) {
      if (png.data[(y * png.width + x) * 4]! < 128) {
        if (first < 0) first = x;
        last = x;
      }
    }
    expect([first, last + 1 - first]).toEqual([bc.xDots, bc.widthDots]);
  });

  it('escapes text so a name cannot inject markup', () => {
    const { layout } = buildLabel(sampleInput({ patient: { familyName: '<script>', givenName: '"&' } }), { accession: formatAccession('ST', 1), nowMs: NOW_MS, simulated: false, dpi: 203, dataMatrix: false });
    const svg = labelLayoutToSvg(layout);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;SCRIPT&#62;, &#34;&#38;');
  });
});
