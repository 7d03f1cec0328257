import type {
  ClusterPeer,
  ClusterPolicy,
  ClusterPolicyKind,
  ClusterPort,
  ClusterRule,
  NamespacedPods,
} from '../model/types';
import { oneOf, reject, requiredSelector, selector, unknownFields, type Ctx } from './k8s-admin-common';
import { readPort, readProtocol } from './k8s-admin-ports';
import type { FieldReader, Json } from './reader';

/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
 * (v1alpha2), read as the CRDs validate them (SEMANTICS R9.13): every violation is an error
 * `cluster-policy-invalid` on its field, and the object is marked rejected (not applied), as the
 * API server would refuse it. Values the io layer cannot check (CIDRs) are checked by the engine.
 */

function readPods(ctx: Ctx, v: unknown, field: string): NamespacedPods {
  const o = ctx.r.object(v, field) ?? {};
  unknownFields(ctx, o, ['namespaceSelector', 'podSelector'], field);
  return {
    namespaceSelector: requiredSelector(ctx, o.namespaceSelector, `${field}.namespaceSelector`),
    podSelector: requiredSelector(ctx, o.podSelector, `${field}.podSelector`),
  };
}

function readSubject(ctx: Ctx, v: unknown): ClusterPolicy['subject'] {
  const field = 'spec.subject';
  const o = ctx.r.object(v, field);
  if (!o) {
    reject(ctx, field, 'subject is required');
    return {};
  }
  unknownFields(ctx, o, ['namespaces', 'pods'], field);
  const which = oneOf(ctx, o, ['namespaces', 'pods'], field, 'the subject');
  if (which === 'namespaces') return { namespaces: selector(ctx, o.namespaces, `${field}.namespaces`) ?? {} };
  if (which === 'pods') return { pods: readPods(ctx, o.pods, `${field}.pods`) };
  return {};
}

function readPeer(ctx: Ctx, v: unknown, field: string, dir: 'ingress' | 'egress'): ClusterPeer {
  const o = ctx.r.object(v, field) ?? {};
  const keys =
    dir === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  unknownFields(ctx, o, keys, field);
  const which = oneOf(ctx, o, keys, field, 'a peer');
  switch (which) {
    case 'namespaces':
      return { namespaces: selector(ctx, o.namespaces, `${field}.namespaces`) ?? {} };
    case 'pods':
      return { pods: readPods(ctx, o.pods, `${field}.pods`) };
    case 'nodes':
      return { nodes: selector(ctx, o.nodes, `${field}.nodes`) ?? {} };
    case 'networks':
    case 'domainNames': {
      const list = ctx.r.strings(o[which], `${field}.${which}`);
      if (list.length === 0) reject(ctx, `${field}.${which}`, `${which} needs at least one entry`);
      if (list.length > 25)
        reject(ctx, `${field}.${which}`, `${which} has ${list.length} entries (at most 25)`);
      return which === 'networks' ? { networks: list } : { domainNames: list };
    }
    default:
      return {};
  }
}

function actionsOf(kind: ClusterPolicyKind): readonly string[] {
  if (kind === 'BaselineAdminNetworkPolicy') return ['Allow', 'Deny'];
  if (kind === 'ClusterNetworkPolicy') return ['Accept', 'Deny', 'Pass'];
  return ['Allow', 'Deny', 'Pass'];
}

