import { describe, expect, it } from 'vitest';
import { parseManifests, parseObjects } from '../../io/k8s-to-model';
import { teamScene } from '../../testing/manifests';
import { generateCluster, Rng, type Obj } from '../../testing/generate';
import { Analyzer } from '../analyze';
import { lint, Linter } from './lint';

// Issue 21: a Linter kept across edits re-checks only the policies a workload or namespace edit
// can reach; its findings must be exactly those of a fresh lint(), in the same order.

type Meta = { name: string; namespace?: string; labels?: Record<string, string> };
type Spec = { podSelector?: unknown; ingress?: unknown[]; egress?: unknown[] };
const APPS = ['web', 'api', 'db', 'cache', 'worker'];
const isPolicy = (o: Obj) => o.kind === 'NetworkPolicy' || o.kind === 'MultiNetworkPolicy';
const isWorkload = (o: Obj) => o.kind === 'Pod' || o.kind === 'VirtualMachineInstance';

/** One random edit on a copy of the objects (the changed object is a copy too). */
function edit(objs: readonly Obj[], r: Rng): { objs: Obj[]; what: string } {
  const out = [...objs];
  const pick = (pred: (o: Obj) => boolean): number => {
    const idx = out.map((o, k) => (pred(o) ? k : -1)).filter((k) => k >= 0);
    return idx.length ? r.pick(idx) : -1;
  };
  const copy = <T>(k: number) => structuredClone(out[k]) as T;
  const roll = r.int(13);
  if (roll <= 2) {
    // a workload's labels: one added, one removed, or relabelled
    const k = pick(isWorkload);
    const w = copy<{ metadata: Meta }>(k);
    const labels = { ...(w.metadata.labels ?? {}) };
    if (roll === 0) {
      const key = r.pick(['version', 'fresh', 'tier']);
      labels[key] = key === 'fresh' ? r.pick(['v1', 'V1', 'v2']) : r.pick(['v1', 'v2', 'front', 'Web']);
    } else if (roll === 1) delete labels[r.pick(Object.keys(labels).length ? Object.keys(labels) : ['app'])];
    else labels.app = r.pick(APPS);
    w.metadata.labels = labels;
    out[k] = w as unknown as Obj;
    return { objs: out, what: `labels of ${w.metadata.name}: ${JSON.stringify(labels)}` };
  }
  if (roll === 3) {
    const k = pick((o) => o.kind === 'Namespace');
    const n = copy<{ metadata: Meta }>(k);
    n.metadata.labels = {
      ...(n.metadata.labels ?? {}),
      [r.pick(['team', 'env'])]: r.pick(['a', 'b', 'prod']),
    };
    out[k] = n as unknown as Obj;
    return { objs: out, what: `labels of namespace ${n.metadata.name}` };
  }
  if (roll === 4) {
    const k = pick(isPolicy);
    const p = copy<{ spec: Spec; metadata: Meta }>(k);
    const choice = r.int(3);
    if (choice === 0) p.spec.podSelector = r.chance(0.3) ? {} : { matchLabels: { app: r.pick(APPS) } };
    else if (choice === 1)
      p.spec.ingress = [
        {
          from: [
            { podSelector: { matchLabels: { app: r.pick(APPS), fresh: 'v1' } } },
            { ipBlock: { cidr: `10.0.0.${r.int(8) * 32}/27` } },
          ],
          ports: [{ port: r.chance(0.5) ? 'http' : 'metrics' }],
        },
      ];
    else
      p.spec.egress = [
        {
          to: [
            // matches only workloads labelled by an edit (roll 0), in other namespaces too
            {
              namespaceSelector: { matchLabels: { team: r.pick(['a', 'b']) } },
              podSelector: { matchLabels: { fresh: 'v1' } },
            },
            { podSelector: { matchLabels: { app: r.pick(APPS) } } },
          ],
          // a port name only some edits give a workload (roll 10)
          ports: [{ port: r.pick(['dns', 'admin']), protocol: r.pick(['UDP', 'TCP']) }],
        },
      ];
    out[k] = p as unknown as Obj;
    return { objs: out, what: `policy ${p.metadata.name} edited (${choice})` };
  }
  if (roll === 5) {
    const k = pick(isPolicy);
    const p = copy<{ spec: Spec; metadata: Meta }>(k);
    p.metadata.name = `${p.metadata.name}-copy${r.int(1000)}`;
    p.spec.podSelector = { matchLabels: { app: r.pick(APPS) } };
    out.push(p as unknown as Obj);
    return { objs: out, what: `policy ${p.metadata.name} added` };
  }
  if (roll === 6) {
    const k = pick(isPolicy);
    const [p] = out.splice(k, 1) as [{ metadata: Meta }];
    return { objs: out, what: `policy ${p.metadata.name} removed` };
  }
  if (roll === 7) {
    const k = pick(isWorkload);
    const [w] = out.splice(k, 1) as [{ metadata: Meta }];
    return { objs: out, what: `workload ${w.metadata.name} removed` };
  }
  if (roll === 8) {
    // a workload added (a copy under a new name, in another namespace, at a new address)
    const k = pick((o) => o.kind === 'Pod');
    const w = copy<{ metadata: Meta; status: { podIP: string } }>(k);
    w.metadata.name = `${w.metadata.name}-new${r.int(1000)}`;
    w.metadata.namespace = r.pick(['ns0', 'ns1', 'ns2']);
    w.status.podIP = `10.${r.int(4)}.9.${r.int(250)}`;
    out.splice(r.int(out.length), 0, w as unknown as Obj);
    return { objs: out, what: `workload ${w.metadata.name} added` };
  }
  if (roll === 9) {
    const k = pick((o) => o.kind === 'Pod');
    const w = copy<{ metadata: Meta; status: { podIP: string } }>(k);
    w.status.podIP = `10.${r.int(4)}.${r.int(4)}.${r.int(250)}`;
    out[k] = w as unknown as Obj;
    return { objs: out, what: `address of ${w.metadata.name}: ${w.status.podIP}` };
  }
  if (roll === 10) {
    const k = pick((o) => o.kind === 'Pod');
    const w = copy<{ metadata: Meta; spec: { containers: { ports?: unknown[] }[] } }>(k);
    const c = w.spec.containers[0];
    if (c) c.ports = r.chance(0.3) ? [] : [{ name: r.pick(['http', 'admin']), containerPort: 8080 }];
    out[k] = w as unknown as Obj;
    return { objs: out, what: `ports of ${w.metadata.name}` };
  }
  if (roll === 11) {
    // a cluster policy's subject
    const k = pick((o) => o.kind === 'AdminNetworkPolicy');
    if (k < 0) return { objs: out, what: 'nothing' };
    const p = copy<{ metadata: Meta; spec: { subject: unknown } }>(k);
    p.spec.subject = { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: r.pick(APPS) } } } };
    out[k] = p as unknown as Obj;
    return { objs: out, what: `subject of ${p.metadata.name}` };
  }
  // the same objects again (a fresh parse: equal data, new objects)
  return { objs: out, what: 'unchanged' };
}

