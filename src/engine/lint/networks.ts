import { endpointId } from '../../model/ids';
import { DEFAULT_NETWORK, endpointLabel, type Endpoint, type LabelSelector } from '../../model/types';
import { parseCidr, rangeContains, type AddrRange } from '../cidr';
import type { CompiledPolicy, CompiledRule } from '../compile';
import { allows } from '../conn';
import { evaluateDirection, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { matchSelector } from '../selectors';
import { selectingPolicies } from './admin-base';
import { DYNAMIC_IP, POD } from './addresses';
import { applied, endpointFinding, finding, names, namesCounted, namesOf, type LintContext } from './context';

/** A stand-in for CoreDNS (kube-system, k8s-app=kube-dns) to test egress rules against. */
export const KUBE_DNS: Endpoint = {
  id: endpointId('Pod', 'kube-system', 'kube-dns'),
  kind: 'Pod',
  sourceKind: 'Pod',
  name: 'kube-dns',
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  attachments: [],
  namedPorts: [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  ],
  hostNetwork: false,
};

/** M4: workloads whose egress isolation on the pod network leaves no DNS. */
export function lintDns(ctx: LintContext): void {
  const c = ctx.compiled;
  const members = c.layout.members.get(DEFAULT_NETWORK) ?? [];
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: c.namespaceLabels };
  // Cluster DNS answers from a pod IP; an ipBlock only surely covers it when it is /0.
  const dns: Member = { endpoint: KUBE_DNS, index: -1, nad: DEFAULT_NETWORK, ips: [], ipSource: 'none' };
  // per policy: how many workloads it leaves without DNS, and the first few (all a finding shows)
  const blamed = new Map<CompiledPolicy, { count: number; first: Endpoint[] }>();
  const space = ctx.index.space;
  // the egress-isolating policies of a label group's namespace selecting it (once per group)
  const selecting = selectingPolicies(
    ctx,
    c.policies.filter((p) => p.networks.has(DEFAULT_NETWORK) && p.egress),
  );
  // one evaluation per policy
  const verdicts = new Map<CompiledPolicy, boolean>();
  const allowsDns = (p: CompiledPolicy): boolean => {
    let ok = verdicts.get(p);
    if (ok === undefined) {
      const patched = {
        ...p,
        egressRules: p.egressRules.map((r) =>
          r.peers === 'all'
            ? r
            : {
                ...r,
                peers: r.peers.map((x) =>
                  x.kind === 'ipBlock' &&
                  x.cidr.start === 0n &&
                  x.except.length === 0 &&
                  (x.cidr.family === 4 ? x.cidr.end === 0xffffffffn : x.cidr.end === (1n << 128n) - 1n)
                    ? { kind: 'selector' as const, namespaceSelector: {} }
                    : x,
                ),
              },
        ),
      };
      const r = evaluateDirection([patched], 'egress', dns, KUBE_DNS.namedPorts, ectx);
      ok = !r.isolated || allows(r.allowed, 'UDP', 53);
      verdicts.set(p, ok);
    }
    return ok;
  };
  // the policies selecting a workload are those selecting its label group (none for the others)
  // per label group: the isolating policies when they leave it without DNS (empty: DNS not cut)
  const cutBy = new Array<readonly CompiledPolicy[] | undefined>(space.groups.length);
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member;
    const g = ctx.index.memberGroup(m);
    if (!g) continue;
    let cut = cutBy[g.index];
    if (!cut) {
      const isolating = selecting(g);
      // NetworkPolicies add up (R1.3): DNS is cut when none of the isolating ones allows it
      cutBy[g.index] = cut = isolating.length && isolating.every((p) => !allowsDns(p)) ? isolating : [];
    }
    for (const p of cut) {
      const who = blamed.get(p);
      if (!who) blamed.set(p, { count: 1, first: [m.endpoint] });
      else if (who.count++ < 4) who.first.push(m.endpoint);
    }
  }
  for (const [p, who] of blamed) {
    finding(
      ctx,
      p.policy,
      'warning',
      'egress-without-dns',
      p.policy.egress ? 'spec.egress' : 'spec.policyTypes',
      `egress of ${namesCounted(who.first, who.count, endpointLabel)} is isolated and nothing allows DNS (UDP and TCP 53 to kube-system/kube-dns): name lookups will fail`,
      '- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
    );
  }
}

