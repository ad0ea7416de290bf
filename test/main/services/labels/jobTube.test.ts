import { describe, expect, it } from 'vitest';
import { SPECIMEN_TYPES } from '../../../../common/labels/catalogue.ts';
import { buildLabel } from '../../../../common/labels/label.ts';
import { tubeOfZpl } from '../../../../main/services/labels/jobTube.ts';
import { NOW_MS, sampleInput } from '../../../common/labels/fixtures.ts';

type Input = ReturnType<typeof sampleInput>;
const zplOf = (specimen: Partial<Input['specimen']>, over: { simulated?: boolean; dataMatrix?: boolean; dpi?: 203 | 300; patient?: Partial<Input['patient']> } = {}) =>
  buildLabel(sampleInput({ specimen, ...(over.patient ? { patient: over.patient } : {}) }), { accession: 'ST00000001S', nowMs: NOW_MS, simulated: over.simulated ?? false, dpi: over.dpi ?? 203, dataMatrix: over.dataMatrix ?? false }).zpl;

describe('the tube a stored label is for (tubeOfZpl): what the job list and the Reprint dialog name', () => {
  it('reads back the type, container, tests and collection time of every type and container the catalogue allows', () => {
    for (const type of SPECIMEN_TYPES) {
      for (const container of type.containers) {
        for (const opts of [{}, { simulated: true, dataMatrix: true, dpi: 300 as const }]) {
          const zpl = zplOf({ type: type.code, container, tests: ['CBC', 'BMP'], collectedAt: '2026-11-22T09:12:00-05:00' }, opts);
          expect(tubeOfZpl(zpl), `${type.code} ${container}`).toEqual({ specimenType: type.code, container, tests: 'CBC BMP', collectedAt: '2026-11-22 09:12' });
        }
      }
    }
  });

  it('keeps accented test codes and a patient whose name reads like a collection line', () => {
    const zpl = zplOf({ type: 'urine', container: 'urine-cup', tests: ['UA', 'CULTÉ'], collectedAt: '2026-11-22T07:50:00+01:00' }, { patient: { familyName: 'Coll 2026-01-01 10:00  By X', givenName: 'Ann' } });
    expect(tubeOfZpl(zpl)).toEqual({ specimenType: 'urine', container: 'urine-cup', tests: 'UA CULTÉ', collectedAt: '2026-11-22 07:50' });
  });

  it('is null for ZPL the station did not lay out', () => {
    expect(tubeOfZpl('^XA^FDhello^FS^XZ')).toBeNull();
    expect(tubeOfZpl('')).toBeNull();
  });
});
