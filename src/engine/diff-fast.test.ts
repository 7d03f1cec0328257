import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import type { Model } from '../model/types';
import { generateCluster, Rng, type Obj } from '../testing/generate';
import { withUdns } from '../testing/generate-udn';
import { Analyzer, analyze } from './analyze';
import { readerOfVerdicts } from './classes/compact';
import { formatConns } from './conn';
import { diffAnalyses, diffModels, type ConnectionChange } from './diff';
import type { DiffStats } from './diff-models';
import { TableRows, missingOf } from './diff-rows';

/**
 * The diff reads a side's direction rows lazily and skips the row pairs whose factors an edit
 * did not touch (same class mapping, results allowing the same: `rowMatcher`), comparing them only at
 * the endpoints whose classes moved. These tests pin that fast path against the paths that
 * build and compare every row: separate analyzers per side, every row pair compared whole
 * (`everyRow`) and, on the smaller clusters, the pair-list diff of two full analyses.
 */

type Json = Record<string, unknown>;
const meta = (o: Obj) => o.metadata as Json;
const spec = (o: Obj) => o.spec as Json;

/**
 * A random edit of the kinds a diff meets: policies, cluster policies, workloads, namespaces
 * (`policy`: whether it edited a policy only).
 */
function edit(objs: readonly Obj[], r: Rng): { objs: Obj[]; policy: boolean } {
  const out = [...objs];
  const pick = (kinds: readonly string[]): number => {
    const idx = out.flatMap((o, k) => (kinds.includes(o.kind as string) ? [k] : []));
    return r.pick(idx) as number;
  };
  const replace = (k: number, change: (o: Obj) => void) => {
    const o = structuredClone(out[k]) as Obj;
    change(o);
    out[k] = o;
  };
  const kind = r.int(8);
  switch (kind) {
    case 0: // a policy's selector
      replace(pick(['NetworkPolicy']), (p) => {
        spec(p).podSelector = { matchLabels: { app: r.pick(['web', 'api', 'db']), tier: 'back' } };
      });
      break;
    case 1: // a policy's rules: ingress from one namespace kind on one port
      replace(pick(['NetworkPolicy']), (p) => {
        spec(p).policyTypes = ['Ingress'];
        spec(p).ingress = [
          {
            from: [{ namespaceSelector: { matchLabels: { team: r.pick(['a', 'b', 'c']) } } }],
            ports: [{ protocol: 'TCP', port: r.pick([80, 443, 5432]) }],
          },
        ];
      });
      break;
    case 2: // a policy removed
      out.splice(pick(['NetworkPolicy', 'MultiNetworkPolicy']), 1);
      break;
    case 3: // a cluster policy removed
      out.splice(pick(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']), 1);
      break;
    case 4: // a namespace relabelled (its members' namespace kind moves)
      replace(pick(['Namespace']), (n) => {
        meta(n).labels = { team: r.pick(['a', 'b', 'c']), env: r.pick(['prod', 'dev']) };
      });
      break;
    case 5: // workloads relabelled (their label groups move)
      for (let k = 0; k < 3; k++)
        replace(pick(['Pod', 'VirtualMachineInstance']), (w) => {
          meta(w).labels = { ...(meta(w).labels as Json), app: r.pick(['web', 'api', 'db']), tier: 'back' };
        });
      break;
    case 6: // a workload removed
      out.splice(pick(['Pod', 'VirtualMachineInstance']), 1);
      break;
    default: // a workload added (a copy under a new name)
      replace(pick(['Pod']), (w) => {
        meta(w).name = `${meta(w).name as string}-copy${r.int(1000)}`;
        out.push(w);
      });
  }
  return { objs: out, policy: kind < 4 };
}

const rows = (cs: readonly ConnectionChange[]) =>
  cs.map((c) => `${c.change} ${c.network} ${c.fromId} -> ${c.toId}: ${formatConns(c.conns)}`);

describe('TableRows', () => {
  it('reads every cell alike one by one (value) and as a built row (row)', () => {
    let cells = 0;
    for (const seed of [31, 32]) {
      const objs = withUdns(generateCluster(seed, { endpoints: 60, policies: 16, adminPolicies: 3 }), seed);
      for (const { classes: v } of new Analyzer().classes(parseObjects(objs).model).classes) {
        v.prepareAll();
        const lazyReader = readerOfVerdicts(v, true);
        const lazy = new TableRows(lazyReader, v.members.length, missingOf(v, lazyReader));
        const builtReader = readerOfVerdicts(v, true);
        const built = new TableRows(builtReader, v.members.length, missingOf(v, builtReader));
        expect(lazy.count).toBe(built.count);
        for (let row = 0; row < lazy.count; row++) {
          const full = built.row(row);
          full.forEach((x, m) => {
            // numbered per reader: compare what the results allow
            const a = lazyReader.results[lazy.value(row, m)];
            const b = builtReader.results[x];
            expect(a?.isolated && a.allowed).toEqual(b?.isolated && b.allowed);
            cells++;
          });
        }
        expect(lazy.builds).toBe(0);
      }
    }
    expect(cells).toBeGreaterThan(3000);
  });
});

describe('the diff fast path (one analyzer, rows of untouched factors skipped)', () => {
  it('gives the pair-list diff on random edits', () => {
    let changes = 0;
    const stats: DiffStats = { rows: 0, built: 0 };
    for (const seed of [71, 72, 73]) {
      let objs = withUdns(generateCluster(seed, { endpoints: 50, policies: 16, adminPolicies: 3 }), seed);
      const r = new Rng(seed);
      const shared = new Analyzer();
      for (let step = 0; step < 7; step++) {
        const before: Model = parseObjects(objs).model;
        objs = edit(objs, r).objs;
        const after: Model = parseObjects(objs).model;
        const want = rows(diffAnalyses(analyze(before), analyze(after)));
        expect(rows(diffModels(before, after, { before: shared, after: shared }, stats))).toEqual(want);
        changes += want.length;
      }
    }
    expect(changes).toBeGreaterThan(100);
    expect(stats.built).toBeLessThan(stats.rows);
  });

  it('gives what comparing every row gives, on a larger cluster', () => {
    let changes = 0;
    /** of the diffs after policy edits: one analyzer, and one per side */
    const fast: DiffStats = { rows: 0, built: 0 };
    const slow: DiffStats = { rows: 0, built: 0 };
    let policyEdits = 0;
    for (const seed of [81, 82]) {
      let objs = generateCluster(seed, { endpoints: 300, policies: 60, adminPolicies: 4 });
      const r = new Rng(seed);
      const shared = new Analyzer();
      for (let step = 0; step < 7; step++) {
        const before: Model = parseObjects(objs).model;
        const edited = edit(objs, r);
        objs = edited.objs;
        const after: Model = parseObjects(objs).model;
        const each = { rows: 0, built: 0 };
        const want = rows(diffModels(before, after, {}, edited.policy ? slow : each, { everyRow: true }));
        expect(
          rows(diffModels(before, after, { before: shared, after: shared }, edited.policy ? fast : each)),
        ).toEqual(want);
        changes += want.length;
        if (edited.policy) policyEdits++;
      }
    }
    expect(changes).toBeGreaterThan(1000);
    expect(policyEdits).toBeGreaterThanOrEqual(3);
    // separate analyzers, every row compared whole: every row is built there; after a policy
    // edit, the fast path builds the rows of the factors holding that policy only
    expect(slow.built).toBeGreaterThan(slow.rows / 2);
    expect(fast.built).toBeLessThan(fast.rows / 5);
  });
});

/**
 * Edits that number kinds afresh or relabel namespaces (every class table rebuilt, no result
 * object shared: the row pairs are compared by cells of endpoints alike, `Cells`), as CI meets
 * them: (a) a namespace gains or changes a label, (b) a new policy names a label key or value no
 * selector named, (c) a workload in a new namespace, (d) workloads relabelled.
 */
const KINDS = ['ns-relabel', 'ns-label', 'new-key', 'new-value', 'new-namespace', 'relabel'] as const;
function kindEdit(objs: readonly Obj[], r: Rng, kind: (typeof KINDS)[number]): Obj[] {
  const out = [...objs];
  const pick = (kinds: readonly string[]): number =>
    r.pick(out.flatMap((o, k) => (kinds.includes(o.kind as string) ? [k] : []))) as number;
  const replace = (k: number, change: (o: Obj) => void) => {
    const o = structuredClone(out[k]) as Obj;
    change(o);
    out[k] = o;
  };
  const nsName = () => meta(out[pick(['Namespace'])] as Obj).name as string;
  const newPolicy = (ns: string, peer: Json): Obj => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `p-${r.int(1e6)}`, namespace: ns },
    spec: {
      podSelector: r.chance(0.5) ? {} : { matchLabels: { app: r.pick(['web', 'api', 'db']) } },
      policyTypes: [r.pick(['Ingress', 'Egress'])],
      ingress: [{ from: [peer], ...(r.chance(0.5) ? { ports: [{ port: r.pick([8080, 'http']) }] } : {}) }],
      egress: [{ to: [peer] }],
    },
  });
  switch (kind) {
    case 'ns-relabel': // (a) a namespace's labels change: its members' namespace kind moves
      replace(pick(['Namespace']), (n) => {
        meta(n).labels = { team: r.pick(['a', 'b', 'c']), env: r.pick(['prod', 'dev']) };
      });
      break;
    case 'ns-label': // (a) a namespace gains a label no selector names
      replace(pick(['Namespace']), (n) => {
        meta(n).labels = { ...(meta(n).labels as Json), region: r.pick(['eu', 'us']) };
      });
      break;
    case 'new-key': // (b) a policy naming keys no selector named
      out.push(
        newPolicy(nsName(), {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': nsName() } },
          podSelector: r.chance(0.5)
            ? { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }
            : { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'DoesNotExist' }] },
        }),
      );
      break;
    case 'new-value': // (b) a policy naming values no selector named
      out.push(
        newPolicy(nsName(), {
          namespaceSelector: { matchLabels: { team: r.pick(['d', 'a']) } },
          podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['prometheus', 'web'] }] },
        }),
      );
      break;
    case 'new-namespace': // (c) a workload in a new namespace
      out.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'fresh', labels: { team: r.pick(['a', 'b', 'z']), env: 'dev' } },
      });
      replace(pick(['Pod']), (w) => {
        meta(w).name = 'newcomer';
        meta(w).namespace = 'fresh';
        delete meta(w).annotations;
        (w.status as Json).podIP = '10.99.0.1';
        out.push(w);
      });
      break;
    case 'relabel': // (d) workloads relabelled, to values selectors name and to ones none does
      for (let k = 0; k < 1 + r.int(3); k++)
        replace(pick(['Pod', 'VirtualMachineInstance']), (w) => {
          meta(w).labels = {
            ...(meta(w).labels as Json),
            app: r.pick(['web', 'api', 'db', 'prometheus']),
            ...(r.chance(0.5) ? { release: 'canary' } : {}),
          };
        });
  }
  return out;
}

