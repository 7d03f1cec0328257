/**
 * The lines of a `kind: List` document's items, read from its text without a source map.
 *
 * A big import is often one List (`kubectl get ... -o yaml`), and its items' lines are wanted
 * for every item (the parse worker sends them to the page: see store/import-lines.ts). The
 * source map gives them too, but building it for a List of 10,000 items took three times the
 * parse (1.2 s). A block sequence's entries start on lines of its own indentation that begin
 * with `-`: a scan of the lines finds them. Anything else (a flow sequence, `items` not at the
 * top level, a count that does not match the parsed items) gives undefined, and the caller falls
 * back to the source map.
 */

/** Spaces before the first other character of the line at `start`. */
function indentAt(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}

/** Nothing on the line but spaces or a comment. */
function blank(line: string): boolean {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
}

/** A sequence entry at `indent`: `-` there, then a space or the end of the line. */
function entryAt(line: string, indent: number): boolean {
  if (line.charCodeAt(indent) !== 45 /* - */) return false;
  const next = line.charCodeAt(indent + 1);
  return Number.isNaN(next) || next === 32 || next === 9;
}

/**
 * The 1-based lines (counted from `lineBase` lines before `text`) of the `count` entries of the
 * top-level `items:` block sequence of `text` (one YAML document), each the line of the entry's
 * first node (the line after a bare `-`); undefined when they cannot be read this way.
 */
export function listItemLines(text: string, lineBase: number, count: number): number[] | undefined {
  const lines: number[] = [];
  let inItems = false;
  let indent = -1;
  /** An entry's `-` stood alone: its node starts on the next line that has one. */
  let bare = false;
  let no = lineBase;
  for (let start = 0; start <= text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const line = text.slice(start, stop);
    no++;
    start = stop + 1;
    if (!inItems) {
      if (/^items\s*:\s*(#.*)?$/.test(line)) inItems = true;
      else if (/^items\s*:/.test(line)) return undefined; // a flow sequence, or one value on the line
      continue;
    }
    if (blank(line)) continue;
    const at = indentAt(line, 0);
    if (bare) {
      lines.push(no);
      bare = false;
      if (at > indent) continue;
    }
    if (indent < 0) indent = at;
    if (at === indent && entryAt(line, indent)) {
      if (blank(line.slice(indent + 1))) bare = true;
      else lines.push(no);
    } else if (at <= indent) break; // the sequence ended (the next top-level key)
  }
  return lines.length === count && !bare ? lines : undefined;
}
