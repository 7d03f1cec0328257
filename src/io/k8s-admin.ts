import type {
  ClusterNode,
  ClusterPeer,
  ClusterPolicy,
  ClusterPolicyKind,
  ClusterPort,
  ClusterRule,
  LabelSelector,
  NamespacedPods,
} from '../model/types';
import { readSelector } from './k8s-selectors';
import { isObject, type FieldReader, type Json } from './reader';

/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
 * (v1alpha2), read as the CRDs validate them (SEMANTICS R9.13): every violation is an error
 * `cluster-policy-invalid` on its field, and the object is marked rejected (not applied), as the
 * API server would refuse it. Values the io layer cannot check (CIDRs) are checked by the engine.
 */

const CODE = 'cluster-policy-invalid';
const PROTOS = ['TCP', 'UDP', 'SCTP'];

interface Ctx {
  readonly r: FieldReader;
  readonly kind: ClusterPolicyKind;
  problems: string[];
}

function reject(ctx: Ctx, field: string, message: string, fix?: string): void {
  ctx.problems.push(field);
  ctx.r.report(
    'error',
    CODE,
    field,
    `${message}; the API server rejects this ${ctx.kind}, so it is not applied`,
    fix,
  );
}

function unknownFields(ctx: Ctx, o: Json, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) {
      const removed = k === 'sameLabels' || k === 'notSameLabels' ? ' (removed from the API in v0.1.3)' : '';
      reject(ctx, `${field}.${k}`, `unknown field "${k}"${removed}`);
    }
}

/** A label selector, strictly: an unknown field (e.g. the removed `sameLabels`) rejects the object. */
function selector(ctx: Ctx, v: unknown, field: string): LabelSelector | undefined {
  if (!isObject(v)) return readSelector(ctx.r, v, field);
  const known = ['matchLabels', 'matchExpressions'];
  unknownFields(ctx, v, known, field);
  return readSelector(ctx.r, Object.fromEntries(Object.entries(v).filter(([k]) => known.includes(k))), field);
}

/** A selector the CRD requires (`{}` = all); missing → rejected. */
function requiredSelector(ctx: Ctx, v: unknown, field: string): LabelSelector {
  const s = selector(ctx, v, field);
  if (!s) reject(ctx, field, `${field.split('.').pop() ?? field} is required`);
  return s ?? {};
}

function readPods(ctx: Ctx, v: unknown, field: string): NamespacedPods {
  const o = ctx.r.object(v, field) ?? {};
  unknownFields(ctx, o, ['namespaceSelector', 'podSelector'], field);
  return {
    namespaceSelector: requiredSelector(ctx, o.namespaceSelector, `${field}.namespaceSelector`),
    podSelector: requiredSelector(ctx, o.podSelector, `${field}.podSelector`),
  };
}

