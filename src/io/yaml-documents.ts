import { YAMLException, loadAll } from 'js-yaml';
import type { Diagnostic, SourcePos } from '../model/diagnostic';
import { fastYaml } from './yaml-fast';
import { buildMap, nodeTree, tokenStart, type Node } from './yaml-map';
import { hasContent, splitDocuments, type Chunk } from './yaml-split';
import { listItemLines } from './yaml-items';

/** Explicit limits on what one load accepts (stated in the messages). */
export const LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxDocuments: 200_000,
  /** Nodes one document may expand to once YAML aliases are followed (alias bombs). */
  maxExpandedNodes: 500_000,
} as const;

export interface YamlDocument {
  readonly index: number;
  readonly value: unknown;
  /** 1-based line of the document's first node. */
  readonly line: number;
  /** Field path → position (`spec.ingress[0].from`). */
  readonly map: Readonly<Record<string, SourcePos>>;
  /**
   * A `kind: List` document's items' lines, read from the text without building `map` (see
   * yaml-items.ts); undefined when not a List or not readable that way.
   */
  readonly itemLines?: readonly number[] | undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(
  starts: readonly number[],
  offset: number,
  lineBase: number,
  file: string | undefined,
): SourcePos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const pos = { line: lineBase + lo + 1, column: offset - (starts[lo] as number) + 1 };
  return file === undefined ? pos : { file, ...pos };
}

/** Node count of a value with aliases followed, stopping as soon as it passes `budget`. */
export function expandedSize(value: unknown, budget: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= budget) {
    const v = stack.pop();
    n++;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x);
  }
  return n;
}

/** The items of a `kind: List` value (as design.ts reads them), or undefined. */
function itemsOf(value: unknown): readonly unknown[] | undefined {
  const v = value as { kind?: unknown; items?: unknown };
  return typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items) ? v.items : undefined;
}

/** The 1-based line of an offset in a chunk (counting newlines: no line table needed). */
function lineAt(chunk: Chunk, offset: number): number {
  let line = chunk.lineBase + 1;
  for (let i = chunk.text.indexOf('\n'); i >= 0 && i < offset; i = chunk.text.indexOf('\n', i + 1)) line++;
  return line;
}

function syntaxError(
  e: unknown,
  chunk: Chunk,
  at: (offset: number) => SourcePos,
  where: { file?: string },
): Diagnostic {
  const mark = e instanceof YAMLException ? e.mark : undefined;
  let reason =
    e instanceof YAMLException
      ? e.reason
      : e instanceof RangeError
        ? 'nesting too deep'
        : e instanceof Error
          ? e.message
          : String(e);
  let pos: { line: number; column?: number } = {
    line: chunk.lineBase + (mark ? mark.line + 1 : 1),
    ...(mark ? { column: mark.column + 1 } : {}),
  };
  // js-yaml checks for NUL up front and marks the end of the text; point at the byte itself
  const nul = chunk.text.indexOf('\0');
  if (/null byte/.test(reason) && nul >= 0) {
    reason = 'a NUL byte (U+0000) is not allowed in YAML';
    const p = at(nul);
    pos = { line: p.line, column: p.column };
  }
  return {
    severity: 'error',
    code: 'yaml-syntax',
    message: `YAML syntax error: ${reason}; this document was skipped, the others were read`,
    ...where,
    ...pos,
  };
}

