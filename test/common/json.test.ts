import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonInputError, parseStrictJson } from '../../common/json.ts';

function messageOf(text: string): string {
  try {
    parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonInputError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('common/json: strict JSON for clinical input', () => {
  it('refuses a repeated key (JSON.parse would keep the last value), naming its path and no value', () => {
    const text = '{"test":"glucose-capillary","value":"432","unit":"mg/dL","value":"45"}';
    expect((JSON.parse(text) as { value: string }).value).toBe('45'); // the silent last-wins this reader refuses
    expect(messageOf(text)).toBe('key value is given more than once');
    expect(messageOf('{"patient":{"dob":"1970-05-01","mrn":"A","dob":"1971-05-01"}}')).toBe('key patient.dob is given more than once');
    expect(messageOf('{"specimen":{"tests":[{"code":"A"},{"code":"B","code":"C"}]}}')).toBe('key specimen.tests[1].code is given more than once');
    expect(messageOf('{"a b":{"x":1},"a b":2}')).toBe('key ["a b"] is given more than once');
    // Keys compare decoded: an escape does not make a second key.
    expect(messageOf('{"value":"432","\\u0076alue":"45"}')).toBe('key value is given more than once');
    expect(messageOf('{"value":"432","value":"45"}')).not.toMatch(/432|45/);
  });

  it('the same key in different objects, or a key also used as a value, is fine', () => {
    expect(parseStrictJson('{"a":{"id":1},"b":{"id":2},"c":["a","a"],"id":"id"}')).toEqual({ a: { id: 1 }, b: { id: 2 }, c: ['a', 'a'], id: 'id' });
    expect(parseStrictJson('{"s":"x\\"y,\\"s\\":1","t":[{},[],"}"]}')).toEqual({ s: 'x"y,"s":1', t: [{}, [], '}'] });
  });

  it('accepts one leading byte-order mark (RFC 8259 §8.1), refuses one anywhere else', () => {
    expect(parseStrictJson('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(messageOf('\uFEFF\uFEFF{"a":1}')).toBe('not valid JSON');
    expect(messageOf('{"a":1}\uFEFF')).toBe('not valid JSON');
  });

  it('refuses text that is not JSON with the same typed error', () => {
    for (const t of ['', '{patient:', "{'a':1}", '{"a":1,}', '[1,2', 'NaN', '{"a":1} {"b":2}']) expect(messageOf(t), t).toBe('not valid JSON');
  });

  it('property: any JSON text JSON.stringify writes (no repeated keys) reads back as JSON.parse reads it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('property: a key repeated in any object, at any depth, is refused with that path', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (obj, pick, again) => {
        const keys = Object.keys(obj);
        const k = keys[pick % keys.length]!;
        const inner = `${JSON.stringify(obj).slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(again)}}`;
        const path = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
        expect(messageOf(`{"outer":[0,${inner}]}`)).toBe(`key outer[1]${path} is given more than once`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: any text is read or refused with JsonInputError, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), fc.nat(), fc.string({ maxLength: 3 }), (text, at, insert) => {
        const mutated = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
        expect(messageOf(mutated)).toMatch(/^(accepted|not valid JSON|key .+ is given more than once)$/s);
      }),
      { numRuns: 500 },
    );
  });
});
