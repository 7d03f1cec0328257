import type { IntentLine } from '../../model/intent';
import type { Peer, Policy, PolicyPort } from '../../model/types';
import type { ConnSet } from '../conn';
import type { Member } from '../networks';

/** One intent line's share of a pair: the connections it asks for. */
export interface WantPart {
  readonly line: number; // index into Resolved.lines
  readonly conns: ConnSet;
}

/** Every covered logical network: its members and what each ordered pair should allow. */
export interface NetworkWants {
  readonly netId: string;
  readonly members: readonly Member[];
  /** `pairKey(src, dst)` → the lines asking for it (empty pairs are absent: denied). */
  readonly pairs: ReadonlyMap<string, readonly WantPart[]>;
  /** OVN-K network without subnets: OVN-K refuses selector peers there (SEMANTICS R5.7). */
  readonly ipamless: boolean;
  /** A primary (C)UDN or primary NAD: NetworkPolicy of its namespaces applies there, MultiNetworkPolicy not (R10.9). */
  readonly primary: boolean;
}

export const pairKey = (src: string, dst: string): string => `${src}\u0000${dst}`;

/** A rule as planned: its peers, ports, and the endpoints its peers match on the network. */
export interface PlannedRule {
  /** undefined: every peer (never written by the generator, kept for symmetry with Rule). */
  readonly peers?: readonly Peer[];
  /** undefined: every protocol and port, ICMP included. */
  readonly ports?: readonly PolicyPort[];
  /** What the ports admit (everything when `ports` is absent). */
  readonly conns: ConnSet;
  /** Endpoint ids the peers match on this network. */
  readonly matches: ReadonlySet<string>;
  /** Intent lines the rule serves. */
  readonly lines: ReadonlySet<number>;
}

export interface PlannedPolicy {
  readonly policy: Policy;
  readonly network: string; // logical id
  /** Endpoint ids the policy selects on its network. */
  readonly subjects: ReadonlySet<string>;
  readonly ingress: readonly PlannedRule[];
  readonly egress: readonly PlannedRule[];
}

/** The lines of an intent, resolved against the manifests' networks. */
export interface Resolved {
  readonly covered: ReadonlySet<string>;
  readonly nets: ReadonlyMap<string, NetworkWants>;
  /** The user's lines, then the tool's own (DNS). */
  readonly lines: readonly IntentLine[];
  /** Per line: the endpoint ids it names (`*`: any, for the tool's own lines). */
  readonly ends: readonly { readonly from: string; readonly to: string }[];
  /** Per line: what it asks for. */
  readonly lineConns: readonly ConnSet[];
  /** Index of the implicit DNS line, when DNS egress is kept. */
  readonly dnsLine?: number;
}
