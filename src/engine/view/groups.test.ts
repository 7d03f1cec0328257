import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { equalConns, formatConns, isEmptyConns, NO_CONNS, unionConns } from '../conn';
import { parseObjects } from '../../io/k8s-to-model';
import { generateCluster } from '../../testing/generate';
import { analyzeYaml, scenario } from '../../testing/helpers';
import { groupSet, reachGroups, rollUp, unitEdges } from './groups';
import { policyView } from './policy';
import { viewOf } from '../../store/selectors';

describe('reachability groups (one edge per group pair)', () => {
  it('KubeVirt blog: {vm1-vm3} reach everyone, {vm4-vm6} reach nobody on flatl2net', () => {
    const a = analyzeYaml(scenario('kubevirt-blog')).result;
    const r = reachGroups(a, 'default/flatl2net');
    expect(r.groups.map((g) => g.members)).toEqual([
      ['default/vm1', 'default/vm2', 'default/vm3'],
      ['default/vm4', 'default/vm5', 'default/vm6'],
    ]);
    const [g1, g2] = r.groups.map((g) => g.id);
    const edge = (f: string | undefined, t: string | undefined) =>
      r.edges.find((e) => e.from === f && e.to === t);
    expect(r.edges).toHaveLength(4);
    expect(edge(g1, g1)).toMatchObject({ state: 'all', pairs: 6, allowedPairs: 6 });
    expect(edge(g1, g2)).toMatchObject({ state: 'all', pairs: 9 });
    expect(edge(g2, g1)).toMatchObject({ state: 'none', pairs: 9, allowedPairs: 0 });
    expect(edge(g2, g2)).toMatchObject({ state: 'none', pairs: 6 });
  });

  for (const [seed, compactAbove] of [
    [4, undefined],
    [5, 0],
  ] as const) {
    it(`every pair of every group edge has the edge's value (seed ${seed}, ${compactAbove === 0 ? 'compact' : 'listed'})`, () => {
      const model = parseObjects(generateCluster(seed, { endpoints: 40, policies: 14 })).model;
      const a = analyze(model, compactAbove === 0 ? { compactAbove } : {});
      const v = viewOf(a);
      for (const net of v.networks) {
        const r = reachGroups(a, net);
        expect(r.groups.reduce((s, g) => s + g.members.length, 0)).toBe(v.endpointsOn(net).length);
        const byId = new Map(r.groups.map((g) => [g.id, g]));
        for (const e of r.edges) {
          for (const f of byId.get(e.from)?.members ?? [])
            for (const t of byId.get(e.to)?.members ?? []) {
              if (f === t) continue;
              const c = v.find(f, t, net);
              if (c) expect(equalConns(c.allowed, e.conns), `${f} -> ${t} on ${net}`).toBe(true);
            }
        }
      }
    });
  }

  it('a network over the pair budget: exactly the complete edges that touch a focused group', () => {
    const model = parseObjects(generateCluster(6, { endpoints: 40, policies: 14 })).model;
    const a = analyze(model, { compactAbove: 0 });
    const whole = reachGroups(a, 'default');
    expect(whole.complete).toBe(true);
    const [g1, g2] = whole.groups;
    const focus = new Set([g1?.members[0] ?? '', g2?.members.at(-1) ?? '']);
    const part = reachGroups(a, 'default', { focus, budget: 0 });
    expect(part.complete).toBe(false);
    expect(part.groups).toEqual(whole.groups);
    const near = new Set([g1?.id, g2?.id]);
    expect(part.edges).toEqual(whole.edges.filter((e) => near.has(e.from) || near.has(e.to)));
    expect(part.edges.length).toBeGreaterThan(2 * whole.groups.length);
    expect(reachGroups(a, 'default', { focus: new Set(), budget: 0 }).edges).toEqual([]);
  });

  it('roll-up by namespace and by group on a compact network: each unit edge is exactly its member pairs', () => {
    const model = parseObjects(generateCluster(9, { endpoints: 60, policies: 20 })).model;
    const a = analyze(model, { compactAbove: 0 });
    const v = viewOf(a);
    const r = reachGroups(a, 'default', { splitBy: (l) => l.split('/')[0] ?? '' });
    const groupOf = new Map(r.groups.flatMap((g) => g.members.map((m) => [m, g.id] as const)));
    for (const unitOf of [(l: string) => l.split('/')[0] ?? '', (l: string) => groupOf.get(l) ?? '']) {
      const want = new Map<string, { pairs: number; allowed: number; conns: typeof NO_CONNS }>();
      for (const f of v.endpointsOn('default'))
        for (const t of v.endpointsOn('default')) {
          const c = f === t ? undefined : v.find(f, t, 'default');
          if (!c) continue;
          const k = `${unitOf(f)}>${unitOf(t)}`;
          const w = want.get(k) ?? { pairs: 0, allowed: 0, conns: NO_CONNS };
          want.set(k, {
            pairs: w.pairs + 1,
            allowed: w.allowed + (isEmptyConns(c.allowed) ? 0 : 1),
            conns: unionConns(w.conns, c.allowed),
          });
        }
      const got = rollUp(r, unitOf);
      expect(got.map((e) => `${e.from}>${e.to}`).sort()).toEqual([...want.keys()].sort());
      for (const e of got) {
        const w = want.get(`${e.from}>${e.to}`);
        expect([e.pairs, e.allowedPairs, e.text]).toEqual([
          w?.pairs,
          w?.allowed,
          formatConns(w?.conns ?? NO_CONNS),
        ]);
      }
    }
  });

  it('unit edges straight from the group pairs: exactly the roll-up of the group edges, in its order', () => {
    const nsOf = (l: string) => (l.includes('/') ? (l.split('/')[0] as string) : 'outside');
    for (const [seed, compactAbove] of [
      [12, 0],
      [13, undefined],
    ] as const) {
      const model = parseObjects(
        generateCluster(seed, { endpoints: 80, policies: 24, adminPolicies: 3 }),
      ).model;
      const a = analyze(model, compactAbove === 0 ? { compactAbove } : {});
      const set = groupSet(a, 'default', { splitBy: nsOf });
      const [first, second] = [...new Set(set.groups.map((g) => nsOf(g.members[0] ?? '')))];
      // as the canvas folds: one namespace unfolded into its groups, one group of it into members
      const open = set.groups.find((g) => nsOf(g.members[0] ?? '') === first && g.members.length > 1);
      const unit = (l: string) => {
        const g = set.groups.find((x) => x.members.includes(l));
        if (nsOf(l) !== first) return `ns:${nsOf(l)}`;
        return g === open ? `m:${l}` : (g?.id ?? '');
      };
      const focus = new Set(set.groups.flatMap((g) => g.members).filter((l) => nsOf(l) === first));
      const focusOnly = { focus, budget: 0 };
      for (const o of [{}, focusOnly, { focus: new Set([`${second}/x`]), budget: 0 }]) {
        const want = rollUp(reachGroups(a, 'default', { splitBy: nsOf, ...o }), unit);
        const got = unitEdges(set, unit, o);
        expect(got.complete).toBe(!('budget' in o));
        expect(got.edges.map(({ conns: _, ...e }) => e)).toEqual(want.map(({ conns: _, ...e }) => e));
        expect(got.edges.every((e, k) => equalConns(e.conns, want[k]?.conns ?? NO_CONNS))).toBe(true);
        if (o !== focusOnly) continue;
        // only edges with an unfolded unit on one end, and toward every other namespace
        const mine = (u: string) => !u.startsWith('ns:');
        expect(got.edges.every((e) => mine(e.from) || mine(e.to))).toBe(true);
        const others = new Set(set.groups.map((g) => nsOf(g.members[0] ?? '')).filter((x) => x !== first));
        expect(new Set(got.edges.map((e) => e.to).filter((u) => !mine(u))).size).toBe(others.size);
      }
    }
  });

  it('roll-up by namespace: union of ports and allowed-pair counts', () => {
    const a = analyzeYaml(scenario('kubevirt-blog')).result;
    const r = reachGroups(a, 'default/flatl2net');
    const one = rollUp(r, () => 'default');
    const members = rollUp(r, (l) => l);
    expect(members).toHaveLength(30);
    expect(members.filter((e) => e.state === 'none').map((e) => `${e.from}>${e.to}`)).toContain(
      'default/vm4>default/vm1',
    );
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      from: 'default',
      to: 'default',
      state: 'all',
      pairs: 30,
      allowedPairs: 15,
    });
  });
});

describe('policy view', () => {
  it('ingress-ipblock: selects vm1-vm6, rule 0 admits vm1-vm3 (all ports), vm4-vm6 not admitted', () => {
    const a = analyzeYaml(scenario('kubevirt-blog')).result;
    const v = policyView(a, 'mnp:default/ingress-ipblock');
    expect(v?.networks).toHaveLength(1);
    const n = v?.networks[0];
    expect(n?.network).toBe('default/flatl2net');
    expect(n?.subjects).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6'].map((x) => `default/${x}`));
    expect(n?.rules).toHaveLength(1);
    expect(n?.rules[0]).toMatchObject({ direction: 'ingress', rule: 0, text: 'all' });
    expect(n?.rules[0]?.peers.map((p) => p.label)).toEqual(['default/vm1', 'default/vm2', 'default/vm3']);
    expect(n?.notAdmitted).toEqual({ ingress: ['default/vm4', 'default/vm5', 'default/vm6'], egress: [] });
  });
});
