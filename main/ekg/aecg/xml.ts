// A small strict XML reader for the aECG subset (elements, attributes, text, comments, declaration):
// enough to read our own export and typical cart files; anything malformed is a FormatError.
import { FormatError } from '../../../common/errors.ts';

export class AecgFormatError extends FormatError {
  constructor(message: string) {
    super(`aECG: ${message}`);
    this.name = 'AecgFormatError';
  }
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, e: string | undefined) => {
    if (e === undefined) throw new AecgFormatError('bare & in text');
    if (e.startsWith('#x') || e.startsWith('#')) {
      const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new AecgFormatError('bad character reference');
      return String.fromCodePoint(cp);
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new AecgFormatError(`unknown entity ${m.slice(0, 12)}`);
    return v;
  });
}

// eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 cannot carry (its Char production), named to refuse them.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

/**
 * Text or an attribute value as XML. Tab, line feed and carriage return go out as character
 * references, so a conforming reader gets them back (it normalises them in attribute values and
 * turns CR LF into LF in text); a character XML 1.0 cannot carry at all (other control characters,
 * a lone surrogate) is refused rather than written into a file other readers reject.
 */
export function escapeXml(s: string): string {
  if (NOT_XML_CHAR.test(s)) throw new AecgFormatError('text holds a character XML cannot carry (a control character or a lone surrogate)');
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Shortest decimal that reads back as the same double: scales, origins and values round-trip exactly. */
export function decimal(v: number): string {
  if (!Number.isFinite(v)) throw new AecgFormatError('a value to write is not a finite number');
  return String(v);
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const MAX_DEPTH = 64;

/** Parses one XML document into its root element. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (what: string): never => {
    throw new AecgFormatError(`${what} at offset ${i}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > i) {
      const t = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (t.trim() !== '') fail('text outside the root element');
      } else top.text += decodeEntities(t);
      i = textEnd;
      continue;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('unterminated declaration');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<!', i)) {
      fail('DTDs and CDATA are not accepted');
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2, i + 2 + 256));
      if (m === null) fail('bad closing tag');
      const name = m![0];
      let j = i + 2 + name.length;
      while (j < xml.length && /\s/.test(xml[j]!)) j++;
      if (xml[j] !== '>') fail('bad closing tag');
      const top = stack.pop();
      if (top === undefined || top.name !== name) fail('mismatched closing tag');
      i = j + 1;
    } else {
      const m = NAME.exec(xml.slice(i + 1, i + 1 + 256));
      if (m === null) fail('bad tag');
      const el: XmlElement = { name: m![0], attrs: {}, children: [], text: '' };
      let j = i + 1 + el.name.length;
      let selfClosing = false;
      for (;;) {
        while (j < xml.length && /\s/.test(xml[j]!)) j++;
        if (j >= xml.length) fail('unterminated tag');
        if (xml[j] === '>') {
          j++;
          break;
        }
        if (xml.startsWith('/>', j)) {
          selfClosing = true;
          j += 2;
          break;
        }
        const an = NAME.exec(xml.slice(j, j + 256));
        if (an === null) fail('bad attribute');
        j += an![0].length;
        while (j < xml.length && /\s/.test(xml[j]!)) j++;
        if (xml[j] !== '=') fail('attribute without value');
        j++;
        while (j < xml.length && /\s/.test(xml[j]!)) j++;
        const q = xml[j];
        if (q !== '"' && q !== "'") fail('unquoted attribute');
        const end = xml.indexOf(q!, j + 1);
        if (end === -1) fail('unterminated attribute');
        const value = xml.slice(j + 1, end);
        if (value.includes('<')) fail('< in attribute');
        if (Object.hasOwn(el.attrs, an![0])) fail('duplicate attribute');
        el.attrs[an![0]] = decodeEntities(value);
        j = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(el);
      else if (root === null) root = el;
      else fail('more than one root element');
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) fail('nesting too deep');
        stack.push(el);
      }
      i = j;
    }
  }
  if (stack.length > 0) throw new AecgFormatError('unclosed element');
  if (root === null) throw new AecgFormatError('no root element');
  return root;
}

/** Element access that fails with AecgFormatError, never undefined. */
export const kids = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);
export function one(e: XmlElement, name: string): XmlElement {
  const c = e.children.find((k) => k.name === name);
  if (c === undefined) throw new AecgFormatError(`<${e.name}> has no <${name}>`);
  return c;
}
export function path(e: XmlElement, ...names: string[]): XmlElement {
  return names.reduce(one, e);
}
export function attr(e: XmlElement, name: string): string {
  const v = e.attrs[name];
  if (v === undefined) throw new AecgFormatError(`<${e.name}> has no ${name}`);
  return v;
}
export function number(e: XmlElement, name: string): number {
  const s = attr(e, name);
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) throw new AecgFormatError(`<${e.name}> ${name} is not a number`);
  return v;
}