/** Exactly one of `keys` set (a nil pointer does not count). */
function oneOf(ctx: Ctx, o: Json, keys: readonly string[], field: string, what: string): string | undefined {
  const set = keys.filter((k) => o[k] !== undefined && o[k] !== null);
  if (set.length === 1) return set[0];
  reject(
    ctx,
    field,
    set.length === 0
      ? `${what} needs exactly one of ${keys.join(', ')}; it has none`
      : `${what} needs exactly one of ${keys.join(', ')}; it has ${set.join(' and ')}`,
  );
  return undefined;
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

function portNumber(ctx: Ctx, v: unknown, field: string): number | undefined {
  const n = ctx.r.int(v, field);
  if (n === undefined) reject(ctx, field, 'a port number is required');
  else if (n < 1 || n > 65535) reject(ctx, field, `port ${n} is outside 1-65535`);
  return n;
}

function protocolOf(ctx: Ctx, v: unknown, field: string): string {
  const p = ctx.r.string(v, field) ?? 'TCP';
  if (!PROTOS.includes(p))
    reject(
      ctx,
      field,
      `protocol "${p}" is not one of TCP, UDP, SCTP`,
      PROTOS.find((x) => x === p.toUpperCase()),
    );
  return p;
}

/** v1alpha1 `ports` entry (R9.11). */
function readPort(ctx: Ctx, v: unknown, field: string): ClusterPort | undefined {
  const o = ctx.r.object(v, field) ?? {};
  const keys = ['portNumber', 'portRange', 'namedPort'];
  unknownFields(ctx, o, keys, field);
  const which = oneOf(ctx, o, keys, field, 'a port entry');
  if (which === 'namedPort') {
    const name = ctx.r.string(o.namedPort, `${field}.namedPort`) ?? '';
    return { kind: 'named', name };
  }
  if (which === 'portNumber') {
    const f = `${field}.portNumber`;
    const p = ctx.r.object(o.portNumber, f) ?? {};
    unknownFields(ctx, p, ['protocol', 'port'], f);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const port = portNumber(ctx, p.port, `${f}.port`);
    return port === undefined ? undefined : { kind: 'number', protocol, port };
  }
  if (which === 'portRange') {
    const f = `${field}.portRange`;
    const p = ctx.r.object(o.portRange, f) ?? {};
    unknownFields(ctx, p, ['protocol', 'start', 'end'], f);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const start = portNumber(ctx, p.start, `${f}.start`);
    const end = portNumber(ctx, p.end, `${f}.end`);
    if (start === undefined || end === undefined) return undefined;
    if (start > end)
      // documented as invalid, not validated by the v1alpha1 CRD (R9.11): the entry matches nothing
      ctx.r.report(
        'error',
        'admin-port-range-reversed',
        f,
        `portRange start ${start} is greater than end ${end}: this entry matches no port`,
      );
    return { kind: 'range', protocol, start, end };
  }
  return undefined;
}

/** v1alpha2 `protocols` entry (R9.15). */
function readProtocol(ctx: Ctx, v: unknown, field: string): ClusterPort | undefined {
  const o = ctx.r.object(v, field) ?? {};
  const keys = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  unknownFields(ctx, o, keys, field);
  const which = oneOf(ctx, o, keys, field, 'a protocols entry');
  if (which === undefined) return undefined;
  if (which === 'destinationNamedPort')
    return { kind: 'named', name: ctx.r.string(o.destinationNamedPort, `${field}.${which}`) ?? '' };
  const protocol = which.toUpperCase();
  const f = `${field}.${which}`;
  const p = ctx.r.object(o[which], f) ?? {};
  unknownFields(ctx, p, ['destinationPort'], f);
  const dp = ctx.r.object(p.destinationPort, `${f}.destinationPort`);
  if (!dp) {
    reject(ctx, f, `${which} needs destinationPort (an empty ${which} is invalid)`);
    return undefined;
  }
  const df = `${f}.destinationPort`;
  unknownFields(ctx, dp, ['number', 'range'], df);
  const kind = oneOf(ctx, dp, ['number', 'range'], df, 'destinationPort');
  if (kind === 'number') {
    const port = portNumber(ctx, dp.number, `${df}.number`);
    return port === undefined ? undefined : { kind: 'number', protocol, port };
  }
  if (kind === 'range') {
    const rf = `${df}.range`;
    const rg = ctx.r.object(dp.range, rf) ?? {};
    unknownFields(ctx, rg, ['start', 'end'], rf);
    const start = portNumber(ctx, rg.start, `${rf}.start`);
    const end = portNumber(ctx, rg.end, `${rf}.end`);
    if (start === undefined || end === undefined) return undefined;
    if (start >= end) reject(ctx, rf, `range start ${start} must be less than end ${end}`);
    return { kind: 'range', protocol, start, end };
  }
  return undefined;
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

/** A Node: labels and the addresses of `status.addresses` that are IPs (R9.9). */
export function readNode(r: FieldReader, meta: Json, status: Json | undefined, name: string): ClusterNode {
  const labels = r.stringMap(meta.labels, 'metadata.labels');
  const addresses: string[] = [];
  const list = r.list(status?.addresses, 'status.addresses') ?? [];
  list.forEach((a, k) => {
    if (!isObject(a)) return;
    const type = typeof a.type === 'string' ? a.type : '';
    const address = r.string(a.address, `status.addresses[${k}].address`);
    if (address && (type === 'InternalIP' || type === 'ExternalIP')) addresses.push(address);
  });
  return { name, labels, addresses, origin: r.origin };
}

/**
 * Kinds that can change reachability and that the engine does not evaluate, by API group: they
 * are never ignored silently (a warning naming the object).
 */
const NOT_EVALUATED: Readonly<Record<string, readonly string[]>> = {
  'cilium.io': ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  'projectcalico.org': ['NetworkPolicy', 'GlobalNetworkPolicy'],
  'crd.projectcalico.org': ['NetworkPolicy', 'GlobalNetworkPolicy'],
  'crd.antrea.io': ['NetworkPolicy', 'ClusterNetworkPolicy'],
  'k8s.ovn.org': ['EgressFirewall'],
  'network.openshift.io': ['EgressNetworkPolicy'],
  'networking.gke.io': ['FQDNNetworkPolicy'],
};

/** The vendor when `kind` of `apiVersion` filters traffic but is not evaluated here. */
export function notEvaluatedVendor(kind: string, apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
  return NOT_EVALUATED[group]?.includes(kind) ? group : undefined;
}
