import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './run';

const disk: CliIo = { readFile: (p) => readFileSync(p, 'utf8') };
const blog = (args: string[]) =>
  runCli([args[0] as string, ...args.slice(1), 'src/scenarios/kubevirt-blog.yaml'], disk);
const pod = (ns: string, name: string, labels = '{}') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\n`;
const rows = (out: string) => out.trim().split('\n').slice(1);

/** A fake tree: dir/ (a.yaml, notes.txt, sub/ (b.yml, c.json)). */
const tree: Record<string, string | string[]> = {
  dir: ['a.yaml', 'notes.txt', 'sub'],
  'dir/a.yaml': pod('default', 'a'),
  'dir/notes.txt': 'not: [yaml',
  'dir/sub': ['b.yml', 'c.json'],
  'dir/sub/b.yml': pod('default', 'b'),
  'dir/sub/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }),
};
const treeIo: CliIo = {
  readFile: (p) => {
    const t = tree[p];
    if (typeof t !== 'string') throw new Error('ENOENT');
    return t;
  },
  kind: (p) => (Array.isArray(tree[p]) ? 'dir' : 'file'),
  readDir: (p) => tree[p] as string[],
  readStdin: () =>
    `apiVersion: v1\nkind: List\nitems:\n- ${pod('default', 'x').replace(/\n(?=.)/g, '\n  ')}- ${pod('default', 'y').replace(/\n(?=.)/g, '\n  ')}- {apiVersion: v1, kind: Service, metadata: {name: s}}\n`,
};

describe('input: stdin, directories, kind: List, kinds report', () => {
  it('- reads standard input; a kind: List works; ignored kinds are reported', () => {
    const out = runCli(['analyze', '-'], treeIo);
    expect(out.code).toBe(0);
    expect(rows(out.stdout).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'default/x default/y',
      'default/y default/x',
    ]);
    expect(out.stderr).toContain('read 1 input: Pod 2; ignored (no effect on reachability): Service 1');
  });
  it('a directory is read recursively (yaml, yml, json; other files left alone)', () => {
    const out = runCli(['analyze', 'dir', '--format', 'json'], treeIo);
    expect(out.code).toBe(0);
    const j = JSON.parse(out.stdout) as { inputs: unknown; connections: { from: string; to: string }[] };
    expect(j.inputs).toEqual({ files: 3, kinds: { Pod: 2 }, ignored: { ConfigMap: 1 } });
    expect(j.connections.map((c) => `${c.from}>${c.to}`)).toEqual([
      'default/a>default/b',
      'default/b>default/a',
    ]);
  });
  it('a directory without manifests is a warning; without stdin support - is unreadable', () => {
    const empty = runCli(['analyze', 'e'], { ...treeIo, kind: () => 'dir', readDir: () => [] });
    expect(empty.stderr).toContain('warning directory-empty: no .yaml, .yml or .json file under e');
    expect(runCli(['analyze', '-'], { readFile: () => '' }).code).toBe(2);
  });
});

describe('focus flags', () => {
  it('--workload: pairs from or to it; --direction narrows to one side', () => {
    const both = rows(blog(['analyze', '--workload', 'vm4', '--pairs']).stdout);
    expect(both).toHaveLength(10);
    const ingress = rows(blog(['analyze', '--workload', 'default/vm4', '--direction', 'ingress']).stdout);
    expect(ingress.map((l) => l.split(/\s+/)[0])).toEqual([
      'default/vm1',
      'default/vm2',
      'default/vm3',
      'default/vm5',
      'default/vm6',
    ]);
    expect(ingress.every((l) => l.split(/\s+/)[1] === 'default/vm4')).toBe(true);
  });
  it('--denied / --allowed with --protocol and --port', () => {
    const denied = rows(blog(['analyze', '--denied', '--protocol', 'ICMP']).stdout);
    expect(denied).toHaveLength(15);
    expect(denied.every((l) => /^default\/vm[456]\s/.test(l))).toBe(true);
    const allowed = rows(blog(['analyze', '--allowed', '--protocol', 'tcp', '--port', '22']).stdout);
    expect(allowed).toHaveLength(15);
    expect(allowed.every((l) => /\sTCP 22\s/.test(l))).toBe(true);
  });
  it('--namespace and --network select nothing when nothing matches', () => {
    expect(blog(['analyze', '--namespace', 'other']).stdout).toBe('no pair matches the focus\n');
    expect(rows(blog(['analyze', '--network', 'default/flatl2net']).stdout)).toHaveLength(30);
    expect(blog(['analyze', '--network', 'default']).stdout).toBe('no pair matches the focus\n');
  });
  it('usage errors: --direction without a workload, --port with ICMP, a bad port', () => {
    expect(blog(['analyze', '--direction', 'ingress']).stderr).toContain(
      '--direction needs --workload or --namespace',
    );
    expect(blog(['analyze', '--protocol', 'ICMP', '--port', '1']).code).toBe(2);
    expect(blog(['analyze', '--port', '70000']).stderr).toContain('--port must be 1-65535');
  });
});

describe('probe FROM TO', () => {
  it('allowed: exit 0 with the explanation', () => {
    const out = runCli(
      [
        'probe',
        'vm1',
        'default/vm2',
        'src/scenarios/kubevirt-blog.yaml',
        '--protocol',
        'TCP',
        '--port',
        '22',
      ],
      disk,
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'ingress of default/vm2: isolated by MultiNetworkPolicy default/ingress-ipblock;',
    );
    expect(out.stdout.trim().split('\n').pop()).toBe('verdict: allowed (TCP 22 on default/flatl2net)');
  });
  it('denied: exit 1; unknown pair: exit 2', () => {
    const out = runCli(
      [
        'probe',
        'vm4',
        'vm1',
        'src/scenarios/kubevirt-blog.yaml',
        '--network',
        'default/flatl2net',
        '--protocol',
        'ICMP',
        '--format',
        'json',
      ],
      disk,
    );
    expect(out.code).toBe(1);
    const j = JSON.parse(out.stdout) as { answers: { allowed: boolean; why: string[] }[] };
    expect(j.answers).toHaveLength(1);
    expect(j.answers[0]?.allowed).toBe(false);
    expect(j.answers[0]?.why).toContain(
      'ingress of default/vm1: isolated by MultiNetworkPolicy default/ingress-ipblock; no rule matches → all denied',
    );
    const none = runCli(['probe', 'vm4', 'nope', 'src/scenarios/kubevirt-blog.yaml'], disk);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no pair vm4 → nope');
  });
});

describe('grouped output', () => {
  // 3 namespaces x 40 pods in 3 roles, a policy per namespace: 14,280 pairs
  const docs: string[] = [];
  for (const ns of ['a', 'b', 'c']) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`);
    for (let k = 0; k < 40; k++) docs.push(pod(ns, `p${k}`, `{role: r${k % 3}}`));
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {role: r0}}\n  ingress: [{from: [{podSelector: {matchLabels: {role: r1}}}], ports: [{port: 5432}]}]\n`,
    );
  }
  const io: CliIo = { readFile: () => docs.join('---\n') };
  it('rows grow with classes, not pairs; the pair counts add up', () => {
    const out = runCli(['analyze', 'x.yaml', '--format', 'json', '--grouped'], io);
    const j = JSON.parse(out.stdout) as {
      groups: { sources: string[]; destinations: string[]; pairs: number; allowed: unknown }[];
    };
    expect(j.groups.reduce((s, g) => s + g.pairs, 0)).toBe(120 * 119);
    // roles r0 and r2 of every namespace are one source group (81 pods), each namespace's r1 one
    // more; each reaches the r0 pods it may on 5432, everyone else fully, the other r0 pods not
    expect(j.groups).toHaveLength(11);
    expect(j.groups[0]).toMatchObject({ pairs: 3360, allowed: { TCP: [], UDP: [], SCTP: [], ICMP: false } });
    expect(j.groups[0]?.sources).toHaveLength(81);
    const toDb = j.groups.filter((g) => g.destinations.includes('a/p0'));
    expect(toDb.map((g) => g.allowed)).toContainEqual({
      TCP: [[5432, 5432]],
      UDP: [],
      SCTP: [],
      ICMP: false,
    });
    expect(toDb.find((g) => g.sources.includes('a/p1'))?.sources).toEqual(
      expect.arrayContaining(['a/p1', 'a/p4']) as unknown,
    );
  });
  it('table groups automatically above 2,000 pairs and says how to list every pair', () => {
    const out = runCli(['analyze', 'x.yaml'], io);
    expect(out.stdout.split('\n')[0]).toMatch(/^14280 pairs in \d+ groups .*--pairs lists every pair/);
    expect(out.stdout.split('\n').length).toBeLessThan(20);
    expect(rows(runCli(['analyze', 'x.yaml', '--pairs'], io).stdout)).toHaveLength(14280);
  });
  it('focus applies to groups: one workload, ingress only', () => {
    const j = JSON.parse(
      runCli(
        [
          'analyze',
          'x.yaml',
          '--format',
          'json',
          '--grouped',
          '--workload',
          'a/p0',
          '--direction',
          'ingress',
        ],
        io,
      ).stdout,
    ) as { groups: { destinations: string[]; pairs: number }[] };
    expect(j.groups.every((g) => g.destinations.join() === 'a/p0')).toBe(true);
    expect(j.groups.reduce((s, g) => s + g.pairs, 0)).toBe(119);
  });
});
