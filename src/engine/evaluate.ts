import { type Endpoint, type Labels, type NamedPort } from '../model/types';
import { rangeContains, type AddrRange } from './cidr';
import type { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, Direction } from './compile';
import { ALL_CONNS, NO_CONNS, connOf, isEmptyConns, unionConns, type ConnSet } from './conn';
import { icmpBypass } from './icmp-option';
import type { Member } from './networks';
import { matchSelector } from './selectors';

/** Which rule of which policy admitted which part of a direction's allowed set. */
export interface RuleContribution {
  readonly policy: string; // policy id
  readonly direction: Direction;
  readonly rule: number;
  readonly conns: ConnSet;
}

/** One cluster-policy rule that was the first match for part of a direction (SEMANTICS R9.16). */
export interface TierStep {
  readonly policy: string; // anp:name, banp:default, cnp:name
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  readonly tier: 'Admin' | 'Baseline';
  readonly priority?: number;
  readonly direction: Direction;
  readonly rule: number;
  readonly name?: string;
  readonly action: 'Allow' | 'Deny' | 'Pass';
  readonly conns: ConnSet;
}

/** The decision chain of a side some cluster policy selects. */
export interface TierChain {
  /** Admin-tier then Baseline-tier first matches, in evaluation order. */
  readonly steps: readonly TierStep[];
  /** What the NetworkPolicy tier decided (passed or unmatched by the Admin tier, NP isolating). */
  readonly networkPolicy: ConnSet;
  /** What no rule decided (or a Baseline Pass ended): allowed by default. */
  readonly byDefault: ConnSet;
  /** Policies of one tier with the same priority selecting this side: their order is undefined (R9.3, M21). */
  readonly ambiguous?: readonly string[];
}

export type DirectionResult =
  | { readonly isolated: false }
  | {
      readonly isolated: true;
      /** Policies that isolate this side on the network (ids). */
      readonly policies: readonly string[];
      readonly rules: readonly RuleContribution[];
      readonly allowed: ConnSet;
      /** Present when a cluster policy (ANP/BANP/CNP) selects this side (R9.6). */
      readonly tiers?: TierChain;
    };

export interface PairVerdict {
  readonly allowed: ConnSet;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
}

export interface EvalContext {
  readonly networkId: string;
  readonly namespaceLabels: (ns: string) => Labels;
  /**
   * The same answers as `peerMatches`, faster: the class tables read what their selectors match
   * once per label group or kind (classes/cache.ts), not selector by selector per evaluation
   */
  readonly matchPeer?: (peer: CompiledPeer, policyNs: string, m: Member) => boolean;
}

/** R4.7: hostNetwork pods and externals are never selected nor matched by selectors. */
export function isSelectable(e: Endpoint): boolean {
  return e.kind !== 'External' && !e.hostNetwork;
}

/** R1.1: the policy's namespace and podSelector select the endpoint. */
export function selects(p: CompiledPolicy, e: Endpoint): boolean {
  return (
    isSelectable(e) && p.policy.namespace === e.namespace && matchSelector(p.policy.podSelector, e.labels)
  );
}

function inExcept(except: readonly AddrRange[], ip: Parameters<typeof rangeContains>[1]): boolean {
  for (const x of except) if (rangeContains(x, ip)) return true;
  return false;
}

/** R2.4, R2.6, R5.6: does a peer match the member (selectors by labels, ipBlock by its IPs on this network)? */
export function peerMatches(peer: CompiledPeer, policyNs: string, m: Member, ctx: EvalContext): boolean {
  switch (peer.kind) {
    case 'nothing':
      return false;
    case 'ipBlock':
      // (loops, not closures: this runs per peer and class in every analysis)
      for (const ip of m.ips) if (rangeContains(peer.cidr, ip) && !inExcept(peer.except, ip)) return true;
      return false;
    case 'selector': {
      const e = m.endpoint;
      if (!isSelectable(e)) return false;
      if (peer.namespaceSelector) {
        if (!matchSelector(peer.namespaceSelector, ctx.namespaceLabels(e.namespace))) return false;
      } else if (e.namespace !== policyNs) return false;
      return peer.podSelector ? matchSelector(peer.podSelector, e.labels) : true;
    }
    default:
      return assertNever(peer);
  }
}

/** Whether one of the peers matches the member (`ctx.matchPeer` when given: the same answers). */
export function anyPeerMatches(
  peers: readonly CompiledPeer[],
  policyNs: string,
  m: Member,
  ctx: EvalContext,
): boolean {
  const match = ctx.matchPeer;
  for (let i = 0; i < peers.length; i++) {
    const x = peers[i] as CompiledPeer;
    if (match ? match(x, policyNs, m) : peerMatches(x, policyNs, m, ctx)) return true;
  }
  return false;
}

function assertNever(x: never): never {
  throw new Error(`unexpected variant ${JSON.stringify(x)}`);
}

/** R3.3: named ports resolve on the destination, same name and protocol. */
function portConns(ports: readonly CompiledPort[] | 'all', dst: readonly NamedPort[]): ConnSet {
  if (ports === 'all') return ALL_CONNS;
  let out = NO_CONNS;
  for (const p of ports) {
    if (p.kind === 'set') out = unionConns(out, connOf(p.protocol, p.set));
    else {
      for (const np of dst) {
        if (np.name === p.name && np.protocol === p.protocol)
          out = unionConns(out, connOf(p.protocol, [[np.port, np.port]]));
      }
    }
  }
  return out;
}

/**
 * A rule's ports resolved on the destination's named ports: computed once per rule, and per
 * named-port list for rules naming ports (`named` is the port kind that names one).
 */