export interface YamlLoad {
  readonly documents: readonly YamlDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** How far a load has come: characters read of the total, documents so far. */
export type LoadProgress = (done: number, total: number, documents: number) => void;

/** A top-level node of a chunk: where it starts and the value it gave. */
interface Root {
  readonly pos: number;
  result: unknown;
}

interface ChunkParse {
  readonly values: readonly unknown[];
  readonly roots: readonly Root[];
}

/**
 * Parses of document texts, kept by the caller across loads of texts that share most documents
 * (diff's two sides): a text parsed before gives the same values again (loaded values are never
 * changed) without parsing it twice. Positions are not kept: each load has its own.
 */
export type YamlCache = Map<string, ChunkParse>;

export const newYamlCache = (): YamlCache => new Map();

/** js-yaml's values of one chunk, and its top-level nodes (where each document's line is read). */
function parseChunk(text: string, file: string | undefined, cache: YamlCache | undefined): ChunkParse {
  const known = cache?.get(text);
  if (known) return known;
  // js-yaml refuses NUL too, but only after building a snippet of the whole text (seconds for MBs)
  if (text.includes('\0')) throw new YAMLException('null byte is not allowed in input');
  // most manifests are plain block YAML: read without js-yaml, the same values (yaml-fast.ts)
  const fast = fastYaml(text);
  if (fast) {
    const parsed = { values: [fast.value], roots: [{ pos: fast.pos, result: fast.value }] };
    cache?.set(text, parsed);
    return parsed;
  }
  const roots: Root[] = [];
  let depth = 0;
  const values = loadAll(text, undefined, {
    ...(file ? { filename: file } : {}),
    listener(type, state) {
      if (type === 'open') {
        if (depth++ === 0) roots.push({ pos: state.position, result: undefined });
      } else if (--depth === 0) (roots[roots.length - 1] as Root).result = state.result;
    },
  });
  const parsed = { values, roots };
  cache?.set(text, parsed);
  return parsed;
}

/**
 * Parse a multi-document YAML stream into plain values with per-field positions. `cache`: parses
 * shared with other loads (see `YamlCache`).
 */
export function loadYamlDocuments(
  text: string,
  file?: string,
  onProgress?: LoadProgress,
  cache?: YamlCache,
): YamlLoad {
  const diagnostics: Diagnostic[] = [];
  const documents: YamlDocument[] = [];
  const where = file === undefined ? {} : { file };
  if (text.length > LIMITS.maxBytes) {
    return {
      documents,
      diagnostics: [
        {
          severity: 'error',
          code: 'input-too-large',
          message: `input is ${(text.length / 1048576).toFixed(1)} MiB; the limit is ${LIMITS.maxBytes / 1048576} MiB`,
          ...where,
        },
      ],
    };
  }
  let done = 0;
  for (const chunk of splitDocuments(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)) {
    done += chunk.text.length + 1;
    onProgress?.(Math.min(done, text.length), text.length, documents.length);
    if (!hasContent(chunk.text)) continue;
    if (documents.length >= LIMITS.maxDocuments) {
      diagnostics.push({
        severity: 'error',
        code: 'too-many-documents',
        message: `more than ${LIMITS.maxDocuments} YAML documents; the rest were not read`,
        ...where,
        line: chunk.lineBase + 1,
      });
      break;
    }
    // line starts and the source map are worked out when a position is asked for (a diagnostic):
    // most documents never need one, and building every field's position took most of the load
    let starts: number[] | undefined;
    const at = (offset: number): SourcePos =>
      position((starts ??= lineStarts(chunk.text)), Math.max(0, offset), chunk.lineBase, file);
    try {
      const { values, roots } = parseChunk(chunk.text, file, cache);
      /** the chunk's node trees, made when the first of its maps is asked for */
      let trees: Node[] | undefined;
      for (const value of values) {
        if (value === null || value === undefined) continue;
        // without an alias a document has fewer nodes than characters: only then can it expand
        const mayExpand = chunk.text.length > LIMITS.maxExpandedNodes || chunk.text.includes('*');
        if (mayExpand && expandedSize(value, LIMITS.maxExpandedNodes) > LIMITS.maxExpandedNodes) {
          diagnostics.push({
            severity: 'error',
            code: 'yaml-alias-bomb',
            message: `this document expands to more than ${LIMITS.maxExpandedNodes.toLocaleString('en-US')} nodes once its YAML aliases are followed (an alias bomb?); it was skipped`,
            ...where,
            line: chunk.lineBase + 1,
          });
          continue;
        }
        const r = roots.findIndex((x) => x.result === value);
        const root = roots[r];
        const line = root ? lineAt(chunk, tokenStart(chunk.text, root.pos)) : chunk.lineBase + 1;
        let map: Record<string, SourcePos> | undefined;
        let items: readonly number[] | undefined | null = null;
        const listItems = values.length === 1 ? itemsOf(value) : undefined;
        documents.push({
          index: documents.length,
          value,
          line,
          // an own property (structured clone and spreads read it), built on first use from the
          // same text parsed again (the node trees are the same as the first parse's)
          get map() {
            return (map ??= root
              ? buildMap((trees ??= nodeTree(chunk.text))[r] as Node, chunk.text, at)
              : {});
          },
          get itemLines() {
            if (items === null)
              items = listItems ? listItemLines(chunk.text, chunk.lineBase, listItems.length) : undefined;
            return items;
          },
        });
      }
    } catch (e) {
      diagnostics.push(syntaxError(e, chunk, at, where));
    }
  }
  return { documents, diagnostics };
}