describe('the diff where kinds are numbered afresh (rows compared by cells)', () => {
  it('gives the pair-list diff on each edit kind', () => {
    let changes = 0;
    const stats: DiffStats = { rows: 0, built: 0 };
    for (const seed of [91, 92]) {
      const base = withUdns(generateCluster(seed, { endpoints: 50, policies: 16, adminPolicies: 3 }), seed);
      const r = new Rng(seed);
      const shared = new Analyzer();
      for (const kind of KINDS) {
        const before: Model = parseObjects(base).model;
        const after: Model = parseObjects(kindEdit(base, r, kind)).model;
        const want = rows(diffAnalyses(analyze(before), analyze(after)));
        expect(rows(diffModels(before, after, { before: shared, after: shared }, stats)), kind).toEqual(want);
        changes += want.length;
      }
    }
    expect(changes).toBeGreaterThan(200);
    expect(stats.cells).toBeGreaterThan(20);
  });

  it('gives what comparing every row gives, and builds few rows, on a larger cluster', () => {
    const changed = new Set<string>();
    const fast: DiffStats = { rows: 0, built: 0 };
    const slow: DiffStats = { rows: 0, built: 0 };
    for (const seed of [93, 95]) {
      const base = generateCluster(seed, { endpoints: 400, policies: 80, adminPolicies: 4, namespaces: 16 });
      const r = new Rng(seed);
      const shared = new Analyzer();
      for (const kind of KINDS) {
        const before: Model = parseObjects(base).model;
        const after: Model = parseObjects(kindEdit(base, r, kind)).model;
        const want = rows(
          diffModels(before, after, { before: shared, after: shared }, slow, { everyRow: true }),
        );
        expect(rows(diffModels(before, after, { before: shared, after: shared }, fast)), kind).toEqual(want);
        if (want.length) changed.add(kind);
      }
    }
    // every kind but the label no selector names changed some connection in some run
    expect([...changed].sort()).toEqual(KINDS.filter((k) => k !== 'ns-label').sort());
    expect(slow.cells).toBe(0);
    // (cells read: 217 when label groups were numbered in model order, 176 since they are
    // numbered namespace by namespace, with fewer rows built too: 1,473 -> 1,269 of 6,259)
    expect(fast.cells).toBeGreaterThan(150);
    expect(fast.built).toBeLessThan(slow.built / 2);
  });
});