export function rulePortsResolver<P extends { readonly kind: string }>(
  named: P['kind'],
  resolve: (ports: readonly P[] | 'all', dst: readonly NamedPort[]) => ConnSet,
): (rule: { readonly ports: readonly P[] | 'all' }, dst: readonly NamedPort[]) => ConnSet {
  // (the map by named-port list only for rules naming a port: most rules have none)
  const cache = new WeakMap<object, { plain?: ConnSet; named?: WeakMap<readonly NamedPort[], ConnSet> }>();
  return (rule, dst) => {
    let c = cache.get(rule);
    if (!c) cache.set(rule, (c = {}));
    else if (c.plain) return c.plain;
    if (rule.ports === 'all' || !rule.ports.some((x) => x.kind === named))
      return (c.plain ??= resolve(rule.ports, dst));
    c.named ??= new WeakMap();
    let r = c.named.get(dst);
    if (!r) c.named.set(dst, (r = resolve(rule.ports, dst)));
    return r;
  };
}
const rulePorts = rulePortsResolver<CompiledPort>('named', portConns);

function ruleConns(
  rule: CompiledRule,
  policyNs: string,
  peer: Member,
  dstPorts: readonly NamedPort[],
  ctx: EvalContext,
): ConnSet {
  if (rule.peers !== 'all' && !anyPeerMatches(rule.peers, policyNs, peer, ctx)) return NO_CONNS;
  return rulePorts(rule, dstPorts);
}

/**
 * One direction for one side: `subject` is the selected endpoint (dst for ingress, src for
 * egress), `peer` the other end. Allowed = union of matching rules of isolating policies.
 */
export function evaluateDirection(
  isolating: readonly CompiledPolicy[],
  dir: Direction,
  peer: Member,
  dstPorts: readonly NamedPort[],
  ctx: EvalContext,
): DirectionResult {
  if (isolating.length === 0) return { isolated: false };
  let allowed = NO_CONNS;
  const rules: RuleContribution[] = [];
  // (indexed loops: this runs once per class pair, about 200,000 times at 100,000 endpoints)
  for (let k = 0; k < isolating.length; k++) {
    const p = isolating[k] as CompiledPolicy;
    const list = dir === 'ingress' ? p.ingressRules : p.egressRules;
    for (let r = 0; r < list.length; r++) {
      const rule = list[r] as CompiledRule;
      const conns = ruleConns(rule, p.policy.namespace, peer, dstPorts, ctx);
      if (isEmptyConns(conns)) continue;
      rules.push(contribution(rule, p.policy.id, dir, conns));
      allowed = unionConns(allowed, conns);
    }
  }
  return withBypass(isolating, dir, rules, allowed);
}

/**
 * `evaluateDirection` with the rules' peer matches known (classes/plan.ts): `rules` are the
 * isolating policies' rules of the direction in order (with their `policies`' ids), `hit(k)`
 * whether the k-th one's peers match the peer. The same result, without asking each peer again.
 */
export function evaluateKnown(
  isolating: readonly CompiledPolicy[],
  dir: Direction,
  known: {
    readonly rules: readonly CompiledRule[];
    readonly policies: readonly string[];
    readonly hit: (k: number) => boolean;
  },
  dstPorts: readonly NamedPort[],
): DirectionResult {
  if (isolating.length === 0) return { isolated: false };
  let allowed = NO_CONNS;
  const out: RuleContribution[] = [];
  const { rules, policies, hit } = known;
  for (let k = 0; k < rules.length; k++) {
    if (!hit(k)) continue;
    const rule = rules[k] as CompiledRule;
    const conns = rulePorts(rule, dstPorts);
    if (isEmptyConns(conns)) continue;
    out.push(contribution(rule, policies[k] as string, dir, conns));
    allowed = unionConns(allowed, conns);
  }
  return withBypass(isolating, dir, out, allowed);
}

/** An isolated side's result, with what `allow-icmp-network-policy` adds (icmp-option.ts). */
function withBypass(
  isolating: readonly CompiledPolicy[],
  dir: Direction,
  rules: RuleContribution[],
  allowed: ConnSet,
): DirectionResult {
  const bypass = icmpBypass(isolating, dir, allowed);
  if (bypass) {
    rules.push(bypass);
    allowed = unionConns(allowed, bypass.conns);
  }
  return { isolated: true, policies: idsOf(isolating), rules: exact(rules), allowed };
}

const NO_RULES: readonly RuleContribution[] = Object.freeze([]);

/**
 * A list as kept: a pushed array holds room for 17 entries (about 150 bytes for one or two
 * contributions), and there is a result per class pair, all kept. The shared empty list when empty.
 */
function exact(list: RuleContribution[]): readonly RuleContribution[] {
  return list.length ? list.slice() : NO_RULES;
}

/**
 * A rule's contribution, the same object while its connections are (most rules allow one set
 * whatever the peer): results share them instead of holding a copy each.
 */
const contributions = new WeakMap<CompiledRule, RuleContribution>();
function contribution(rule: CompiledRule, policy: string, direction: Direction, conns: ConnSet) {
  let c = contributions.get(rule);
  if (c?.conns !== conns) contributions.set(rule, (c = { policy, direction, rule: rule.index, conns }));
  return c;
}

/** The policies' ids, one array per list (results of one factor share it). */
const ids = new WeakMap<readonly CompiledPolicy[], readonly string[]>();
function idsOf(list: readonly CompiledPolicy[]): readonly string[] {
  let out = ids.get(list);
  if (!out) ids.set(list, (out = list.map((p) => p.policy.id)));
  return out;
}

export function directionAllowed(r: DirectionResult): ConnSet {
  return r.isolated ? r.allowed : ALL_CONNS;
}
