/** A document's text cut out of a stream, and the lines before it. */
export interface Chunk {
  readonly text: string;
  readonly lineBase: number; // lines before the chunk
}

const MARKER = /^(---|\.\.\.)(\s|$)/;
const DIRECTIVE_BLOCK = /^(%|#|\s*$)/;

/** YAML 1.2 allows a byte-order mark at the start of every document of a stream, not only the first. */
function stripDocumentBoms(lines: string[]): void {
  lines.forEach((line, k) => {
    if (!line.startsWith('\uFEFF')) return;
    const rest = line.slice(1);
    if (k === 0 || MARKER.test(rest) || MARKER.test(lines[k - 1] ?? '')) lines[k] = rest;
  });
}

/** `splitDocuments` on an array of lines: the reference, and the way for texts with byte-order marks. */
export function splitDocumentsByLines(text: string): Chunk[] {
  const lines = text.split('\n');
  stripDocumentBoms(lines);
  const chunks: Chunk[] = [];
  let start = 0;
  const cut = (at: number): void => {
    chunks.push({ text: lines.slice(start, at).join('\n'), lineBase: start });
    start = at;
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as string;
    // (a marker starts with "-" or "."; most lines do not: no regex for them)
    const c = line.charCodeAt(0);
    if (k === start || (c !== 45 && c !== 46) || !MARKER.test(line)) continue;
    if (line.startsWith('---')) {
      // the directive block right before this `---` belongs to the document it opens
      let d = k;
      while (d > start && DIRECTIVE_BLOCK.test(lines[d - 1] as string)) d--;
      const dir = lines.slice(d, k).findIndex((l) => l.startsWith('%'));
      if (dir >= 0) {
        if (d + dir > start) cut(d + dir);
        continue;
      }
    }
    cut(k);
  }
  cut(lines.length);
  return chunks;
}

/**
 * Split a stream at document markers so that one broken document never hides the
 * others: each chunk is parsed on its own. Directives (`%YAML 1.2`) stay with the
 * document whose `---` follows them. The same chunks as `splitDocumentsByLines`, found by
 * offsets: each chunk is one slice of the text, not a join of a string per line (a 2 MB
 * stream has a hundred thousand lines; they were most of a cached load's time and garbage).
 */
export function splitDocuments(text: string): Chunk[] {
  // byte-order marks may be stripped from inside lines: the line-array way
  if (text.includes('\uFEFF')) return splitDocumentsByLines(text);
  /** offset of each line's start, up to the line being read */
  const starts: number[] = [];
  const lineText = (k: number): string => {
    const end = text.indexOf('\n', starts[k] as number);
    return text.slice(starts[k] as number, end < 0 ? text.length : end);
  };
  const chunks: Chunk[] = [];
  let start = 0;
  const cut = (at: number, atOffset: number): void => {
    // lines start..at-1 joined by their newlines: the text up to the newline before line `at`
    chunks.push({ text: text.slice(starts[start] as number, atOffset), lineBase: start });
    start = at;
  };
  let pos = 0;
  for (let k = 0; ; k++) {
    starts.push(pos);
    const c = text.charCodeAt(pos);
    if (k !== start && (c === 45 || c === 46) && MARKER.test(lineText(k))) {
      let opens = true;
      if (c === 45 && text.startsWith('---', pos)) {
        let d = k;
        while (d > start && DIRECTIVE_BLOCK.test(lineText(d - 1))) d--;
        let dir = -1;
        for (let l = d; l < k && dir < 0; l++) if (text.charCodeAt(starts[l] as number) === 37) dir = l;
        if (dir >= 0) {
          if (dir > start) cut(dir, (starts[dir] as number) - 1);
          opens = false;
        }
      }
      if (opens) cut(k, pos - 1);
    }
    const end = text.indexOf('\n', pos);
    if (end < 0) break;
    pos = end + 1;
  }
  chunks.push({ text: text.slice(starts[start] as number), lineBase: start });
  return chunks;
}

/**
 * Whether a chunk holds more than comments, blank lines and document markers (what
 * `/\S/.test(text.replace(/#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, ''))` says), line by line
 * without copying the text twice.
 */
export function hasContent(text: string): boolean {
  // U+2028 and U+2029 end lines for those patterns, not for this scan
  if (text.includes('\u2028') || text.includes('\u2029'))
    return /\S/.test(text.replace(/#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, ''));
  let pos = 0;
  for (;;) {
    const end = text.indexOf('\n', pos);
    const lineEnd = end < 0 ? text.length : end;
    const hash = text.indexOf('#', pos);
    const line = text.slice(pos, hash >= 0 && hash < lineEnd ? hash : lineEnd);
    if (/\S/.test(line) && !/^(---|\.\.\.)\s*$/.test(line)) return true;
    if (end < 0) return false;
    pos = end + 1;
  }
}