type IpPeer = { readonly cidr: AddrRange; readonly except: readonly AddrRange[] };

/**
 * Members of `net` with an address that can change inside the ipBlock, in address order: once
 * per network, CIDR and exceptions per run (policies repeat the same blocks).
 */
function dynamicIn(ctx: LintContext, net: string, peer: IpPeer): readonly Member[] {
  const r = (x: AddrRange) => `${x.family} ${x.start} ${x.end}`;
  const key = `ipblock-dynamic ${net} ${r(peer.cidr)} ${peer.except.map(r).join()}`;
  let hit = ctx.index.memo.get(key) as readonly Member[] | undefined;
  if (!hit) {
    // (`membersIn` yields members with an address in the CIDR: without exceptions, a match)
    const inBlock = (m: Member) =>
      m.ips.some((ip) => rangeContains(peer.cidr, ip) && !peer.except.some((x) => rangeContains(x, ip)));
    hit = ctx.index
      .addresses(net)
      .membersIn(
        peer.cidr.family,
        peer.cidr.start,
        peer.cidr.end,
        POD | DYNAMIC_IP,
        peer.except.length ? inBlock : undefined,
      );
    ctx.index.memo.set(key, hit);
  }
  return hit;
}

/** M7 / M19: ipBlocks that also match pod or VM addresses that can change. */
export function lintPolicyIpBlocks(ctx: LintContext, cp: CompiledPolicy): void {
  for (const dir of ['ingress', 'egress'] as const) {
    const key = dir === 'ingress' ? 'from' : 'to';
    for (const rule of dir === 'ingress' ? cp.ingressRules : cp.egressRules) {
      if (rule.peers === 'all') continue;
      rule.peers.forEach((peer, k) => {
        if (peer.kind !== 'ipBlock') return;
        // (one network's list as it is: a /0 holds every workload, and a finding shows four)
        let hit: readonly Member[] = [];
        for (const net of cp.networks) {
          const more = dynamicIn(ctx, net, peer);
          hit = hit.length ? hit.concat(more) : more;
        }
        if (hit.length === 0) return;
        const f = `spec.${dir}[${rule.index}].${key}[${k}].ipBlock.cidr`;
        const single = peer.cidr.start === peer.cidr.end;
        const who = namesOf(hit, (m) => endpointLabel(m.endpoint));
        if (single) {
          finding(
            ctx,
            cp.policy,
            'warning',
            'ipblock-pod-ip',
            f,
            `this /${peer.cidr.family === 4 ? 32 : 128} is the address of ${who}, which changes when it restarts: select it with a podSelector instead`,
          );
        } else {
          finding(
            ctx,
            cp.policy,
            'info',
            'ipblock-covers-cluster-workloads',
            f,
            `this ipBlock also matches ${who} in the cluster; OVN-K, Calico and Kube-OVN apply it to pod IPs, Cilium does not. Use selectors for cluster workloads`,
          );
        }
      });
    }
  }
}

function subnetRanges(cidrs: readonly string[]): AddrRange[] {
  return cidrs
    .map((s) => parseCidr(s.split('/').slice(0, 2).join('/')))
    .flatMap((p) => (p.ok ? [p.range] : []));
}

/** ip-outside-subnet and ip-conflict, per logical network. */
export function lintAddresses(ctx: LintContext): void {
  for (const [netId, members] of ctx.compiled.layout.members) {
    const net = ctx.compiled.layout.networks.get(netId);
    const nad = net?.nads[0];
    const ranges = nad ? subnetRanges(nad.subnets.length ? nad.subnets : nad.ipamSubnets) : [];
    const seen = new Map<string, Member>();
    for (const m of members) {
      // hosts outside the cluster reached north-south through a primary (C)UDN (R10.12) are not on its subnet
      if (m.endpoint.kind === 'External' && net?.primary) continue;
      const field =
        m.endpoint.kind === 'VM'
          ? 'spec.template.spec.networks'
          : m.endpoint.kind === 'External'
            ? 'spec.ips'
            : m.nad === DEFAULT_NETWORK
              ? 'status.podIP'
              : 'metadata.annotations';
      for (const ip of m.ips) {
        if (ranges.length && !ranges.some((r) => rangeContains(r, ip))) {
          endpointFinding(
            ctx,
            m.endpoint,
            'warning',
            'ip-outside-subnet',
            field,
            `address ${ip.text} on ${m.nad} is outside the network's subnet ${nad?.subnets.length ? nad.subnets.join(', ') : nad?.ipamSubnets.join(', ')}`,
          );
        }
        const prev = seen.get(ip.text);
        if (prev && prev.endpoint.id !== m.endpoint.id) {
          endpointFinding(
            ctx,
            m.endpoint,
            'error',
            'ip-conflict',
            field,
            `address ${ip.text} on ${netId === DEFAULT_NETWORK ? 'the pod network' : m.nad} is also used by ${endpointLabel(prev.endpoint)}`,
          );
        } else seen.set(ip.text, m);
      }
    }
  }
}

