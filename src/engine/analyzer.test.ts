import { describe, expect, it } from 'vitest';
import { Analyzer, analyze, type AnalysisResult } from './analyze';
import type { Model } from '../model/types';
import { formatConns } from './conn';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster, Rng, type Obj } from '../testing/generate';
import { viewOf } from '../store/selectors';
import { firstDisagreement } from '../testing/reference-check';
import { Linter, lint } from './lint';
import { diffAnalyses, diffModels, type ConnectionChange } from './diff';
import { readFileSync } from 'node:fs';
import { parseManifests } from '../io/k8s-to-model';
import type { Diagnostic } from '../model/diagnostic';

/** Everything a verdict says, as text: two analyses are equal when these are. */
function fingerprint(r: AnalysisResult): string[] {
  const v = viewOf(r);
  const out: string[] = [];
  for (const net of v.networks) {
    const eps = v.endpointsOn(net);
    for (const a of eps) {
      for (const b of eps) {
        const c = v.find(a, b, net);
        if (!c) continue;
        const dir = (d: typeof c.egress) =>
          d.isolated
            ? `${d.policies.join('+')}[${d.rules.map((x) => `${x.policy}#${x.rule}:${formatConns(x.conns)}`).join(';')}]`
            : '-';
        out.push(`${net} ${a} -> ${b}: ${formatConns(c.allowed)} e=${dir(c.egress)} i=${dir(c.ingress)}`);
      }
    }
  }
  return out;
}

type Spec = {
  podSelector?: unknown;
  ingress?: { from?: unknown[]; ports?: unknown[] }[];
  egress?: { to?: unknown[]; ports?: unknown[] }[];
};
type Meta = { name: string; namespace?: string; labels?: Record<string, string> };

const isPolicy = (o: Obj) => o.kind === 'NetworkPolicy' || o.kind === 'MultiNetworkPolicy';
const isWorkload = (o: Obj) => o.kind === 'Pod' || o.kind === 'VirtualMachineInstance';

/** One random edit of the kind a user makes, on a copy of the objects. */
function edit(objs: Obj[], r: Rng): { objs: Obj[]; what: string } {
  const out = objs.map((o) => o);
  const pickIndex = (pred: (o: Obj) => boolean) => {
    const idx = out.map((o, k) => (pred(o) ? k : -1)).filter((k) => k >= 0);
    return idx.length ? (r.pick(idx) as number) : -1;
  };
  const roll = r.int(9);
  const apps = ['web', 'api', 'db', 'cache'];
  if (roll <= 2) {
    const k = pickIndex(isPolicy);
    const p = structuredClone(out[k]) as { spec: Spec; metadata: Meta };
    if (roll === 0) p.spec.podSelector = r.chance(0.3) ? {} : { matchLabels: { app: r.pick(apps) } };
    else if (roll === 1) {
      // an ipBlock that splits the workloads' addresses (10.0.0.x) into new CIDR atoms
      const base = r.int(8) * 32;
      const ipBlock = r.chance(0.5)
        ? { cidr: `10.0.0.${base}/27` }
        : { cidr: '10.0.0.0/24', except: [`10.0.0.${base}/28`] };
      p.spec.ingress = [
        {
          from: [{ podSelector: { matchLabels: { tier: r.pick(['front', 'back']) } } }, { ipBlock }],
          ports: [{ port: r.chance(0.5) ? 'http' : 8080 }],
        },
      ];
    } else p.spec.egress = [{ to: [{ namespaceSelector: { matchLabels: { team: r.pick(['a', 'b']) } } }] }];
    out[k] = p as unknown as Obj;
    return { objs: out, what: `policy ${p.metadata.name} ${['podSelector', 'ingress', 'egress'][roll]}` };
  }
  if (roll === 3) {
    const k = pickIndex(isPolicy);
    const name = (out[k] as { metadata: Meta }).metadata.name;
    out.splice(k, 1);
    return { objs: out, what: `delete ${name}` };
  }
  if (roll === 4) {
    const k = pickIndex(isPolicy);
    const p = structuredClone(out[k]) as { spec: Spec; metadata: Meta };
    p.metadata.name = `${p.metadata.name}-copy${r.int(1000)}`;
    p.spec.podSelector = { matchLabels: { app: r.pick(apps) } };
    out.push(p as unknown as Obj);
    return { objs: out, what: `add ${p.metadata.name}` };
  }
  if (roll === 5) {
    const k = pickIndex(isWorkload);
    const w = structuredClone(out[k]) as { metadata: Meta };
    w.metadata.labels = {
      ...(w.metadata.labels ?? {}),
      app: r.pick(apps),
      ...(r.chance(0.5) ? { fresh: `v${r.int(3)}` } : {}),
    };
    out[k] = w as unknown as Obj;
    return { objs: out, what: `labels of ${w.metadata.name}` };
  }
  if (roll === 6) {
    const k = pickIndex((o) => o.kind === 'Namespace');
    const n = structuredClone(out[k]) as { metadata: Meta };
    n.metadata.labels = { ...(n.metadata.labels ?? {}), team: r.pick(['a', 'b', 'c']) };
    out[k] = n as unknown as Obj;
    return { objs: out, what: `labels of namespace ${n.metadata.name}` };
  }
  if (roll === 7) {
    const k = pickIndex((o) => o.kind === 'Pod');
    const p = structuredClone(out[k]) as {
      metadata: Meta;
      spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] };
    };
    const c = p.spec.containers[0];
    if (c) c.ports = [{ name: 'http', containerPort: r.pick([8080, 8000, 5432]) }];
    out[k] = p as unknown as Obj;
    return { objs: out, what: `ports of ${p.metadata.name}` };
  }
  // a workload removed
  const k = pickIndex(isWorkload);
  const name = (out[k] as { metadata: Meta }).metadata.name;
  out.splice(k, 1);
  return { objs: out, what: `delete ${name}` };
}

