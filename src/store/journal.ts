import { validLayout, type SavedDesign } from './share';

/**
 * A big design's changes since its body of revision `base`, kept in localStorage while the body
 * is written to IndexedDB (asynchronously: a page closed meanwhile may never finish it). The text
 * is the body's with `text` between its first `head` and last `tail` characters: one edit changes
 * one place, so this stays small.
 */
export interface Journal {
  readonly base: number;
  readonly head: number;
  readonly tail: number;
  readonly text: string;
  readonly layout: SavedDesign['layout'];
}

/** The journal that turns `body` (revision `rev`) into `yaml` with `layout`. */
export function journalOf(
  body: { readonly rev: number; readonly yaml: string },
  yaml: string,
  layout: SavedDesign['layout'],
): Journal {
  const a = body.yaml;
  const most = Math.min(a.length, yaml.length);
  let head = 0;
  while (head < most && a.charCodeAt(head) === yaml.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < most - head && a.charCodeAt(a.length - 1 - tail) === yaml.charCodeAt(yaml.length - 1 - tail))
    tail++;
  return { base: body.rev, head, tail, text: yaml.slice(head, yaml.length - tail), layout };
}

/** The design a stored journal (`raw`) makes of `body`; undefined when it is for another body or unreadable. */
export function applyJournal(
  raw: string,
  body: { readonly rev: number; readonly yaml: string },
): Omit<SavedDesign, 'v'> | undefined {
  let j: Partial<Journal> | null;
  try {
    j = JSON.parse(raw) as Partial<Journal> | null;
  } catch {
    return undefined;
  }
  if (!j || j.base !== body.rev || typeof j.text !== 'string') return undefined;
  const { head, tail } = j;
  if (!Number.isInteger(head) || !Number.isInteger(tail)) return undefined;
  const h = head as number;
  const t = tail as number;
  if (h < 0 || t < 0 || h + t > body.yaml.length) return undefined;
  return {
    yaml: body.yaml.slice(0, h) + j.text + body.yaml.slice(body.yaml.length - t),
    layout: validLayout(j.layout),
  };
}
