/**
 * The one reader of JSON documents a person or another system hands the station on the command
 * line (a result to export, a label to print). `JSON.parse` resolves a repeated key silently, the
 * last one wins, so `{"value":"432","value":"45"}` would export 45 without a word: here a repeated
 * key is refused, naming its path (`patient.dob`, `specimen.tests[0]`), never a value. The
 * document is first read by `JSON.parse` (so the grammar is exactly RFC 8259's), then scanned once
 * for repeated keys: a short scan over text the standard parser already accepted, rather than a
 * second parser from npm (jsonc-parser, momoa) whose extensions (comments, trailing commas) would
 * have to be switched off and kept off.
 *
 * A leading byte-order mark (U+FEFF) is accepted: Windows editors write one, RFC 8259 §8.1 lets a
 * parser ignore it, and it carries no data, so removing it repairs nothing. Anywhere else it is a
 * character and the usual rules apply.
 */
import { FormatError } from './errors.ts';

/** A JSON document that is not valid JSON, or repeats a key. The message never quotes a value. */
export class JsonInputError extends FormatError {
  constructor(message: string) {
    super(message);
    this.name = 'JsonInputError';
  }
}

const BOM = '\uFEFF';
/** A key path longer than this is cut in the message (a key is the file's text, not ours). */
const MAX_PATH_CHARS = 120;

export function parseStrictJson(text: string): unknown {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new JsonInputError('not valid JSON');
  }
  const repeated = firstRepeatedKey(body);
  if (repeated !== null) {
    const shown = repeated.length > MAX_PATH_CHARS ? `${repeated.slice(0, MAX_PATH_CHARS)}...` : repeated;
    throw new JsonInputError(`key ${shown} is given more than once`);
  }
  return value;
}

type Container = { kind: 'object'; path: string; keys: Set<string>; key: string; expectKey: boolean } | { kind: 'array'; path: string; index: number };

function member(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function childPath(parent: Container | undefined): string {
  if (parent === undefined) return '';
  return parent.kind === 'object' ? member(parent.path, parent.key) : `${parent.path}[${parent.index}]`;
}

/** Index of the closing quote of the string that opens at `from`. */
function stringEnd(text: string, from: number): number {
  let i = from + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** The path of the first key repeated within one object, or null. `text` must be valid JSON. */
function firstRepeatedKey(text: string): string | null {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack.at(-1);
    if (c === '{') stack.push({ kind: 'object', path: childPath(top), keys: new Set(), key: '', expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', path: childPath(top), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top !== undefined) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index++;
    } else if (c === ':' && top?.kind === 'object') top.expectKey = false;
    else if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.kind === 'object' && top.expectKey) {
        // Keys compare as decoded text: "value" and "\u0076alue" are the same key.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return member(top.path, key);
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    }
    // Anything else is whitespace or a number, true, false or null: nothing to track.
  }
  return null;
}
