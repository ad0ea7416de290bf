import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFileError, outputFailure, writeOutputFile } from '../../../main/io/outputFile.ts';

describe('output files named on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'output-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the file; a path it cannot write is an OutputFileError (code io) naming the base name and the reason', () => {
    writeOutputFile(join(dir, 'a.zpl'), 'the --out file', '^XA^XZ');
    expect(readFileSync(join(dir, 'a.zpl'), 'utf8')).toBe('^XA^XZ');
    const refused = (path: string) => {
      try {
        writeOutputFile(path, 'the --out file', new Uint8Array([1]));
      } catch (e) {
        expect(e).toBeInstanceOf(OutputFileError);
        expect((e as OutputFileError).code).toBe('io');
        return (e as Error).message;
      }
      throw new Error('written');
    };
    expect(refused(join(dir, 'missing', 'b.zpl'))).toBe('cannot write the --out file b.zpl: the folder for the output file does not exist');
    expect(refused(dir)).toMatch(/^cannot write the --out file output-file-\w+: the output path is a folder, not a file$/);
    expect(refused(join(dir, 'a.zpl', 'c.zpl'))).toBe('cannot write the --out file c.zpl: a folder in the output path is a file');
  });

  it('reasons for the audit and whether part of the output may have been written', () => {
    expect(outputFailure({ code: 'ENOSPC' })).toEqual({ reason: 'disk-full', text: 'the disk is full', partial: true });
    expect(outputFailure({ code: 'EACCES' })).toMatchObject({ reason: 'permission-denied', partial: false });
    expect(outputFailure(new Error('x'))).toMatchObject({ reason: 'write-failed', partial: true });
  });
});
