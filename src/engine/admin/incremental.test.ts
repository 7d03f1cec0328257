import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import { viewOf } from '../../store/selectors';
import { generateCluster, Rng, type Obj } from '../../testing/generate';
import { Analyzer, analyze, type AnalysisResult } from '../analyze';
import { formatConns } from '../conn';

/** Every pair's verdict and decision chain, as text. */
function fingerprint(r: AnalysisResult): string[] {
  const v = viewOf(r);
  const out: string[] = [];
  for (const net of v.networks)
    for (const a of v.endpointsOn(net))
      for (const b of v.endpointsOn(net)) {
        const c = v.find(a, b, net);
        if (!c) continue;
        const chain = (d: typeof c.egress) =>
          d.isolated && d.tiers
            ? d.tiers.steps.map((s) => `${s.policy}#${s.rule}${s.action}:${formatConns(s.conns)}`).join(';')
            : '-';
        out.push(`${net} ${a}->${b}: ${formatConns(c.allowed)} e=${chain(c.egress)} i=${chain(c.ingress)}`);
      }
  return out;
}

type Spec = Record<string, unknown> & {
  priority?: number;
  ingress?: { action: string }[];
  egress?: { action: string }[];
};
const isCluster = (o: Obj) =>
  ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'].includes(String(o.kind));

/** One edit of a cluster policy, a Node, a namespace or a workload. */
function edit(objs: Obj[], r: Rng): { objs: Obj[]; what: string } {
  const out = [...objs];
  const pick = (pred: (o: Obj) => boolean) => {
    const idx = out.map((o, k) => (pred(o) ? k : -1)).filter((k) => k >= 0);
    return idx.length ? (r.pick(idx) as number) : -1;
  };
  const roll = r.int(6);
  const k = pick(
    roll <= 2
      ? isCluster
      : roll === 3
        ? (o) => o.kind === 'Node'
        : roll === 4
          ? (o) => o.kind === 'Namespace'
          : (o) => o.kind === 'Pod',
  );
  if (k < 0) return { objs: out, what: 'nothing' };
  const o = structuredClone(out[k]) as Obj & {
    metadata: { name: string; labels?: Record<string, string> };
    spec: Spec;
    status?: unknown;
  };
  if (roll === 0) {
    const rules = [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])];
    const rule = rules.length ? r.pick(rules) : undefined;
    if (rule)
      rule.action =
        rule.action === 'Deny' ? (o.kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow') : 'Deny';
  } else if (roll === 1) {
    if (o.kind !== 'BaselineAdminNetworkPolicy') o.spec.priority = r.int(4);
  } else if (roll === 2) {
    out.splice(k, 1);
    return { objs: out, what: `delete ${o.metadata.name}` };
  } else if (roll === 3) o.status = { addresses: [{ type: 'InternalIP', address: `10.0.0.${r.int(8)}` }] };
  else
    o.metadata.labels = {
      ...(o.metadata.labels ?? {}),
      team: r.pick(['a', 'b', 'c']),
      app: r.pick(['web', 'db']),
    };
  out[k] = o;
  return {
    objs: out,
    what: `${['action', 'priority', 'delete', 'node', 'labels', 'labels'][roll]} of ${o.metadata.name}`,
  };
}

describe('Analyzer with cluster policies: edits give exactly what a fresh analysis gives', () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}: 20 random edits, full and compact`, () => {
      let objs = generateCluster(seed, { endpoints: 30, policies: 8, adminPolicies: 5 });
      const r = new Rng(seed);
      const full = new Analyzer();
      const compact = new Analyzer();
      for (let step = 0; step < 20; step++) {
        const e = edit(objs, r);
        objs = e.objs;
        const model = parseObjects(objs).model;
        const fresh = fingerprint(analyze(model));
        expect(fingerprint(full.analyze(model)), `step ${step}: ${e.what}`).toEqual(fresh);
        expect(
          fingerprint(compact.analyze(model, { compactAbove: 0 })),
          `step ${step} (compact): ${e.what}`,
        ).toEqual(fresh);
      }
    });
  }
});
