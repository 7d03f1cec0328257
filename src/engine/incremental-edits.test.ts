import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import type { Model } from '../model/types';
import { generateCluster, Rng, type Obj } from '../testing/generate';
import { Analyzer } from './analyze';
import { readerOfVerdicts } from './classes/compact';

/**
 * The incremental paths of an edit (the layout patched for relabelled workloads, per-member
 * arrays and presence kept for unchanged members, factors kept per label group, selector
 * tables extended in place, factors dropped and selected again) give exactly what a fresh
 * analyzer gives: every pair's two direction results, the class count, and the compact tables.
 */

/** Every pair of every network: both direction results as text, plus the class counts. */
function verdicts(a: Analyzer, model: Model): string[] {
  const { classes } = a.classes(model);
  const text = new Map<object, string>();
  const t = (r: object) => {
    let s = text.get(r);
    if (s === undefined) text.set(r, (s = JSON.stringify(r)));
    return s;
  };
  const out: string[] = [];
  for (const { classes: c } of classes) {
    c.prepareAll();
    out.push(`${c.network}: ${c.classCount()} classes`);
    // the compact tables say the same as the engine
    const reader = readerOfVerdicts(c);
    const n = c.members.length;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const e = c.egress(i, j);
        const g = c.ingress(i, j);
        const k = reader.lookup(i, j);
        const id = (m: number) => c.members[m]?.endpoint.id;
        out.push(`${c.network} ${id(i)} -> ${id(j)}: ${t(e)} ${t(g)}`);
        // (results of factors with tiers are combined by the reader: equal, not the same object)
        const same = (x: number, r: object) => {
          const y = reader.results[x];
          return y === r || (y !== undefined && t(y) === t(r));
        };
        if (!same(k.egress, e) || !same(k.ingress, g))
          out.push(`${c.network} ${id(i)} -> ${id(j)}: the compact tables disagree`);
      }
  }
  return out;
}

type Meta = { name: string; namespace?: string; labels?: Record<string, string> };
const isWorkload = (o: Obj) => o.kind === 'Pod' || o.kind === 'VirtualMachineInstance';
const isPolicy = (o: Obj) => o.kind === 'NetworkPolicy' || o.kind === 'MultiNetworkPolicy';
const isCluster = (o: Obj) => /AdminNetworkPolicy|ClusterNetworkPolicy/.test(String(o.kind));

/** One edit of the kind the incremental paths take (weighted towards relabels and policy edits). */
function edit(objs: Obj[], r: Rng, step: number): { objs: Obj[]; what: string } {
  const out = [...objs];
  const pick = (pred: (o: Obj) => boolean) => {
    const idx = out.map((o, k) => (pred(o) ? k : -1)).filter((k) => k >= 0);
    return idx.length ? (r.pick(idx) as number) : -1;
  };
  const roll = r.int(12);
  if (roll <= 3) {
    // relabel: often a label value never seen (a new label group, tables extended)
    const k = pick(isWorkload);
    const w = structuredClone(out[k]) as { metadata: Meta };
    const fresh = r.chance(0.6);
    w.metadata.labels = {
      ...w.metadata.labels,
      app: r.pick(['web', 'api', 'db', 'cache']),
      ...(fresh ? { release: `r${step}` } : {}),
    };
    out[k] = w as unknown as Obj;
    return { objs: out, what: `labels of ${w.metadata.name}${fresh ? ' (new group)' : ''}` };
  }
  if (roll === 4) {
    const k = pick((o) => o.kind === 'Pod');
    const p = structuredClone(out[k]) as {
      metadata: Meta;
      spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] };
    };
    const c = p.spec.containers[0];
    if (c) c.ports = [{ name: r.pick(['http', 'metrics']), containerPort: r.pick([8080, 8000, 9100]) }];
    out[k] = p as unknown as Obj;
    return { objs: out, what: `named ports of ${p.metadata.name}` };
  }
  if (roll <= 7) {
    const k = pick(isPolicy);
    const p = structuredClone(out[k]) as { metadata: Meta; spec: Record<string, unknown> };
    if (roll === 5) p.spec.podSelector = { matchLabels: { app: r.pick(['web', 'api', 'db']) } };
    else if (roll === 6)
      p.spec.ingress = [{ from: [{ podSelector: { matchLabels: { tier: r.pick(['front', 'back']) } } }] }];
    else if (r.chance(0.5))
      p.spec.egress = [{ to: [{ namespaceSelector: { matchLabels: { team: r.pick(['a', 'b']) } } }] }];
    // a cross-namespace peer naming a label value no selector named before: kinds numbered afresh
    else
      p.spec.egress = [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { team: r.pick(['a', 'b']) } },
              podSelector: { matchLabels: { release: `r${step - r.int(3)}` } },
            },
          ],
        },
      ];
    out[k] = p as unknown as Obj;
    return { objs: out, what: `policy ${p.metadata.namespace}/${p.metadata.name}` };
  }
  if (roll === 8) {
    // every policy of one namespace removed, or one policy added
    if (r.chance(0.5)) {
      const k = pick(isPolicy);
      const ns = (out[k] as { metadata: Meta }).metadata.namespace;
      return {
        objs: out.filter((o) => !(isPolicy(o) && (o as { metadata: Meta }).metadata.namespace === ns)),
        what: `policies of ${ns} removed`,
      };
    }
    const k = pick(isPolicy);
    const p = structuredClone(out[k]) as { metadata: Meta; spec: Record<string, unknown> };
    p.metadata.name = `${p.metadata.name}-added${step}`;
    p.spec.podSelector = { matchLabels: { app: r.pick(['web', 'db']) } };
    out.push(p as unknown as Obj);
    return { objs: out, what: `policy ${p.metadata.name} added` };
  }
  if (roll === 9) {
    const k = pick(isCluster);
    if (k >= 0) {
      const p = structuredClone(out[k]) as { metadata: Meta; spec: { subject?: unknown } };
      p.spec.subject = {
        pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: r.pick(['web', 'db']) } } },
      };
      out[k] = p as unknown as Obj;
      return { objs: out, what: `cluster policy ${p.metadata.name}` };
    }
  }
  if (roll === 10) {
    // a workload removed, or a copy of one added (a new address)
    const k = pick(isWorkload);
    if (r.chance(0.5)) {
      const name = (out[k] as { metadata: Meta }).metadata.name;
      out.splice(k, 1);
      return { objs: out, what: `${name} removed` };
    }
    const w = structuredClone(out[k]) as { metadata: Meta; status?: { podIP?: string } };
    w.metadata.name = `${w.metadata.name}-copy${step}`;
    if (w.status?.podIP) w.status.podIP = `10.9.${step & 255}.${1 + r.int(250)}`;
    out.push(w as unknown as Obj);
    return { objs: out, what: `${w.metadata.name} added` };
  }
  // nothing changed (the analysis is served from what was kept)
  return { objs: out, what: 'no change' };
}

