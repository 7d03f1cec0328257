import type { Edge, Node } from '@xyflow/react';

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

function sameNode(a: Node, b: Node): boolean {
  if (a.type !== b.type || a.parentId !== b.parentId || a.selected !== b.selected) return false;
  if (a.position.x !== b.position.x || a.position.y !== b.position.y || !same(a.style, b.style)) return false;
  const ka = Object.keys(a.data);
  return ka.length === Object.keys(b.data).length && ka.every((k) => same(a.data[k], b.data[k]));
}

function sameEdge(a: Edge, b: Edge): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.type === b.type &&
    a.className === b.className &&
    a.label === b.label &&
    same(a.style, b.style) &&
    same(a.data, b.data) &&
    same(a.markerStart, b.markerStart) &&
    same(a.markerEnd, b.markerEnd)
  );
}

function keep<T extends { id: string }>(
  prev: readonly T[],
  next: readonly T[],
  eq: (a: T, b: T) => boolean,
): T[] {
  const old = new Map(prev.map((x) => [x.id, x]));
  let changed = prev.length !== next.length;
  const out = next.map((x, k) => {
    const o = old.get(x.id);
    const kept = o && eq(o, x) ? o : x;
    if (kept !== prev[k]) changed = true;
    return kept;
  });
  return changed ? out : (prev as T[]);
}

/**
 * The new picture with every node and edge that did not change kept as the previous object (the
 * whole list too when nothing changed): React Flow then re-renders and re-measures only what an
 * edit touched, not all 5,000 workloads or 200 namespace cards (each build makes fresh objects).
 */
export function stabilise(
  prev: { nodes: readonly Node[]; edges: readonly Edge[] },
  next: { nodes: readonly Node[]; edges: readonly Edge[] },
): { nodes: Node[]; edges: Edge[] } {
  return { nodes: keep(prev.nodes, next.nodes, sameNode), edges: keep(prev.edges, next.edges, sameEdge) };
}