/** M11: a named port no destination has. */
export function lintPolicyNamedPorts(ctx: LintContext, cp: CompiledPolicy): void {
  const { podSelector, namespace } = cp.policy;
  for (const dir of ['ingress', 'egress'] as const) {
    for (const rule of dir === 'ingress' ? cp.ingressRules : cp.egressRules) {
      if (rule.ports === 'all') continue;
      rule.ports.forEach((port) => {
        if (port.kind !== 'named') return;
        if (
          dir === 'ingress'
            ? ctx.index.hasNamedPort(podSelector, namespace, port.name, port.protocol)
            : ctx.index.namedPorts.has(`${port.name}/${port.protocol}`)
        )
          return;
        finding(
          ctx,
          cp.policy,
          'warning',
          'named-port-unresolved',
          `spec.${dir}[${rule.index}].ports[${port.at}].port`,
          `no ${dir === 'ingress' ? 'selected workload' : 'workload'} has a ${port.protocol} port named "${port.name}", so this entry allows nothing`,
        );
      });
    }
  }
}

/** M10: a MultiNetworkPolicy whose networks have no workload of its namespace. */
export function lintPolicyNetworkUse(ctx: LintContext, cp: CompiledPolicy): void {
  const p = cp.policy;
  if (p.kind !== 'MultiNetworkPolicy' || cp.networks.size === 0) return;
  const anyone = [...cp.networks].some((n) =>
    (ctx.compiled.layout.members.get(n) ?? []).some((m) => m.endpoint.namespace === p.namespace),
  );
  if (!anyone) {
    finding(
      ctx,
      p,
      'warning',
      'network-unused-by-policy-namespace',
      'metadata.annotations.k8s.v1.cni.cncf.io/policy-for',
      `no workload of namespace ${p.namespace} is attached to ${[...cp.networks].map((n) => n.replace(/^(nad|ovnk):/, '')).join(', ')}, so this policy has no effect`,
    );
  }
}

const effectKeys = new WeakMap<CompiledPolicy, string>();

/** A policy's networks as one text, sorted (most policies apply to one: no list made). */
function networksKey(cp: CompiledPolicy): string {
  if (cp.networks.size === 1) for (const n of cp.networks) return n;
  return [...cp.networks].sort().join();
}

/**
 * Rules as a rough text: each peer by kind and selector keys or CIDR, each port list's size.
 * Rules of the same effect key have the same text (it reads nothing else).
 */
function rulesKey(ctx: LintContext, rules: readonly CompiledRule[]): string {
  const keyOf = (sel: LabelSelector | undefined) => (sel ? ctx.index.space.keyOf(sel) : '-');
  let k = '';
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as CompiledRule;
    k += `${r.ports === 'all' ? '*' : r.ports.length}[`;
    if (r.peers !== 'all')
      for (const x of r.peers)
        k +=
          x.kind === 'selector'
            ? `${keyOf(x.namespaceSelector)}${keyOf(x.podSelector)},`
            : x.kind === 'ipBlock'
              ? `${x.cidr.start}-${x.cidr.end}/${x.except.length},`
              : `${x.kind},`;
    k += ']';
  }
  return k;
}

/** What policies of exactly the same effect share (their whole effect is `effectKeys`). */
function roughKey(ctx: LintContext, cp: CompiledPolicy): string {
  const p = cp.policy;
  // (the pod selector's text as the label space keeps it: made once per selector, shared)
  return `${p.kind}\u0000${p.namespace}\u0000${cp.ingress ? 1 : 0}${cp.egress ? 1 : 0}\u0000${cp.ingressRules.length} ${cp.egressRules.length}\u0000${networksKey(cp)}\u0000${ctx.index.space.keyOf(p.podSelector)}`;
}

