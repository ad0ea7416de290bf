import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFileError, readInputFile, readInputText } from '../../../main/io/inputFile.ts';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'input-file-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('readInputFile', () => {
  it('returns the bytes of a regular file within the limit', async () => {
    await writeFile(join(tmp, 'a.json'), '{"x":1}');
    expect(Buffer.from(await readInputFile(join(tmp, 'a.json'), 'input', 7)).toString()).toBe('{"x":1}');
  });

  it('refuses a file over the limit without reading it', async () => {
    await writeFile(join(tmp, 'big.bin'), new Uint8Array(8));
    await expect(readInputFile(join(tmp, 'big.bin'), 'capture file', 7)).rejects.toThrow(/capture file big\.bin: larger than the 7 bytes/);
  });

  it('refuses a device, a directory and a FIFO (which would never end, fail late or block)', async () => {
    await expect(readInputFile('/dev/zero', 'header', 1024)).rejects.toThrow(/header zero: not a regular file/);
    await expect(readInputFile(tmp, 'header', 1024)).rejects.toThrow(InputFileError);
    execFileSync('mkfifo', [join(tmp, 'pipe')]);
    await expect(readInputFile(join(tmp, 'pipe'), 'header', 1024)).rejects.toThrow(/not a regular file/);
  });

  it('names a missing file by its base name and errno code only', async () => {
    const err = await readInputFile(join(tmp, 'Doe-Jane', 'rec.hea'), 'header', 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toBe('cannot read header rec.hea (ENOENT)');
  });
});

describe('readInputText', () => {
  it('reads UTF-8 text and refuses bytes that are not UTF-8 rather than replacing them', async () => {
    await writeFile(join(tmp, 'ok.json'), '{"familyName":"Müller"}');
    expect(await readInputText(join(tmp, 'ok.json'), 'the --input file', 1024)).toBe('{"familyName":"Müller"}');
    // Latin-1 'ü' (0xFC) is not UTF-8: decoded leniently it became U+FFFD inside a patient's name.
    await writeFile(join(tmp, 'latin1.json'), Buffer.from([...Buffer.from('{"familyName":"M'), 0xfc, ...Buffer.from('ller"}')]));
    const err = await readInputText(join(tmp, 'latin1.json'), 'the --input file', 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toBe('cannot read the --input file latin1.json: it is not UTF-8 text');
    // A leading byte-order mark is kept for the JSON reader, which decides about it.
    await writeFile(join(tmp, 'bom.json'), '\uFEFF{}');
    expect(await readInputText(join(tmp, 'bom.json'), 'input', 1024)).toBe('\uFEFF{}');
  });
});
