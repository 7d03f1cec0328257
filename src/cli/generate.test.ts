import { describe, expect, it } from 'vitest';
import { parseManifests } from '../io/k8s-to-model';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expectToContain, memoryIo } from '../testing/cli-io';
import { docs, nad, namespace, pod } from '../testing/manifests';
import { runCli } from './run';

const SHOP = docs(
  namespace('shop'),
  pod('shop', 'web', { labels: 'app: web', ip: '10.1.0.1' }),
  pod('shop', 'api', { labels: 'app: api', ip: '10.1.0.2' }),
  pod('data', 'db', { labels: 'app: db', ip: '10.1.0.3' }),
  pod('kube-system', 'coredns', { labels: 'k8s-app: kube-dns', ip: '10.1.0.10' }),
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: shop}\nspec: {podSelector: {}, ingress: [{}]}\n',
);
/** A lab layer2 network (OVN-K) with its subnet. */
const labNet = (name: string, subnet: string) =>
  nad(
    'lab',
    name,
    `{"cniVersion": "0.4.0", "name": "${name}", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "subnets": "${subnet}", "netAttachDefName": "lab/${name}"}`,
  );
const TWO = `${docs(
  labNet('blue', '10.9.0.0/24'),
  labNet('red', '10.8.0.0/24'),
  pod('lab', 'a', { labels: 'app: x', networks: 'blue,red' }),
  pod('lab', 'b', { labels: 'app: x', networks: 'blue,red' }),
  pod('lab', 'c', { labels: 'app: y', networks: 'blue' }),
)}---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: both, namespace: lab, annotations: {k8s.v1.cni.cncf.io/policy-for: 'blue, red'}}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const files: Record<string, string> = {
  'hn.yaml': `apiVersion: v1
kind: Pod
metadata: {name: agent, labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: c, image: x}]}
status: {podIP: 192.168.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
status: {podIP: 10.1.0.1}
`,
  'hn.intent.yaml': `allow:\n  - {from: default/agent, to: default/web, protocol: TCP, port: 9100}\n`,
  'noip.yaml': `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat}
spec:
  config: '{"cniVersion": "0.4.0", "name": "flat", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "netAttachDefName": "default/flat"}'
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: a}, annotations: {k8s.v1.cni.cncf.io/networks: '[{"name": "flat", "ips": ["10.7.0.1/24"]}]'}}
---
apiVersion: v1
kind: Pod
metadata: {name: guest, labels: {app: guest}, annotations: {k8s.v1.cni.cncf.io/networks: 'flat'}}
`,
  'noip.intent.yaml': `networks: [default/flat]
allow:
  - {from: default/a, to: default/guest, network: default/flat, protocol: TCP, port: 22}
  - {from: default/guest, to: default/a, network: default/flat, protocol: TCP, port: 80}
`,
  'shop.yaml': SHOP,
  'two.yaml': TWO,
  'shop.intent.yaml': `allow:
  - {from: shop/web, to: shop/api, protocol: TCP, port: 8080}
  - {from: shop/api, to: data/db, protocol: TCP, port: 5432}
  - {from: bank, to: shop/web, protocol: TCP, port: 443}
`,
  'two.intent.yaml': `networks: [lab/blue]
allow:
  - {from: lab/c, to: lab/a, network: lab/blue, protocol: TCP, port: 80}
  - {from: lab/c, to: lab/b, network: lab/blue, protocol: ICMP}
`,
  'twins.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: x}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: x}}\n`,
  'twins.intent.yaml': `allow:\n  - {from: bank, to: default/a, protocol: TCP, port: 443}\n`,
  'bad.intent.yaml': `allow:\n  - {from: shop/web, to: shop/apii, protocol: TCP, port: 8080}\n  - {from: web, to: shop/api, protocol: TCP}\n  - {from: shop/web, to: shop/api, network: lab/blue, protocol: TCP}\n`,
};
const io = memoryIo(files);
const run = (...argv: string[]) => runCli(['generate', ...argv], io);

