import type { NamedPort } from '../../model/types';
import type { CompiledPolicy, Direction } from '../compile';
import {
  ALL_CONNS,
  NO_CONNS,
  connOf,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
  type ConnSet,
} from '../conn';
import {
  evaluateDirection,
  peerMatches,
  type DirectionResult,
  type EvalContext,
  type RuleContribution,
  type TierStep,
} from '../evaluate';
import type { Member } from '../networks';
import { tierOrder, type AdminPort, type AdminRule, type CompiledClusterPolicy } from './compile';

/** Either kind of policy a factor holds: NetworkPolicy / MNP, or a cluster policy. */
export type Decider = CompiledPolicy | CompiledClusterPolicy;

export function isCluster(p: Decider): p is CompiledClusterPolicy {
  return 'admin' in p;
}

/** R9.11: ports on the destination's named ports (any protocol for a named port). */
function portConns(ports: readonly AdminPort[] | 'all', dst: readonly NamedPort[]): ConnSet {
  if (ports === 'all') return ALL_CONNS;
  let out = NO_CONNS;
  for (const p of ports) {
    if (p.kind === 'set') out = unionConns(out, connOf(p.protocol, p.set));
    else
      for (const np of dst)
        if (np.name === p.name) out = unionConns(out, connOf(np.protocol, [[np.port, np.port]]));
  }
  return out;
}

const portsCache = new WeakMap<
  AdminRule,
  { plain?: ConnSet; named: WeakMap<readonly NamedPort[], ConnSet> }
>();
function rulePorts(rule: AdminRule, dst: readonly NamedPort[]): ConnSet {
  let c = portsCache.get(rule);
  if (!c) portsCache.set(rule, (c = { named: new WeakMap() }));
  if (rule.ports === 'all' || !rule.ports.some((x) => x.kind === 'named-any'))
    return (c.plain ??= portConns(rule.ports, dst));
  let r = c.named.get(dst);
  if (!r) c.named.set(dst, (r = portConns(rule.ports, dst)));
  return r;
}

/** R9.4: a rule matches when one of its peers matches the other end and its ports the connection. */
function ruleConns(rule: AdminRule, peer: Member, dst: readonly NamedPort[], ctx: EvalContext): ConnSet {
  if (!rule.peers.some((x) => peerMatches(x, '', peer, ctx))) return NO_CONNS;
  return rulePorts(rule, dst);
}

/** First match over ordered policies and rules, on the connections still undecided. */
function firstMatch(
  policies: readonly CompiledClusterPolicy[],
  dir: Direction,
  peer: Member,
  dst: readonly NamedPort[],
  ctx: EvalContext,
  undecided: ConnSet,
  steps: TierStep[],
): ConnSet {
  let left = undecided;
  for (const p of policies) {
    for (const rule of dir === 'ingress' ? p.ingressRules : p.egressRules) {
      if (isEmptyConns(left)) return left;
      const m = intersectConns(ruleConns(rule, peer, dst, ctx), left);
      if (isEmptyConns(m)) continue;
      left = subtractConns(left, m);
      steps.push({
        policy: p.policy.id,
        kind: p.admin.kind,
        tier: p.admin.tier,
        ...(p.admin.kind === 'BaselineAdminNetworkPolicy' ? {} : { priority: p.admin.priority }),
        direction: dir,
        rule: rule.index,
        ...(rule.name !== undefined ? { name: rule.name } : {}),
        action: rule.action,
        conns: m,
      });
    }
  }
  return left;
}

function sumOf(steps: readonly TierStep[], tier: 'Admin' | 'Baseline', action: TierStep['action']): ConnSet {
  let out = NO_CONNS;
  for (const s of steps) if (s.tier === tier && s.action === action) out = unionConns(out, s.conns);
  return out;
}

/** Ids of sorted policies sharing a priority with a neighbour (BANP has none). */
function tied(sorted: readonly CompiledClusterPolicy[]): string[] {
  const out = new Set<string>();
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1] as CompiledClusterPolicy;
    const b = sorted[k] as CompiledClusterPolicy;
    if (a.admin.kind === 'BaselineAdminNetworkPolicy' || b.admin.kind === 'BaselineAdminNetworkPolicy')
      continue;
    if (a.admin.priority === b.admin.priority) {
      out.add(a.policy.id);
      out.add(b.policy.id);
    }
  }
  return [...out];
}

/**
 * One direction under the tiers (SEMANTICS R9.6, R9.15): the Admin tier in priority order,
 * first match; what it passes or leaves undecided goes to the NetworkPolicy tier if any
 * NetworkPolicy isolates the side, else to the Baseline tier (first match), else it is allowed.
 * Without cluster policies this is `evaluateDirection` exactly.
 */
export function evaluateTiers(
  deciders: readonly Decider[],
  dir: Direction,
  peer: Member,
  dst: readonly NamedPort[],
  ctx: EvalContext,
): DirectionResult {
  const nps: CompiledPolicy[] = [];
  const admin: CompiledClusterPolicy[] = [];
  const baseline: CompiledClusterPolicy[] = [];
  for (const d of deciders) {
    if (!isCluster(d)) nps.push(d);
    else (d.admin.tier === 'Admin' ? admin : baseline).push(d);
  }
  if (admin.length === 0 && baseline.length === 0) return evaluateDirection(nps, dir, peer, dst, ctx);
  admin.sort(tierOrder);
  // BANP after the Baseline-tier CNPs (open question 7)
  const banpLast = (p: CompiledClusterPolicy) => (p.admin.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
  baseline.sort((a, b) => banpLast(a) - banpLast(b) || tierOrder(a, b));
  const steps: TierStep[] = [];
  const undecided = firstMatch(admin, dir, peer, dst, ctx, ALL_CONNS, steps);
  const rest = unionConns(undecided, sumOf(steps, 'Admin', 'Pass'));
  let allowed = sumOf(steps, 'Admin', 'Allow');
  let rules: RuleContribution[] = [];
  let networkPolicy = NO_CONNS;
  let byDefault = NO_CONNS;
  if (!isEmptyConns(rest)) {
    if (nps.length) {
      // R9.6 step 2: the NetworkPolicy tier decides everything left; BANP not consulted
      const np = evaluateDirection(nps, dir, peer, dst, ctx);
      networkPolicy = rest;
      if (np.isolated) {
        allowed = unionConns(allowed, intersectConns(rest, np.allowed));
        rules = np.rules
          .map((r) => ({ ...r, conns: intersectConns(r.conns, rest) }))
          .filter((r) => !isEmptyConns(r.conns));
      }
    } else {
      const left = firstMatch(baseline, dir, peer, dst, ctx, rest, steps);
      // a Baseline Pass (CNP) ends the Baseline tier: default allow
      byDefault = unionConns(left, sumOf(steps, 'Baseline', 'Pass'));
      allowed = unionConns(allowed, unionConns(sumOf(steps, 'Baseline', 'Allow'), byDefault));
    }
  }
  const ambiguous = tied(admin).concat(tied(baseline));
  return {
    isolated: true,
    policies: nps.map((p) => p.policy.id),
    rules,
    allowed,
    tiers: { steps, networkPolicy, byDefault, ...(ambiguous.length ? { ambiguous } : {}) },
  };
}
