import { DEFAULT_SCHEMA, type Type } from 'js-yaml';

/**
 * A reader for the plain block YAML that manifests are written in (what `kubectl get -o yaml`
 * and js-yaml's dump print): block mappings and sequences, one scalar per line (plain, or quoted
 * without escapes), `{}` and `[]`, full-line comments. It gives js-yaml's very values — plain
 * scalars are resolved by js-yaml's own implicit types, keys are strings as js-yaml makes them —
 * about five times faster. Anything else (block scalars, flow collections, anchors, aliases,
 * tags, multi-line scalars, escapes, tabs, duplicate keys, odd indentation, ...) gives
 * `undefined`: the caller parses that document with js-yaml, which also reports its errors.
 */
export interface FastDocument {
  readonly value: unknown;
  /** offset of the document's first token (where js-yaml opens its root node) */
  readonly pos: number;
}

/** thrown to give up: the document is js-yaml's */
const GIVE_UP = new Error('not plain block YAML');

/** js-yaml's implicit types for plain scalars (null, bool, int, float, timestamp, merge), in its order */
const IMPLICIT = (DEFAULT_SCHEMA as unknown as { compiledImplicit: Type[] }).compiledImplicit;

/** The words starting with a letter that js-yaml's implicit types resolve (null and bool). */
const WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function plain(s: string): unknown {
  // a plain scalar starting with a letter is a string, but for null and bool's words (the
  // other implicit types start with a digit, a sign, a dot, "~" or "<<"): no resolver runs
  const c = s.charCodeAt(0) | 32;
  if (c >= 97 && c <= 122 && !WORDS.has(s)) return s;
  // nor does any of them read a "/" (addresses, CIDRs)
  if (s.includes('/')) return s;
  for (const t of IMPLICIT) if (t.resolve?.(s)) return t.construct ? t.construct(s) : s;
  return s;
}

/** A plain key as js-yaml stores it (resolved, then a string): letters, digits and `_./-` only. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** where a plain scalar may not start (YAML indicators; `-` and `?` only before a space) */
const INDICATOR = /^([,[\]{}#&*!|>'"%@`]|[-?:](\s|$))/;

function scalar(s: string): unknown {
  if (s === '{}') return {};
  if (s === '[]') return [];
  const q = s.charCodeAt(0);
  if (q === 39 /* ' */) {
    const inner = s.slice(1, -1);
    if (s.length < 2 || !s.endsWith("'") || inner.replace(/''/g, '').includes("'")) throw GIVE_UP;
    return inner.replace(/''/g, "'");
  }
  if (q === 34 /* " */) {
    const inner = s.slice(1, -1);
    if (s.length < 2 || !s.endsWith('"') || inner.includes('"') || inner.includes('\\')) throw GIVE_UP;
    return inner;
  }
  if (INDICATOR.test(s) || s.includes(': ') || s.endsWith(':') || s.includes(' #')) throw GIVE_UP;
  return plain(s);
}

export function fastYaml(text: string): FastDocument | undefined {
  // tabs, byte-order marks, carriage returns, directives and aliases: js-yaml's
  if (/[\t\r\uFEFF%*&!|>]/.test(text)) return undefined;
  const lines = text.split('\n');
  /** per line: indentation, -1 for blank and comment lines */
  const indent = lines.map((l) => {
    let i = 0;
    while (l.charCodeAt(i) === 32) i++;
    return i === l.length || l.charCodeAt(i) === 35 ? -1 : i;
  });
  const starts: number[] = [];
  let off = 0;
  for (const l of lines) {
    starts.push(off);
    off += l.length + 1;
  }
  let k = 0;
  const skip = () => {
    while (k < lines.length && indent[k] === -1) k++;
  };
  skip();
  if (k < lines.length && /^---\s*$/.test(lines[k] as string)) {
    k++;
    skip();
  }
  if (k >= lines.length || indent[k] !== 0) return undefined;
  const pos = starts[k] as number;
  try {
    const value = block(0);
    skip();
    if (k < lines.length) throw GIVE_UP;
    return { value, pos };
  } catch (e) {
    // (too deep for the stack: js-yaml says so)
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }

  /** A block collection whose lines start at column `n` (the current line's). */
  function block(n: number): unknown {
    const line = lines[k] as string;
    return isItem(line, n) ? sequence(n) : mapping(n, line.slice(n));
  }

  function isItem(line: string, n: number): boolean {
    return line.charCodeAt(n) === 45 && (line.length === n + 1 || line.charCodeAt(n + 1) === 32);
  }

  /** A mapping at column `n`; its first pair is `first` (the rest of the current line). */
  function mapping(n: number, first: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let text = first;
    for (;;) {
      const colon = text.indexOf(':');
      if (colon <= 0) throw GIVE_UP;
      const rawKey = text.slice(0, colon);
      const rest = text.slice(colon + 1);
      if (!KEY.test(rawKey) || (rest !== '' && rest.charCodeAt(0) !== 32)) throw GIVE_UP;
      const key = String(plain(rawKey));
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key))
        throw GIVE_UP;
      const value = rest.trim();
      k++;
      skip();
      if (value !== '') out[key] = scalar(value);
      else if (k < lines.length && (indent[k] as number) > n) out[key] = block(indent[k] as number);
      else if (k < lines.length && indent[k] === n && isItem(lines[k] as string, n)) out[key] = sequence(n);
      else out[key] = null;
      if (k >= lines.length || (indent[k] as number) < n) return out;
      if (indent[k] !== n || isItem(lines[k] as string, n)) throw GIVE_UP;
      text = (lines[k] as string).slice(n);
    }
  }

  /** A sequence at column `n` (the current line is its first `- `). */
  function sequence(n: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = lines[k] as string;
      let c = n + 1;
      while (line.charCodeAt(c) === 32) c++;
      const rest = line.slice(c).trimEnd();
      if (rest === '') throw GIVE_UP;
      if (isItem(line, c) || (!/^['"]/.test(rest) && /:( |$)/.test(rest))) {
        // `- key: value`: a mapping whose lines start at the key's column
        if (isItem(line, c)) throw GIVE_UP;
        out.push(mapping(c, line.slice(c)));
      } else {
        out.push(scalar(rest));
        k++;
        skip();
      }
      // (a line of column n that is no item ends a sequence at its key's column: the key's
      // mapping reads it, or gives up)
      if (k >= lines.length || (indent[k] as number) < n || !isItem(lines[k] as string, n)) return out;
      if (indent[k] !== n) throw GIVE_UP;
    }
  }
}
