import { EVENT_ID, YAMLException, constructFromEvents, getScalarValue, parseEvents } from 'js-yaml';
import type { Event } from 'js-yaml';
import type { Diagnostic, SourcePos } from '../model/diagnostic';

/** Explicit limits on what one load accepts (stated in the messages). */
export const LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxDocuments: 50_000,
  maxDepth: 100,
  maxAliasesPerDocument: 100,
} as const;

export interface YamlDocument {
  readonly index: number;
  readonly value: unknown;
  /** 1-based line of the document's first node. */
  readonly line: number;
  /** Field path → position (`spec.ingress[0].from`). */
  readonly map: Readonly<Record<string, SourcePos>>;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number, lineBase: number, file: string | undefined): SourcePos {
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

function startOf(ev: Event): number {
  switch (ev.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return ev.anchorStart >= 0 ? ev.anchorStart : ev.tagStart >= 0 ? ev.tagStart : ev.start;
    case EVENT_ID.SCALAR:
      return ev.anchorStart >= 0 ? ev.anchorStart : ev.tagStart >= 0 ? ev.tagStart : ev.valueStart;
    case EVENT_ID.ALIAS:
      return ev.anchorStart - 1;
    default:
      return -1;
  }
}

/** Walk one document's events and record where every field path starts. */
function sourceMap(events: readonly Event[], from: number, source: string, at: (offset: number) => SourcePos): { map: Record<string, SourcePos>; next: number } {
  const map: Record<string, SourcePos> = {};
  let i = from;
  const node = (path: string, keyPos?: SourcePos): void => {
    const ev = events[i++];
    if (!ev) return;
    const start = startOf(ev);
    const here = start >= 0 ? at(start) : keyPos;
    if (here && path) map[path] = ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE ? keyPos ?? here : here;
    if (ev.type === EVENT_ID.MAPPING) {
      while (i < events.length && events[i]?.type !== EVENT_ID.POP) {
        const key = events[i];
        let name = '?';
        let kp: SourcePos | undefined;
        if (key?.type === EVENT_ID.SCALAR) {
          name = getScalarValue(source, key);
          kp = at(startOf(key));
          i++;
        } else node(`${path}.?`);
        node(path ? `${path}.${name}` : name, kp);
      }
      i++;
    } else if (ev.type === EVENT_ID.SEQUENCE) {
      let k = 0;
      while (i < events.length && events[i]?.type !== EVENT_ID.POP) node(`${path}[${k++}]`);
      i++;
    }
  };
  node('');
  return { map, next: i };
}

interface Chunk {
  readonly text: string;
  readonly lineBase: number; // lines before the chunk
}

/**
 * Split a stream at document markers so that one broken document never hides the
 * others: each chunk is parsed on its own.
 */
function splitDocuments(text: string): Chunk[] {
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  for (let k = 0; k <= lines.length; k++) {
    const line = lines[k];
    const isMarker = line !== undefined && k > start && /^(---|\.\.\.)(\s|$)/.test(line);
    if (isMarker || line === undefined) {
      chunks.push({ text: lines.slice(start, k).join('\n'), lineBase: start });
      start = k;
    }
  }
  return chunks;
}

export interface YamlLoad {
  readonly documents: readonly YamlDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse a multi-document YAML stream into plain values with per-field positions. */
export function loadYamlDocuments(text: string, file?: string): YamlLoad {
  const diagnostics: Diagnostic[] = [];
  const documents: YamlDocument[] = [];
  const where = file === undefined ? {} : { file };
  if (text.length > LIMITS.maxBytes) {
    return {
      documents,
      diagnostics: [{ severity: 'error', code: 'input-too-large', message: `input is ${(text.length / 1048576).toFixed(1)} MiB; the limit is ${LIMITS.maxBytes / 1048576} MiB`, ...where }],
    };
  }
  for (const chunk of splitDocuments(text.replace(/\r\n?/g, '\n'))) {
    if (!/\S/.test(chunk.text.replace(/#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, ''))) continue;
    if (documents.length >= LIMITS.maxDocuments) {
      diagnostics.push({ severity: 'error', code: 'too-many-documents', message: `more than ${LIMITS.maxDocuments} YAML documents; the rest were not read`, ...where, line: chunk.lineBase + 1 });
      break;
    }
    const starts = lineStarts(chunk.text);
    const at = (offset: number): SourcePos => position(starts, Math.max(0, offset), chunk.lineBase, file);
    try {
      const events = parseEvents(chunk.text, { maxDepth: LIMITS.maxDepth, ...(file ? { filename: file } : {}) });
      const values = constructFromEvents(events, { source: chunk.text, maxAliases: LIMITS.maxAliasesPerDocument });
      let i = 0;
      for (const value of values) {
        while (i < events.length && events[i]?.type !== EVENT_ID.DOCUMENT) i++;
        i++;
        const firstEvent = events[i];
        const { map, next } = sourceMap(events, i, chunk.text, at);
        i = next;
        const line = firstEvent ? at(startOf(firstEvent)).line : chunk.lineBase + 1;
        documents.push({ index: documents.length, value, line, map });
      }
    } catch (e) {
      const mark = e instanceof YAMLException ? (e as YAMLException & { mark?: { line: number; column: number } }).mark : undefined;
      const reason = e instanceof YAMLException ? (e as YAMLException & { reason?: string }).reason ?? e.message.split('\n')[0] : e instanceof Error ? e.message : String(e);
      diagnostics.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: `YAML syntax error: ${reason}; this document was skipped, the others were read`,
        ...where,
        line: chunk.lineBase + (mark ? mark.line + 1 : 1),
        ...(mark ? { column: mark.column + 1 } : {}),
      });
    }
  }
  return { documents, diagnostics };
}
