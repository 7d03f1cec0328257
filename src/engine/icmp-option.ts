// OVN-Kubernetes `allow-icmp-network-policy` (SEMANTICS R10.17): ICMP through NetworkPolicy default-deny.
import { DEFAULT_NETWORK } from '../model/types';
import type { CompiledPolicy, Direction } from './compile';
import { NO_CONNS, type ConnSet } from './conn';
import type { RuleContribution } from './evaluate';
import type { LogicalNetwork } from './networks';

/** The option's name as ovnkube spells it (flag `--allow-icmp-network-policy`, env OVN_ALLOW_ICMP_NETPOL). */
export const ALLOW_ICMP_OPTION = 'allow-icmp-network-policy';

/**
 * Whether the option opens ICMP on a network: the networks OVN-K enforces NetworkPolicy or
 * MultiNetworkPolicy on itself — `default`, a (C)UDN, an OVN-K NAD.
 *
 * Upstream (ovn-kubernetes/ovn-kubernetes 8871cd9, go-controller/pkg/ovn/
 * base_network_controller_policy.go:387-404 `buildDenyACLs`): with the option, each namespace's
 * default-deny port groups (one per direction, holding the ports some policy isolates in that
 * direction: `addPortsForPolicy`, :69-98) get an ACL `(icmp || icmp6)` (:44), action allow,
 * priority DefaultAllowPriority 1001 above the drop at 1000, in DefaultACLTier 2
 * (pkg/types/const.go:92-119): the NetworkPolicy tier. So ANP rules (tier 1) still decide first,
 * an isolated side never reaches the BANP (tier 3), and a side no policy isolates is unchanged.
 * That BaseNetworkController code (:284: it "serves both networkpolicies ... and
 * multi-networkpolicies") covers NetworkPolicy on `default` and primary UDNs and
 * MultiNetworkPolicy on OVN-K secondary networks (multipolicy_test.go:447 runs it with the option;
 * e2e network_segmentation_policy.go:208 and network_policy_icmp.go:27 ping through a deny-all
 * policy). Other NAD types are enforced by multi-networkpolicy-iptables, which ignores it.
 */
export function icmpBypassOn(net: Pick<LogicalNetwork, 'id' | 'isOvnk'> | undefined): boolean {
  return !!net && (net.id === DEFAULT_NETWORK || net.isOvnk);
}

/** ICMP alone. */
export const ICMP_ONLY: ConnSet = { ...NO_CONNS, ICMP: true };

/** The contribution's policy id: not a policy, so views that list a policy's rules leave it out. */
export const ICMP_OPTION_ID = `option:${ALLOW_ICMP_OPTION}`;

const BYPASS: Readonly<Record<Direction, RuleContribution>> = {
  ingress: { policy: ICMP_OPTION_ID, direction: 'ingress', rule: 0, conns: ICMP_ONLY },
  egress: { policy: ICMP_OPTION_ID, direction: 'egress', rule: 0, conns: ICMP_ONLY },
};

/**
 * What the option adds to a side isolated by `isolating` whose rules allow `allowed`: the
 * contribution opening ICMP, or undefined (option off here, or a rule already allows ICMP —
 * then the rule explains it and the result is the one without the option).
 */
export function icmpBypass(
  isolating: readonly CompiledPolicy[],
  dir: Direction,
  allowed: ConnSet,
): RuleContribution | undefined {
  if (allowed.ICMP) return undefined;
  for (let k = 0; k < isolating.length; k++)
    if ((isolating[k] as CompiledPolicy).icmpBypass) return BYPASS[dir];
  return undefined;
}

/** How explanations name the contribution. */
export const ICMP_OPTION_TEXT = `${ALLOW_ICMP_OPTION} (backend option)`;

/** "NetworkPolicy ns/a ingress[0]", or the option's name for its contribution. */
export function contributionName(c: RuleContribution, names: (id: string) => string): string {
  return c.policy === ICMP_OPTION_ID ? ICMP_OPTION_TEXT : `${names(c.policy)} ${c.direction}[${c.rule}]`;
}

/**
 * A policy that also applies on networks the option does not reach (an MNP naming an OVN-K NAD
 * and, say, a macvlan one): the copy evaluated there, without the bypass (one per policy, so the
 * class caches keep hitting).
 */
const plain = new WeakMap<CompiledPolicy, CompiledPolicy>();
export function withoutBypass(p: CompiledPolicy): CompiledPolicy {
  let q = plain.get(p);
  if (!q) {
    const { icmpBypass: _drop, ...rest } = p;
    plain.set(p, (q = rest));
  }
  return q;
}
