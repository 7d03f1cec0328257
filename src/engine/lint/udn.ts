import type { Endpoint, UserDefinedNetwork } from '../../model/types';
import { diagnosticAt } from '../../model/report';
import { parseCidr, type AddrRange } from '../cidr';
import { isEmptyConns } from '../conn';
import { parsePolicyFor, type CompiledPolicy } from '../compile';
import { evaluateDirection, isSelectable, selects, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { matchSelector } from '../selectors';
import { endpointFinding, finding, names, type LintContext } from './context';

/** Findings for the classic UserDefinedNetwork mistakes (SEMANTICS §10, R10.15). */

const DEFAULT = 'default';

/** Logical id of an endpoint's primary network; 'none' when several compete (U5). */
function primaryNetOf(ctx: LintContext, e: Endpoint): string | undefined {
  if (!isSelectable(e)) return undefined;
  const l = ctx.compiled.layout;
  return l.primaryOf?.get(e.namespace) ?? (l.locked?.has(e.id) ? 'none' : DEFAULT);
}

function netName(ctx: LintContext, id: string): string {
  if (id === DEFAULT) return 'the default network';
  const n = ctx.compiled.layout.networks.get(id);
  return n?.udn ?? n?.nads[0]?.key ?? id.replace(/^(ovnk|nad):/, '');
}

/** U8: a NetworkPolicy peer whose every match sits on another primary network never matches. */
export function lintUdnPeers(ctx: LintContext, cp: CompiledPolicy): void {
  const p = cp.policy;
  if (p.kind !== 'NetworkPolicy' || !ctx.compiled.layout.primaryOf?.size) return;
  const net = [...cp.networks][0];
  if (net === undefined) return;
  for (const dir of ['ingress', 'egress'] as const) {
    for (const rule of dir === 'ingress' ? cp.ingressRules : cp.egressRules) {
      if (rule.peers === 'all') continue;
      rule.peers.forEach((peer, k) => {
        if (peer.kind !== 'selector') return;
        const nss = peer.namespaceSelector
          ? ctx.index.namespacesMatching(peer.namespaceSelector)
          : [p.namespace];
        const matched = nss.flatMap((ns) => ctx.index.matching(peer.podSelector ?? {}, ns));
        if (matched.length === 0) return;
        const others = new Set(matched.map((e) => primaryNetOf(ctx, e)));
        if (others.has(net)) return;
        finding(
          ctx,
          p,
          'warning',
          'udn-peer-other-network',
          `spec.${dir}[${rule.index}].${dir === 'ingress' ? 'from' : 'to'}[${k}]`,
          `this peer selects only endpoints on other primary networks (${names([...others].map((o) => (o ? netName(ctx, o) : '?')))}) than the one this policy applies on (${netName(ctx, net)}); primary networks are isolated from each other, so it can never match (U8)`,
        );
      });
    }
  }
}

/** U13: policy admits an external host into a (C)UDN address, which is not routable from outside. */
function lintExternalIngress(ctx: LintContext): void {
  const { layout, policies, namespaceLabels } = ctx.compiled;
  for (const [netId, members] of layout.members) {
    const net = layout.networks.get(netId);
    if (!net?.primary || netId === DEFAULT) continue;
    const ectx: EvalContext = { networkId: netId, namespaceLabels };
    const workloads = members.filter((m) => m.endpoint.kind !== 'External');
    for (const ext of members.filter((m) => m.endpoint.kind === 'External')) {
      const open = workloads.filter((w: Member) => {
        const isolating = policies.filter(
          (p) => p.networks.has(netId) && p.ingress && selects(p, w.endpoint),
        );
        const r = evaluateDirection(isolating, 'ingress', ext, w.endpoint.namedPorts, ectx);
        return !r.isolated || !isEmptyConns(r.allowed);
      });
      if (open.length === 0) continue;
      endpointFinding(
        ctx,
        ext.endpoint,
        'warning',
        'udn-external-ingress',
        'spec.network',
        `policy lets ${ext.endpoint.name} open connections to ${names(open.map((m) => `${m.endpoint.namespace}/${m.endpoint.name}`))} on ${netName(ctx, netId)}, but (C)UDN pod addresses are not routable from outside the cluster without BGP route advertisement; inbound traffic needs a Service (U13)`,
      );
    }
  }
}

/** U14: a VM on a primary (C)UDN should use the `l2bridge` binding. */
function lintVmBinding(ctx: LintContext): void {
  const primaryOf = ctx.compiled.layout.primaryOf;
  for (const e of ctx.model.endpoints) {
    const net = primaryOf?.get(e.namespace);
    if (e.kind !== 'VM' || !net || !e.udn?.podBinding || e.udn.podBinding === 'l2bridge') continue;
    endpointFinding(
      ctx,
      e,
      'warning',
      'udn-vm-binding',
      'spec.template.spec.domain.devices.interfaces',
      `the VM joins primary network ${netName(ctx, net)} through its pod network with binding "${e.udn.podBinding}"; OpenShift Virtualization documents binding: {name: l2bridge} for primary user-defined networks (the VM keeps its IP on live migration) (U14)`,
      'binding: {name: l2bridge}',
    );
  }
}

const INFRA_SERVICES = new Set(['default/kubernetes', 'kube-system/kube-dns', 'openshift-dns/dns-default']);

/** R10.8.4: a ClusterIP Service is reachable only from its own primary network (the API and DNS excepted). */
function lintServices(ctx: LintContext): void {
  if (!ctx.compiled.layout.primaryOf?.size) return;
  for (const svc of ctx.model.ignored) {
    if (svc.ref.kind !== 'Service' || !svc.ref.namespace) continue;
    if (INFRA_SERVICES.has(`${svc.ref.namespace}/${svc.ref.name}`)) continue;
    const own = ctx.compiled.layout.primaryOf.get(svc.ref.namespace) ?? DEFAULT;
    const cut = ctx.index.workloads
      .filter((e) => {
        const n = primaryNetOf(ctx, e);
        return n !== undefined && n !== own;
      })
      .sort((a, b) => (a.kind === 'VM' ? 0 : 1) - (b.kind === 'VM' ? 0 : 1));
    if (cut.length === 0) continue;
    ctx.out.push(
      diagnosticAt(
        svc.ref,
        svc.origin,
        'warning',
        'udn-service-unreachable',
        'spec',
        `Service ${svc.ref.namespace}/${svc.ref.name} lives on ${netName(ctx, own)}; ${names(cut.map((e) => `${e.kind === 'VM' ? 'VM ' : ''}${e.namespace}/${e.name}`))} ${cut.length === 1 ? 'is' : 'are'} on another primary network and cannot reach its ClusterIP (only the Kubernetes API and DNS are routed across; NodePort and LoadBalancer are reachable). Services are not modelled (R10.8)`,
      ),
    );
  }
}

/** How a user might misname a (C)UDN in policy-for, and the name meant. */
function meantUdn(
  udns: readonly UserDefinedNetwork[],
  item: string,
  ns: string,
): { text: string; fix?: string } | undefined {
  const [iNs = '', iName = ''] = item.split('/');
  for (const u of udns) {
    const cudn = u.kind === 'ClusterUserDefinedNetwork';
    if (iName === (cudn ? `cluster_udn_${u.name}` : `${u.namespace}_${u.name}`))
      return {
        text: `"${iName}" is OVN-K's internal network name; policy-for names the NAD, i.e. ${cudn ? u.name : u.key}`,
        fix: cudn ? u.name : u.key,
      };
    if (iName !== u.name) continue;
    if (cudn)
      return {
        text: `ClusterUserDefinedNetwork ${u.name} does not select namespace ${iNs}, so no NAD ${iNs}/${u.name} exists there; its NADs exist only in the namespaces its namespaceSelector selects`,
      };
    if (u.namespace !== iNs)
      return {
        text: `the UserDefinedNetwork ${u.name} lives in namespace ${u.namespace}: write ${u.key}`,
        ...(iNs === ns ? { fix: u.key } : {}),
      };
  }
  return undefined;
}

/** A policy-for item that names no network, where a (C)UDN was probably meant. */
function lintPolicyForNames(ctx: LintContext): void {
  const udns = ctx.model.udns ?? [];
  if (udns.length === 0) return;
  for (const cp of ctx.compiled.policies) {
    const p = cp.policy;
    if (p.kind !== 'MultiNetworkPolicy' || p.policyFor === undefined) continue;
    for (const item of parsePolicyFor(p.policyFor, p.namespace)) {
      if (ctx.compiled.layout.nadToNetwork.has(item)) continue;
      const hint = meantUdn(udns, item, p.namespace);
      if (!hint) continue;
      finding(
        ctx,
        p,
        'warning',
        'udn-policy-for-name',
        'metadata.annotations.k8s.v1.cni.cncf.io/policy-for',
        `policy-for item ${item} names no network: ${hint.text}`,
        hint.fix,
      );
    }
  }
}

function ranges(u: UserDefinedNetwork): AddrRange[] {
  return u.subnets
    .map((s) => parseCidr(s.split('/').slice(0, 2).join('/')))
    .flatMap((p) => (p.ok ? [p.range] : []));
}

const overlap = (a: AddrRange, b: AddrRange): boolean =>
  a.family === b.family && a.start <= b.end && b.start <= a.end;

/** Two networks serving one namespace with overlapping subnets: a pod on both has ambiguous routes. */
function lintOverlaps(ctx: LintContext): void {
  const udns = ctx.model.udns ?? [];
  const served = udns.map((u) =>
    u.kind === 'UserDefinedNetwork'
      ? [u.namespace]
      : ctx.index.nsNames.filter((ns) =>
          matchSelector(u.namespaceSelector ?? {}, ctx.compiled.namespaceLabels(ns)),
        ),
  );
  // one finding shape for both overlaps: within one network (`[k]`) and across two
  const overlapFinding = (u: UserDefinedNetwork, index: string, message: string): void => {
    const spec = u.kind === 'ClusterUserDefinedNetwork' ? 'spec.network' : 'spec';
    ctx.out.push(
      diagnosticAt(
        u.namespace ? { kind: u.kind, namespace: u.namespace, name: u.name } : { kind: u.kind, name: u.name },
        u.origin,
        'warning',
        'udn-subnets-overlap',
        `${spec}.${u.topology.toLowerCase()}.subnets${index}`,
        message,
      ),
    );
  };
  udns.forEach((u, i) => {
    const mine = ranges(u);
    mine.forEach((r, k) => {
      if (mine.slice(0, k).some((x) => overlap(x, r)))
        overlapFinding(u, `[${k}]`, `subnet ${u.subnets[k]} overlaps another subnet of the same network`);
    });
    for (let j = 0; j < i; j++) {
      const v = udns[j] as UserDefinedNetwork;
      const common = (served[i] ?? []).filter((ns) => (served[j] ?? []).includes(ns));
      if (common.length === 0 || !mine.some((r) => ranges(v).some((x) => overlap(x, r)))) continue;
      overlapFinding(
        u,
        '',
        `its subnets overlap those of ${v.kind} ${v.key}, and both serve namespace ${names(common)}: a pod attached to both gets two routes for the same addresses (networks that share no namespace may overlap freely)`,
      );
    }
  });
}

/** Findings across objects for (C)UDNs. */
export function lintUdns(ctx: LintContext): void {
  if (!ctx.model.udns?.length && !ctx.compiled.layout.primaryOf?.size) return;
  lintExternalIngress(ctx);
  lintVmBinding(ctx);
  lintServices(ctx);
  lintPolicyForNames(ctx);
  lintOverlaps(ctx);
}