describe('incremental edits through one Analyzer give what a fresh Analyzer gives, on every pair', () => {
  for (const admin of [0, 3])
    for (const seed of [31, 32, 33]) {
      it(`seed ${seed}${admin ? ', with cluster policies' : ''}: 30 edits`, () => {
        let objs = generateCluster(seed, {
          endpoints: 70,
          policies: 24,
          namespaces: 4,
          adminPolicies: admin,
        });
        const r = new Rng(seed);
        const kept = new Analyzer();
        expect(verdicts(kept, parseObjects(objs).model)).toEqual(
          verdicts(new Analyzer(), parseObjects(objs).model),
        );
        for (let step = 0; step < 30; step++) {
          const e = edit(objs, r, step);
          objs = e.objs;
          const model = parseObjects(objs).model;
          expect(verdicts(kept, model), `step ${step}: ${e.what}`).toEqual(verdicts(new Analyzer(), model));
        }
      });
    }

  it('an edit undone after the factors it used were dropped: selected again, same verdicts', () => {
    const objs = generateCluster(41, { endpoints: 60, policies: 20, namespaces: 3 });
    const k = objs.findIndex((o) => o.kind === 'NetworkPolicy');
    const edited = [...objs];
    const p = structuredClone(objs[k]) as { spec: Record<string, unknown> };
    p.spec.podSelector = { matchLabels: { app: 'nobody' } };
    edited[k] = p as unknown as Obj;
    const a = new Analyzer();
    const before = parseObjects(objs).model;
    const after = parseObjects(edited).model;
    verdicts(a, before);
    // the factors of `before` go unused for more than two analyses (ClassCache.end drops them)
    for (let i = 0; i < 4; i++) verdicts(a, after);
    expect(verdicts(a, parseObjects(objs).model)).toEqual(verdicts(new Analyzer(), before));
    expect(verdicts(a, parseObjects(edited).model)).toEqual(verdicts(new Analyzer(), after));
  });

  it("a workload absent while its namespace's policies change is selected again when it returns", () => {
    const objs = generateCluster(43, { endpoints: 60, policies: 24, namespaces: 3 });
    const k = objs.findIndex((o) => o.kind === 'Pod');
    const pod = structuredClone(objs[k]) as { metadata: Meta };
    pod.metadata.labels = { app: 'web', only: 'me' }; // a label group of its own
    const ns = pod.metadata.namespace;
    const withPod = [...objs];
    withPod[k] = pod as unknown as Obj;
    const without = objs.filter((_, j) => j !== k);
    // every policy of its namespace now selects everything there
    const edit = (xs: Obj[]) =>
      xs.map((o) =>
        isPolicy(o) && (o as { metadata: Meta }).metadata.namespace === ns
          ? ({ ...o, spec: { ...(o.spec as object), podSelector: {} } } as Obj)
          : o,
      );
    const a = new Analyzer();
    for (const step of [withPod, without, edit(without), edit(withPod)]) {
      const model = parseObjects(step).model;
      expect(verdicts(a, model)).toEqual(verdicts(new Analyzer(), model));
    }
  });

  it('a relabel patches the layout: unchanged endpoints keep their objects, the stats say it', () => {
    const objs = generateCluster(42, { endpoints: 80, policies: 20, namespaces: 4 });
    const a = new Analyzer();
    a.classes(parseObjects(objs).model);
    const k = objs.findIndex((o) => o.kind === 'Pod');
    const edited = [...objs];
    const w = structuredClone(objs[k]) as { metadata: Meta };
    w.metadata.labels = { ...w.metadata.labels, release: 'canary' };
    edited[k] = w as unknown as Obj;
    const model = parseObjects(edited).model;
    const { compiled } = a.classes(model);
    expect(a.stats).toMatchObject({ recompiled: 0, layoutReused: false });
    const members = compiled.layout.members.get('default') ?? [];
    const changed = members.filter((m) => m.endpoint.labels.release === 'canary');
    expect(changed.map((m) => m.endpoint.name)).toEqual([w.metadata.name]);
    expect(verdicts(a, model)).toEqual(verdicts(new Analyzer(), model));
  });
});