/**
 * The policies that may share their effect with another: those sharing `roughKey`, then of
 * those the ones sharing their rules' rough text too (most policies are alone at the first).
 */
function maybeSame(ctx: LintContext, policies: readonly CompiledPolicy[]): boolean[] {
  const count = <K>(keys: readonly K[]) => {
    const n = new Map<K, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return (k: K) => (n.get(k) as number) > 1;
  };
  const rough = policies.map((cp) => roughKey(ctx, cp));
  const roughShared = count(rough);
  const fine = policies.map((cp, at) =>
    roughShared(rough[at] as string)
      ? `${rough[at] as string}\u0000${rulesKey(ctx, cp.ingressRules)}\u0000${rulesKey(ctx, cp.egressRules)}`
      : undefined,
  );
  const fineShared = count(fine);
  return fine.map((k) => k !== undefined && fineShared(k));
}

/** Is `e` attached to a network other than the pod network (100,000 workloads: no closure each). */
function onNad(e: Endpoint): boolean {
  for (let i = 0; i < e.attachments.length; i++)
    if ((e.attachments[i] as Endpoint['attachments'][number]).nad !== DEFAULT_NETWORK) return true;
  return false;
}

/** duplicate-policy, M20 (across policies). */
export function lintPolicySets(ctx: LintContext): void {
  const seen = new Map<string, CompiledPolicy>();
  // policies of the same effect agree on these first: only those sharing them are compared whole
  const policies = applied(ctx);
  const compared = maybeSame(ctx, policies);
  policies.forEach((cp, at) => {
    if (!compared[at]) return;
    const p = cp.policy;
    let key = effectKeys.get(cp);
    if (key === undefined) {
      key = JSON.stringify(
        [
          p.kind,
          p.namespace,
          [...cp.networks].sort(),
          cp.ingress,
          cp.egress,
          p.podSelector,
          cp.ingressRules,
          cp.egressRules,
        ],
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
      effectKeys.set(cp, key);
    }
    const prev = seen.get(key);
    if (prev)
      finding(
        ctx,
        p,
        'warning',
        'duplicate-policy',
        'metadata.name',
        `has exactly the same effect as ${prev.policy.kind} ${prev.policy.namespace}/${prev.policy.name}`,
      );
    else seen.set(key, cp);
  });
  // M20: NetworkPolicies in a namespace whose workloads are on NADs without any MNP there.
  const byNs = new Map<string, CompiledPolicy[]>();
  for (const cp of policies) {
    const l = byNs.get(cp.policy.namespace);
    if (l) l.push(cp);
    else byNs.set(cp.policy.namespace, [cp]);
  }
  // the workloads on a NAD, per namespace (few), in the order of its label groups
  const nadsByNs = new Map<string, Endpoint[]>();
  for (const g of ctx.index.space.groups)
    for (const e of g.endpoints)
      if (onNad(e)) {
        const l = nadsByNs.get(g.namespace);
        if (l) l.push(e);
        else nadsByNs.set(g.namespace, [e]);
      }
  for (const [ns, list] of byNs) {
    const np = list.find((x) => x.policy.kind === 'NetworkPolicy');
    if (!np || list.some((x) => x.policy.kind === 'MultiNetworkPolicy')) continue;
    const onNads = (nadsByNs.get(ns) ?? []).filter((e) =>
      list.some((x) => x.policy.kind === 'NetworkPolicy' && matchSelector(x.policy.podSelector, e.labels)),
    );
    if (onNads.length === 0) continue;
    const nads = [
      ...new Set(
        onNads.flatMap((e) => e.attachments.filter((a) => a.nad !== DEFAULT_NETWORK).map((a) => a.nad)),
      ),
    ];
    finding(
      ctx,
      np.policy,
      'info',
      'netpol-not-on-secondary',
      'spec.podSelector',
      `${namesOf(onNads, endpointLabel)} ${onNads.length === 1 ? 'is' : 'are'} also on ${names(nads)}; NetworkPolicy never applies to secondary networks, so traffic there is unrestricted. Use a MultiNetworkPolicy with policy-for`,
    );
  }
}
