/**
 * Names come from user files: a newline or an ESC sequence printed raw could forge table rows or
 * recolour a terminal. Control characters (and the Unicode line separators) are shown escaped.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function plain(s: string): string {
  return s.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A Markdown table cell: no raw pipe (a new column), no HTML. */
export function mdCell(s: string): string {
  return plain(s)
    .replace(/[\\|]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A CSV field (RFC 4180), with spreadsheet formulas neutralised by a leading apostrophe. */
export function csvField(s: string): string {
  const t = plain(s);
  const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
  return /[",]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: readonly (string | number)[]): string =>
  cells.map((c) => (typeof c === 'number' ? String(c) : csvField(c))).join(',');

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return `"${plain(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Aligned columns, every cell escaped. */
export function table(rows: readonly (readonly string[])[]): string {
  const safe = rows.map((r) => r.map(plain));
  const widths: number[] = [];
  for (const r of safe) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  return safe
    .map((r) =>
      r
        .map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A few names, then how many more (full lists are in json and csv). */
export function someNames(names: readonly string[], max = 4): string {
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} +${names.length - max} more`;
}