describe('cli generate', () => {
  it('pod network: selectors naming workloads, namespace peers, ipBlock for externals, DNS kept and said so', () => {
    const out = run('shop.yaml', '--intent', 'shop.intent.yaml', '--external', 'bank=203.0.113.5@default');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('exact: 20 pairs checked with the engine allow exactly the intent');
    expect(out.stderr).toContain('info intent-dns-kept: DNS egress to kube-dns');
    expect(out.stdout).toContain('#   kubectl delete networkpolicy -n shop old');
    const policies = parseManifests([{ text: out.stdout }]).model.policies;
    expect(policies.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'data/default-deny-ingress',
      'data/default-deny-egress',
      'data/allow-dns',
      'data/allow-ingress-to-db',
      'kube-system/default-deny-ingress',
      'kube-system/default-deny-egress',
      'kube-system/allow-dns',
      'kube-system/allow-ingress-to-kube-dns',
      'shop/default-deny-ingress',
      'shop/default-deny-egress',
      'shop/allow-dns',
      'shop/allow-ingress-to-web',
      'shop/allow-ingress-to-api',
      'shop/allow-egress-from-web',
      'shop/allow-egress-from-api',
    ]);
    const byName = (ns: string, n: string) => policies.find((p) => p.namespace === ns && p.name === n);
    expect(byName('data', 'allow-ingress-to-db')?.ingress).toEqual([
      {
        peers: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
            podSelector: { matchLabels: { app: 'api' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
    expect(byName('shop', 'allow-ingress-to-web')?.ingress).toEqual([
      { peers: [{ ipBlock: { cidr: '203.0.113.5/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(byName('kube-system', 'allow-ingress-to-kube-dns')?.ingress).toEqual([
      {
        peers: [{ namespaceSelector: {} }],
        ports: [
          { protocol: 'TCP', port: 53 },
          { protocol: 'UDP', port: 53 },
        ],
      },
    ]);
  });

  it('--no-dns drops DNS; --format json prints a kubectl List of the same policies', () => {
    const out = run(
      'shop.yaml',
      '--intent',
      'shop.intent.yaml',
      '--no-dns',
      '--format',
      'json',
      '--external',
      'bank=203.0.113.5@default',
    );
    expect(out.code).toBe(0);
    const list = JSON.parse(out.stdout) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.metadata.name)).not.toContain('allow-dns');
    expect(list.items.map((i) => i.metadata.name)).not.toContain('allow-ingress-to-kube-dns');
    expect(list.items).toHaveLength(11);
    expect(out.stderr).not.toContain('intent-dns-kept');
  });

  it('ICMP alone is inexact: exit 1, the line, why, and what is allowed instead; a policy spanning an uncovered network is narrowed', () => {
    const out = run('two.yaml', '--intent', 'two.intent.yaml');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('# NOT exact');
    expect(out.stderr).toContain(
      [
        'two.intent.yaml:4: inexact intent-inexact: lab/c -> lab/b on lab/blue ICMP',
        '    ICMP cannot be named in a policy: only a rule without ports admits it, and such a rule admits every protocol and port',
        '    allowed instead: lab/c -> lab/b on lab/blue: all (intended: ICMP)',
      ].join('\n'),
    );
    expect(out.stderr).not.toContain('two.intent.yaml:3:');
    expect(out.stderr).toContain(
      'warning intent-policy-narrowed: MultiNetworkPolicy lab/both also applies on lab/red',
    );
    const both = parseManifests([{ text: out.stdout }]).model.policies.find((p) => p.name === 'both');
    expect(both?.policyFor).toBe('lab/red');
  });

  it('endpoints no selector tells apart: the over-allowance is reported on the line that causes it', () => {
    const out = run(
      'twins.yaml',
      '--intent',
      'twins.intent.yaml',
      '--external',
      'bank=198.51.100.7@default',
      '--no-dns',
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('twins.intent.yaml:2: inexact intent-inexact: bank -> default/a TCP 443');
    expect(out.stderr).toContain('default/b and default/a carry the same labels in one namespace');
    expect(out.stderr).toContain('allowed instead: bank -> default/b on default: TCP 443 (intended: none)');
  });

  it('a guest without an address on a network without subnets cannot be named: denied, never `from: []`, and said so', () => {
    const out = run('noip.yaml', '--intent', 'noip.intent.yaml');
    expect(out.code).toBe(1);
    expect(out.stderr).not.toContain('mispredicted');
    expect(out.stderr).toContain(
      [
        'noip.intent.yaml:4: inexact intent-inexact: default/guest -> default/a on default/flat TCP 80',
        '    default/guest has no address on default/flat, where selector peers do not work: no rule can name it, so the connection stays denied (give it a static IP)',
        '    allowed instead: default/guest -> default/a on default/flat: none (intended: TCP 80)',
      ].join('\n'),
    );
    const policies = parseManifests([{ text: out.stdout }]).model.policies;
    for (const p of policies)
      for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])]) expect(r.peers).not.toEqual([]);
    expect(policies.find((p) => p.name === 'flat-allow-egress-from-all')?.egress).toEqual([
      { peers: [{ ipBlock: { cidr: '10.7.0.1/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  it('unknown workloads, names without namespace and networks a pair does not share: exit 2 with line and field', () => {
    const out = run('shop.yaml', 'two.yaml', '--intent', 'bad.intent.yaml');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expectToContain(out.stderr, [
      'bad.intent.yaml:2:26: error intent-unresolved: Intent bad.intent.yaml allow[0].to: no workload or external host "shop/apii" in the manifests',
      'bad.intent.yaml:3:12: error intent-unresolved: Intent bad.intent.yaml allow[1].from: no workload or external host "web" in the manifests',
      'allow[2].network: shop/web and shop/api do not share lab/blue',
      'nothing generated',
    ]);
  });

  it('usage and unreadable input exit 2', () => {
    expect(run('shop.yaml').stderr).toContain('generate needs --intent INTENT.yaml');
    expect(run('--intent', 'shop.intent.yaml').code).toBe(2);
    expect(run('shop.yaml', '--intent', 'shop.intent.yaml', '--format', 'table').stderr).toContain(
      '--format must be json or yaml for generate',
    );
    const missing = run('nope.yaml', '--intent', 'shop.intent.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.yaml');
    expect(run('shop.yaml', '--intent', 'shop.yaml').code).toBe(2);
  });

  it('refuses a backend profile or OVN-K option it would not apply (exit 2), not silently', () => {
    const icmp = run('shop.yaml', '--intent', 'shop.intent.yaml', '--allow-icmp');
    expect(icmp.code).toBe(2);
    expect(icmp.stdout).toBe('');
    expect(icmp.stderr).toContain(
      'generate works with the API semantics only: --allow-icmp is not supported for generate',
    );
    const ovnk = run('shop.yaml', '--intent', 'shop.intent.yaml', '--backend', 'ovn-kubernetes');
    expect(ovnk.code).toBe(2);
    expect(ovnk.stderr).toContain('--backend ovn-kubernetes is not supported for generate');
    const api = [
      '--intent',
      'shop.intent.yaml',
      '--external',
      'bank=203.0.113.5@default',
      '--backend',
      'api',
    ];
    expect(run('shop.yaml', ...api).code).toBe(0);
  });

  it('a hostNetwork pod is never selected: named by its address, its own side said to be unrestricted', () => {
    const out = run('hn.yaml', '--intent', 'hn.intent.yaml', '--no-dns');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(
      'warning intent-host-network: default/agent uses the host network: no policy applies to it, so its own traffic is not restricted (R4.7)',
    );
    const policies = parseManifests([{ text: out.stdout }]).model.policies;
    expect(policies.find((p) => p.name === 'allow-ingress-to-web')?.ingress).toEqual([
      { peers: [{ ipBlock: { cidr: '192.168.1.10/32' } }], ports: [{ protocol: 'TCP', port: 9100 }] },
    ]);
    expect(policies.map((p) => p.name)).not.toContain('allow-egress-from-agent');
  });

  it('a Kube-OVN attachment network: no MultiNetworkPolicy is written (not enforced there); Subnet ACLs decide and are named', () => {
    const disk = { readFile: (p: string) => files[p] ?? readFileSync(p, 'utf8') };
    files['acl.intent.yaml'] =
      `networks: [default/vswitch1]\nallow:\n  - {from: default/vm1, to: default/vm3, protocol: TCP, port: 80}\n`;
    const out = runCli(
      ['generate', 'src/scenarios/harvester-acl-1.yaml', '--intent', 'acl.intent.yaml'],
      disk,
    );
    expect(out.code).toBe(1);
    expect(parseManifests([{ text: out.stdout }]).model.policies).toEqual([]);
    expect(out.stderr).toContain(
      'warning intent-network-unenforced: default/vswitch1 is a Kube-OVN attachment network',
    );
    expect(out.stderr).toContain(
      '    the engine denies TCP 80: Subnet vswitch1 acls[1] (from-lport priority 1005 drop "ip4.src == 172.20.10.0/30") drops all',
    );
    expect(out.stderr).toContain(
      'error intent-unexplained: default/vm3 -> default/vm4 on default/vswitch1 allows all, intended none: no policy isolates either side',
    );
    expect(out.stderr).not.toContain('mispredicted');
  });

  it('is a command of the CLI: listed in the help, dispatched by runCli, and the real npm run cli exits 0 on the story', () => {
    expect(runCli(['--help'], io).stdout).toContain(
      'netpol-studio generate MANIFEST... --intent INTENT.yaml',
    );
    expect(runCli(['generate', '--help'], io).stdout).toContain('protocol: TCP|UDP|SCTP|ICMP|any');
    const disk = { readFile: (p: string) => readFileSync(p, 'utf8') };
    const story = ['src/scenarios/ovnk-flat-l2.yaml', '--intent', 'src/scenarios/ovnk-flat-l2.intent.yaml'];
    expect(runCli(['generate', ...story], disk).code).toBe(0);
    const real = spawnSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'generate', ...story, '--format', 'json'],
      {
        encoding: 'utf8',
      },
    );
    expect(real.status).toBe(0);
    expect((JSON.parse(real.stdout) as { items: unknown[] }).items).toHaveLength(6);
    expect(real.stderr).toContain('exact: 6 pairs checked with the engine allow exactly the intent');
  }, 60_000);
});