describe('Linter across edits', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: 60 random edits, findings equal a fresh lint() after every step (same order)`, () => {
      let objs = generateCluster(seed, { endpoints: 150, policies: 40, adminPolicies: 4, namespaces: 6 });
      const r = new Rng(seed * 7919);
      const analyzer = new Analyzer();
      const linter = new Linter();
      for (let step = 0; step < 60; step++) {
        const model = parseObjects(objs).model;
        const { compiled } = analyzer.analyze(model);
        const got = linter.lint(model, compiled, analyzer.world);
        expect(got, `step ${step}`).toEqual(lint(model));
        const e = edit(objs, r);
        objs = e.objs;
      }
    });
  }

  it('a workload relabelled: only the policies whose selectors or namespace can see it are re-checked', () => {
    const objs = generateCluster(9, { endpoints: 600, policies: 120, adminPolicies: 4, namespaces: 24 });
    const analyzer = new Analyzer();
    const linter = new Linter();
    const run = (os: Obj[]) => {
      const model = parseObjects(os).model;
      const found = linter.lint(model, analyzer.analyze(model).compiled, analyzer.world);
      expect(found).toEqual(lint(model));
      return linter.checked;
    };
    expect(run(objs)).toBe(120);
    const k = objs.findIndex((o) => o.kind === 'Pod' && (o.metadata as Meta).namespace === 'ns5');
    const w = structuredClone(objs[k]) as { metadata: Meta };
    w.metadata.labels = { ...w.metadata.labels, release: 'canary' };
    const edited = [...objs];
    edited[k] = w as unknown as Obj;
    const checked = run(edited);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThan(40);
    // the same objects again, parsed anew: nothing to re-check
    expect(run(edited)).toBe(0);
  });

  it('edits in another namespace: a named port put in use, a peer left matching nothing, its near miss', () => {
    const ns = (name: string, team: string): Obj => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { team } },
    });
    const pod = (namespace: string, name: string, app: string, ip: string, port?: string): Obj => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: { app } },
      spec: {
        containers: [
          { name: 'c', image: 'x', ...(port ? { ports: [{ name: port, containerPort: 9 }] } : {}) },
        ],
      },
      status: { podIP: ip },
    });
    const policy: Obj = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'to-db', namespace: 'b' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { team: 'x' } },
                podSelector: { matchLabels: { app: 'db' } },
              },
            ],
            ports: [{ port: 'admin' }],
          },
        ],
      },
    };
    const base = [ns('a', 'x'), ns('b', 'y'), pod('b', 'client', 'client', '10.0.0.1'), policy];
    const steps: { objs: Obj[]; codes: string[] }[] = [
      {
        objs: [...base, pod('a', 'db1', 'db', '10.0.0.2'), pod('a', 'web1', 'web', '10.0.0.3')],
        codes: ['named-port-unresolved'],
      },
      {
        objs: [...base, pod('a', 'db1', 'db', '10.0.0.2'), pod('a', 'web1', 'web', '10.0.0.3', 'admin')],
        codes: [],
      },
      {
        objs: [...base, pod('a', 'db1', 'Db', '10.0.0.2'), pod('a', 'web1', 'web', '10.0.0.3', 'admin')],
        codes: ['selector-matches-nothing'],
      },
      { objs: [...base, pod('a', 'web1', 'web', '10.0.0.3', 'admin')], codes: ['selector-matches-nothing'] },
    ];
    const analyzer = new Analyzer();
    const linter = new Linter();
    const messages: string[] = [];
    for (const { objs, codes } of steps) {
      const model = parseObjects(objs).model;
      const found = linter.lint(model, analyzer.analyze(model).compiled, analyzer.world);
      expect(found).toEqual(lint(model));
      const mine = found.filter((d) => d.object?.name === 'to-db' && d.code !== 'egress-without-dns');
      expect(mine.map((d) => d.code)).toEqual(codes);
      messages.push(...mine.map((d) => d.message));
    }
    // the near miss follows the workloads of namespace a
    expect(messages).toEqual([
      'no workload has a TCP port named "admin", so this entry allows nothing',
      'podSelector matches no workload in the namespaces it selects (a); label values are case-sensitive: did you mean app: Db?',
      'podSelector matches no workload in the namespaces it selects (a); objects with the key app have the values: web',
    ]);
  });

  it('a cluster policy edited under the same name: its DNS verdict is evaluated anew', () => {
    const scene = teamScene(['a/web@10.0.0.1', 'b/api@10.0.1.1'], '{containers: [{name: c}]}');
    const anp = (protocol: string, port: number) =>
      `${scene}---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: cut}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {team: a}}}\n  egress:\n  - {action: Deny, to: [{namespaces: {}}], ports: [{portNumber: {protocol: ${protocol}, port: ${port}}}]}\n`;
    const analyzer = new Analyzer();
    const linter = new Linter();
    const dns = (text: string) => {
      const model = parseManifests([{ text, file: 'x.yaml' }]).model;
      const found = linter.lint(model, analyzer.analyze(model).compiled, analyzer.world);
      expect(found).toEqual(lint(model));
      return found.filter((d) => d.code === 'admin-deny-dns').map((d) => d.message);
    };
    expect(dns(anp('TCP', 80))).toEqual([]);
    expect(dns(anp('UDP', 53))).toEqual([
      'this Deny cuts cluster DNS (UDP 53 to kube-system/kube-dns) for a/web',
    ]);
    expect(dns(anp('TCP', 53))).toEqual([]);
  });
});
