// What the pointer lights up in the Reachability view: the card it rests on (or the workload a
// search found), its neighbours, the others dimmed (see lights.ts), and the bundles that touch it.
// Cheap next to reachLayout (a pass over the rolled-up bundles), so it runs on every hover.
import type { Edge } from '@xyflow/react';
import type { GroupEdge } from '../../store/reach-groups';
import type { BundleData } from './bundle-edge';
import type { Lights } from './lights';
import { reachLayout, type ReachInput, type ReachLayout, type ReachPicture } from './reach-flow';
import { groupTitle, shortPorts } from './unit-names';

/** The whole picture at once (the canvas keeps the layout and re-lights it: see use-views). */
export function buildReach(o: ReachInput): ReachPicture {
  return lightUp(reachLayout(o), o.lit);
}

/**
 * The layout with `pointed` (or else the focused card) lit: its cards as they are (they read
 * their role from the lights: see lights.ts) and the bundles drawn with it. `withBundles` false
 * (a card is dragged): the cards stay lit but the lit card's own bundles wait for the drop; at
 * 10,000 workloads a lit card had ~500, and redrawing them made every frame of a drag 70-150 ms.
 */
export function lightUp(layout: ReachLayout, pointed: string | undefined, withBundles = true): ReachPicture {
  const { all, units, focusUnit, groups: r } = layout;
  const lit = pointed ?? focusUnit;
  const near = new Set<string>();
  if (lit)
    for (const e of all)
      if (e.allowedPairs > 0 && (e.from === lit || e.to === lit)) near.add(e.from).add(e.to);
  const lights: Lights = { lit, focus: focusUnit, near, complete: layout.complete };

  const touches = (e: GroupEdge) => !!lit && (e.from === lit || e.to === lit);
  const drawn = (e: GroupEdge) => withBundles && touches(e);
  const shown = all.filter((e) =>
    e.state === 'none' ? layout.denyAll || drawn(e) : layout.kept.has(e) || drawn(e),
  );
  const titleOf = (u: string): string => {
    const x = units.get(u);
    return x ? (x.kind === 'ns' ? `namespace ${x.ns}` : groupTitle(x.members)) : u;
  };
  // A→B and B→A with the same answer are one line with two arrows (⇄)
  const key = (e: GroupEdge) => `${e.from}\u0000${e.to}`;
  const byKey = new Map(shown.map((e) => [key(e), e]));
  const both = new Set<GroupEdge>();
  const merged = shown.filter((e) => {
    if (e.from === e.to) return true;
    const back = byKey.get(`${e.to}\u0000${e.from}`);
    if (!back || back.text !== e.text || back.allowedPairs !== back.pairs || e.allowedPairs !== e.pairs)
      return true;
    both.add(e);
    return e.from < e.to;
  });
  const edges: Edge<BundleData>[] = merged.map((e) => {
    const color = e.state === 'none' ? '#c2341f' : '#1a7f37';
    const verdict =
      e.allowedPairs === 0 ? 'denied' : e.allowedPairs === e.pairs ? 'allowed' : 'partly allowed';
    return {
      id: `b:${e.from}->${e.to}`,
      source: e.from,
      target: e.to,
      type: 'bundle',
      className: `edge-bundle edge-${e.state}`,
      markerEnd: { type: 'arrowclosed' as never, color, width: 16, height: 16 },
      ...(both.has(e) ? { markerStart: { type: 'arrowclosed' as never, color, width: 16, height: 16 } } : {}),
      data: {
        state: e.state,
        chip: `${e.state === 'none' ? 'none' : shortPorts(e.text)}${e.from === e.to ? ' ↻' : both.has(e) ? ' ⇄' : ''}`,
        title: `${titleOf(e.from)} → ${titleOf(e.to)}: ${e.pairs} pair${e.pairs === 1 ? '' : 's'} ${verdict} · ${e.text}`,
        coverage:
          e.allowedPairs > 0 && e.allowedPairs < e.pairs ? `${e.allowedPairs} of ${e.pairs}` : undefined,
        testId: `bundle-${e.from}->${e.to}`,
        dim: !!lit && !touches(e),
        from: e.sample.from,
        to: e.sample.to,
        network: r.network,
      },
    };
  });
  return {
    nodes: layout.nodes,
    edges,
    lights,
    summary: {
      groups: r.groups.length,
      units: units.size,
      shown: edges.length,
      edges: all.length,
      pairs: all.reduce((s, e) => s + e.pairs, 0),
      complete: layout.complete,
      folded: layout.fold,
    },
  };
}