/** The model after changing (a copy of) the first object of `kind`. */
function editFirst<T>(objs: readonly Obj[], kind: string, change: (o: T) => unknown): Model {
  const k = objs.findIndex((o) => o.kind === kind);
  const edited = [...objs];
  const o = structuredClone(objs[k]) as T;
  change(o);
  edited[k] = o as unknown as Obj;
  return parseObjects(edited).model;
}

describe('Analyzer and Linter: a sequence of edits gives exactly what a fresh analysis gives', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}: 25 random edits, full and compact`, () => {
      let objs = generateCluster(seed, { endpoints: 45, policies: 16 });
      const r = new Rng(seed);
      const full = new Analyzer();
      const compact = new Analyzer();
      const linter = new Linter();
      const text = (ds: readonly Diagnostic[]) =>
        ds
          .map((d) => `${d.severity} ${d.code} ${d.object?.kind}/${d.object?.name} ${d.field} ${d.message}`)
          .sort();
      for (let step = 0; step < 25; step++) {
        const e = edit(objs, r);
        objs = e.objs;
        const model = parseObjects(objs).model;
        const fresh = fingerprint(analyze(model));
        const kept = full.analyze(model);
        expect(fingerprint(kept), `step ${step}: ${e.what}`).toEqual(fresh);
        expect(
          text(linter.lint(model, kept.compiled, full.world)),
          `findings, step ${step}: ${e.what}`,
        ).toEqual(text(lint(model)));
        expect(
          fingerprint(compact.analyze(model, { compactAbove: 0 })),
          `step ${step} (compact): ${e.what}`,
        ).toEqual(fresh);
      }
      expect(firstDisagreement(objs)).toBeUndefined();
    });
  }

  it('a one-policy edit recompiles that policy only and reuses most direction results', () => {
    const objs = generateCluster(7, { endpoints: 300, policies: 60 });
    const a = new Analyzer();
    a.analyze(parseObjects(objs).model, { compactAbove: 0 });
    const first = a.stats.evaluated;
    expect(first).toBeGreaterThan(50);
    const model = editFirst(
      objs,
      'NetworkPolicy',
      (p: { spec: Spec }) => (p.spec.podSelector = { matchLabels: { app: 'web' } }),
    );
    const result = a.analyze(model, { compactAbove: 0 });
    expect(a.stats).toMatchObject({ recompiled: 1, layoutReused: true });
    expect(a.stats.evaluated).toBeLessThan(first / 4);
    expect(fingerprint(result)).toEqual(fingerprint(analyze(model, { compactAbove: 0 })));
    // nothing changed: nothing recompiled, nothing evaluated
    a.analyze(model, { compactAbove: 0 });
    expect(a.stats).toMatchObject({ recompiled: 0, evaluated: 0, layoutReused: true });
  });

  it('a workload edit re-lays out the networks but reuses every policy and nearly every result', () => {
    const objs = generateCluster(8, { endpoints: 300, policies: 60 });
    const a = new Analyzer();
    a.analyze(parseObjects(objs).model, { compactAbove: 0 });
    const first = a.stats.evaluated;
    const model = editFirst(
      objs,
      'Pod',
      (w: { metadata: Meta }) => (w.metadata.labels = { ...w.metadata.labels, app: 'db', release: 'canary' }),
    );
    const result = a.analyze(model, { compactAbove: 0 });
    expect(a.stats).toMatchObject({ recompiled: 0, layoutReused: false });
    expect(a.stats.evaluated).toBeLessThan(first / 10);
    expect(fingerprint(result)).toEqual(fingerprint(analyze(model, { compactAbove: 0 })));
  });
});

describe('diffModels (no pair lists) gives exactly the pair-list diff', () => {
  const same = (before: Model, after: Model) => {
    const rows = (cs: readonly ConnectionChange[]) =>
      cs.map((c) => `${c.change} ${c.network} ${c.from} -> ${c.to}: ${formatConns(c.conns)}`);
    const want = rows(diffAnalyses(analyze(before), analyze(after)));
    const got = rows(diffModels(before, after));
    expect(got).toEqual(want);
    return want.length;
  };
  it('random designs and edits (workloads added and removed included)', () => {
    let changes = 0;
    for (const seed of [31, 32, 33]) {
      let objs = generateCluster(seed, { endpoints: 40, policies: 14 });
      const r = new Rng(seed);
      for (let step = 0; step < 8; step++) {
        const before = parseObjects(objs).model;
        objs = edit(objs, r).objs;
        changes += same(before, parseObjects(objs).model);
      }
    }
    expect(changes).toBeGreaterThan(20);
  });
  it('Kube-OVN Subnet ACL scenarios (pairs decided by exact address)', () => {
    const load = (id: string) =>
      parseManifests([{ text: readFileSync(`src/scenarios/${id}.yaml`, 'utf8'), file: id }]).model;
    expect(
      same(load('harvester-acl-1'), load('harvester-acl-3')) +
        same(load('harvester-acl-3'), load('harvester-acl-4')) +
        same(load('kubevirt-blog'), load('localnet-db')),
    ).toBeGreaterThan(0);
  });
});