function readRules(ctx: Ctx, v: unknown, dir: 'ingress' | 'egress'): ClusterRule[] {
  const field = `spec.${dir}`;
  const list = ctx.r.list(v, field) ?? [];
  const cnp = ctx.kind === 'ClusterNetworkPolicy';
  const max = cnp ? 25 : 100;
  if (list.length > max) reject(ctx, field, `${list.length} ${dir} rules (at most ${max})`);
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  const portKey = cnp ? 'protocols' : 'ports';
  const actions = actionsOf(ctx.kind);
  return list.map((item, k) => {
    const f = `${field}[${k}]`;
    const o = ctx.r.object(item, f) ?? {};
    unknownFields(ctx, o, ['name', 'action', peerKey, portKey], f);
    const name = ctx.r.string(o.name, `${f}.name`);
    if (name !== undefined && name.length > 100)
      reject(ctx, `${f}.name`, 'a rule name has at most 100 characters');
    const action = ctx.r.string(o.action, `${f}.action`) ?? '';
    if (!actions.includes(action))
      reject(
        ctx,
        `${f}.action`,
        action
          ? `action "${action}" is not one of ${actions.join(', ')}`
          : `action is required (${actions.join(', ')})`,
        actions.find((a) => a.toLowerCase() === action.toLowerCase()),
      );
    const peersRaw = ctx.r.list(o[peerKey], `${f}.${peerKey}`);
    if (!peersRaw || peersRaw.length === 0)
      reject(ctx, `${f}.${peerKey}`, `${peerKey} needs at least one peer`);
    else if (peersRaw.length > (cnp ? 25 : 100))
      reject(ctx, `${f}.${peerKey}`, `${peersRaw.length} peers (at most ${cnp ? 25 : 100})`);
    const peers = (peersRaw ?? []).map((p, j) => readPeer(ctx, p, `${f}.${peerKey}[${j}]`, dir));
    const portsRaw = ctx.r.list(o[portKey], `${f}.${portKey}`);
    const ports = portsRaw
      ?.map((p, j) => (cnp ? readProtocol : readPort)(ctx, p, `${f}.${portKey}[${j}]`))
      .filter((p): p is ClusterPort => p !== undefined);
    if (portsRaw && portsRaw.length === 0)
      reject(ctx, `${f}.${portKey}`, `${portKey} needs at least one entry`);
    if (dir === 'egress' && ports?.some((p) => p.kind === 'named')) {
      const ipPeer = peers.findIndex((p) => p.networks || p.nodes || p.domainNames);
      if (ipPeer >= 0)
        reject(
          ctx,
          `${f}.${portKey}`,
          `a named port cannot be used with networks, nodes or domainNames peers in one egress rule (${peerKey}[${ipPeer}])`,
        );
    }
    if (peers.some((p) => p.domainNames)) {
      const ok = (ctx.kind === 'AdminNetworkPolicy' && action === 'Allow') || (cnp && action === 'Accept');
      if (!ok)
        reject(
          ctx,
          `${f}.${peerKey}`,
          `domainNames peers are only allowed in ${cnp ? 'Accept' : 'ANP Allow'} rules`,
        );
    }
    return {
      ...(name !== undefined ? { name } : {}),
      action,
      peers,
      ...(ports ? { ports } : {}),
    };
  });
}

const PREFIX: Record<ClusterPolicyKind, string> = {
  AdminNetworkPolicy: 'anp',
  BaselineAdminNetworkPolicy: 'banp',
  ClusterNetworkPolicy: 'cnp',
};

export function readClusterPolicy(
  r: FieldReader,
  obj: Json,
  kind: ClusterPolicyKind,
  name: string,
): ClusterPolicy {
  const ctx: Ctx = { r, kind, problems: [] };
  const spec = r.object(obj.spec, 'spec') ?? {};
  const cnp = kind === 'ClusterNetworkPolicy';
  unknownFields(
    ctx,
    spec,
    kind === 'BaselineAdminNetworkPolicy'
      ? ['subject', 'ingress', 'egress']
      : cnp
        ? ['tier', 'priority', 'subject', 'ingress', 'egress']
        : ['priority', 'subject', 'ingress', 'egress'],
    'spec',
  );
  let tier: 'Admin' | 'Baseline' = kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  if (cnp) {
    const t = r.string(spec.tier, 'spec.tier');
    if (t === 'Admin' || t === 'Baseline') tier = t;
    else
      reject(
        ctx,
        'spec.tier',
        t === undefined ? 'tier is required (Admin or Baseline)' : `tier "${t}" is not Admin or Baseline`,
        ['Admin', 'Baseline'].find((x) => x.toLowerCase() === (t ?? '').toLowerCase()),
      );
  }
  let priority: number | undefined;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    priority = r.int(spec.priority, 'spec.priority');
    if (priority === undefined) reject(ctx, 'spec.priority', 'priority is required (0-1000, lower first)');
    else if (priority < 0 || priority > 1000)
      reject(
        ctx,
        'spec.priority',
        `priority ${priority} is outside 0-1000`,
        String(Math.min(1000, Math.max(0, priority))),
      );
  } else if (name !== 'default') {
    reject(
      ctx,
      'metadata.name',
      `a BaselineAdminNetworkPolicy must be named "default", not "${name}"`,
      'default',
    );
  }
  const subject = readSubject(ctx, spec.subject);
  const ingress = readRules(ctx, spec.ingress, 'ingress');
  const egress = readRules(ctx, spec.egress, 'egress');
  return {
    id: `${PREFIX[kind]}:${name}`,
    kind,
    name,
    tier,
    ...(priority !== undefined ? { priority } : {}),
    subject,
    ingress,
    egress,
    ...(ctx.problems.length ? { rejected: `invalid ${ctx.problems[0] as string}` } : {}),
    origin: r.origin,
  };
}
