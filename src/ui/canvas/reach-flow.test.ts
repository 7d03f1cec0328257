import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../engine/analyze';
import { COMPACT_ABOVE } from '../../engine/protocol';
import { reachGroups } from '../../engine/view/groups';
import { parseObjects } from '../../io/k8s-to-model';
import { endpointLabel } from '../../model/types';
import { generateCluster } from '../../testing/generate';
import { pendingGroups, reachLayout, type ReachInput } from './reach-flow';
import { buildReach, lightUp } from './reach-light';
import { roleOf, type Lights } from './lights';
import type { NamespaceCardData } from './group-node';

const model = parseObjects(generateCluster(5, { endpoints: 400, policies: 80 })).model;
const nsOf = (l: string) => (l.includes('/') ? (l.split('/')[0] as string) : 'outside');
const base = {
  model,
  fold: true,
  expanded: new Set<string>(),
  lit: undefined,
  focus: undefined,
  showDenied: false,
};
const cards = (o: ReachInput) =>
  buildReach(o)
    .nodes.filter((n) => n.type === 'namespace')
    .map((n) => n.data as NamespaceCardData);

describe('the folded Reachability view of a large design', () => {
  it('before the first analysis: one card per namespace of the pod network with its count, the rest pending', () => {
    const perNs = new Map<string, number>();
    for (const e of model.endpoints)
      if (e.attachments.some((a) => a.nad === 'default'))
        perNs.set(nsOf(endpointLabel(e)), (perNs.get(nsOf(endpointLabel(e))) ?? 0) + 1);
    const drawn = cards({ ...base, groups: pendingGroups(model), pending: true });
    expect(drawn.map((c) => [c.ns, c.count]).sort()).toEqual([...perNs].sort());
    expect(drawn.every((c) => c.pending && c.groups.length === 0 && c.reaches === 0)).toBe(true);
    // the same cards and counts as once the engine has answered
    const result = new Analyzer().analyze(model, { compactAbove: COMPACT_ABOVE });
    const after = cards({ ...base, groups: reachGroups(result, 'default', { splitBy: nsOf }) });
    expect(after.map((c) => [c.ns, c.count]).sort()).toEqual(drawn.map((c) => [c.ns, c.count]).sort());
  });

  it("after it: each namespace card lists the sizes of the engine's groups in that namespace", () => {
    const result = new Analyzer().analyze(model, { compactAbove: COMPACT_ABOVE });
    const groups = reachGroups(result, 'default', { splitBy: nsOf });
    const want = new Map<string, number[]>();
    for (const g of groups.groups) {
      const ns = nsOf(g.members[0] as string);
      want.set(
        ns,
        [...(want.get(ns) ?? []), g.members.length].sort((a, b) => b - a),
      );
    }
    const drawn = cards({ ...base, groups });
    expect(drawn.length).toBe(want.size);
    for (const c of drawn) {
      expect(c.pending).toBe(false);
      expect(c.groups).toEqual(want.get(c.ns));
      expect(c.count).toBe(c.groups.reduce((s, x) => s + x, 0));
    }
  });

  it('lays many cards out in a grid about as wide as a screen, not a four-wide column', () => {
    const { nodes } = buildReach({ ...base, groups: pendingGroups(model), pending: true });
    const xs = new Set(nodes.map((n) => n.position.x));
    const ys = new Set(nodes.map((n) => n.position.y));
    expect(nodes.length).toBeGreaterThan(16);
    expect(xs.size).toBeGreaterThanOrEqual(ys.size);
  });

  it('a hover re-lights the same layout: the card, the cards it shares allowed pairs with, the rest dimmed', () => {
    const result = new Analyzer().analyze(model, { compactAbove: COMPACT_ABOVE });
    const groups = reachGroups(result, 'default', { splitBy: nsOf });
    const layout = reachLayout({ ...base, groups });
    const still = lightUp(layout, undefined);
    const roles = (l: Lights) => layout.nodes.map((n) => roleOf(l, n.id));
    // no pointer: nothing lit or dimmed
    expect(roles(still.lights).every((r) => r === 'none')).toBe(true);
    const ns = layout.nodes.find((n) => n.type === 'namespace')?.id as string;
    const near = new Set([ns]);
    for (const e of layout.all)
      if (e.allowedPairs > 0 && (e.from === ns || e.to === ns)) near.add(e.from).add(e.to);
    expect(near.size).toBeGreaterThan(1);
    const lit = lightUp(layout, ns);
    // the same cards (React Flow's nodes are untouched by a hover), their roles from the lights
    expect(lit.nodes).toBe(layout.nodes);
    const r = roles(lit.lights);
    expect(
      layout.nodes
        .filter((_, k) => r[k] === 'lit')
        .map((n) => n.id)
        .sort(),
    ).toEqual([...near].sort());
    expect(r.filter((x) => x === 'dim').length).toBe(layout.nodes.length - near.size);
    // every bundle drawn while it is lit that was not drawn before touches it
    const before = new Set(still.edges.map((e) => e.id));
    const added = lit.edges.filter((e) => !before.has(e.id));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((e) => e.source === ns || e.target === ns)).toBe(true);
    // and the pointer leaving gives the unlit picture back
    expect(roles(lightUp(layout, undefined).lights).every((x) => x === 'none')).toBe(true);
  });
});
