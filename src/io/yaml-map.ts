import { loadAll } from 'js-yaml';
import type { SourcePos } from '../model/diagnostic';

/**
 * The source map of one YAML document: every field path's position. js-yaml reports each node it
 * opens and closes to a listener; the tree of those nodes, walked along the parsed value, gives
 * the paths. Building the tree for every document costs as much as parsing it, and only
 * diagnostics need positions, so the load (yaml-documents.ts) records just the top-level nodes
 * and the tree is made here, by reading the document's text once more, when a map is asked for.
 */

/** A node of js-yaml's open/close listener stream. */
export interface Node {
  readonly pos: number;
  end: number;
  kind: string;
  result: unknown;
  readonly children: Node[];
}

/** js-yaml opens a wrapper around nodes with an anchor or tag: same result, one child. */
function unwrap(n: Node): Node {
  let cur = n;
  while (
    cur.children.length === 1 &&
    cur.children[0]?.result === cur.result &&
    cur.children[0]?.kind === cur.kind
  )
    cur = cur.children[0] as Node;
  return cur;
}

/** Skip spaces, newlines and comments from a listener position to the token itself. */
export function tokenStart(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === ':' && /\s/.test(text[i + 1] ?? ' ')) i++;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else break;
  }
  return i;
}

export function buildMap(
  root: Node,
  text: string,
  at: (offset: number) => SourcePos,
): Record<string, SourcePos> {
  const map: Record<string, SourcePos> = Object.create(null) as Record<string, SourcePos>;
  const isCollection = (n: Node): boolean => typeof n.result === 'object' && n.result !== null;
  const walk = (outer: Node, path: string, keyPos?: SourcePos): void => {
    const n = unwrap(outer);
    if (path) map[path] = isCollection(n) && keyPos ? keyPos : at(tokenStart(text, outer.pos));
    if (Array.isArray(n.result)) {
      const items = n.result as unknown[];
      let c = 0;
      items.forEach((item, k) => {
        const child = n.children[c];
        if (!child) return;
        if (n.children.length === items.length || unwrap(child).result === item) {
          walk(child, `${path}[${k}]`);
          c++;
        }
      });
    } else if (isCollection(n)) {
      const obj = n.result as Record<string, unknown>;
      for (let c = 0; c + 1 < n.children.length; c += 2) {
        const key = unwrap(n.children[c] as Node);
        const name = String(key.result);
        if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
        walk(n.children[c + 1] as Node, path ? `${path}.${name}` : name, at(tokenStart(text, key.pos)));
      }
    }
  };
  walk(root, '');
  return map;
}

/** The top-level nodes of `text` with their whole trees (the same parse as the load's). */
export function nodeTree(text: string): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  loadAll(text, undefined, {
    listener(type, state) {
      if (type === 'open') {
        const n: Node = { pos: state.position, end: -1, kind: '', result: undefined, children: [] };
        (stack[stack.length - 1]?.children ?? roots).push(n);
        stack.push(n);
      } else {
        const n = stack.pop();
        if (n) {
          n.end = state.position;
          n.kind = state.kind ?? '';
          n.result = state.result;
        }
      }
    },
  });
  return roots;
}
