import type {
  IpBlock,
  LabelSelector,
  LabelSelectorRequirement,
  Peer,
  Policy,
  PolicyPort,
  Rule,
} from '../../model/types';
import { sameLabels, sameOrigin } from './same-endpoint';

/**
 * Equality of NetworkPolicies field by field: what `sameData` says, several times faster (every
 * edit compares every policy with the one compiled before).
 */

// every field is compared: a new field of these types fails the type check until it is added here
type Covers<T, K> = [Exclude<keyof T, K>] extends [never] ? true : never;
const covered: [
  Covers<
    Policy,
    | 'id'
    | 'kind'
    | 'name'
    | 'namespace'
    | 'origin'
    | 'podSelector'
    | 'policyTypes'
    | 'ingress'
    | 'egress'
    | 'policyFor'
    | 'apiRejected'
  >,
  Covers<Rule, 'peers' | 'ports'>,
  Covers<Peer, 'podSelector' | 'namespaceSelector' | 'ipBlock'>,
  Covers<IpBlock, 'cidr' | 'except'>,
  Covers<PolicyPort, 'protocol' | 'port' | 'endPort'>,
  Covers<LabelSelector, 'matchLabels' | 'matchExpressions'>,
  Covers<LabelSelectorRequirement, 'key' | 'operator' | 'values'>,
] = [true, true, true, true, true, true, true];
void covered;

// (plain functions, no closure per call: every edit compares every policy, and the comparison
// runs cold on an edit's first run, so it should allocate nothing)

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameRequirements(
  a: readonly LabelSelectorRequirement[] | undefined,
  b: readonly LabelSelectorRequirement[] | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as LabelSelectorRequirement;
    const y = b[i] as LabelSelectorRequirement;
    if (x.key !== y.key || x.operator !== y.operator || !sameStrings(x.values, y.values)) return false;
  }
  return true;
}

export function sameSelector(a: LabelSelector | undefined, b: LabelSelector | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const la = a.matchLabels;
  const lb = b.matchLabels;
  if (la !== lb && (!la || !lb || !sameLabels(la, lb))) return false;
  return sameRequirements(a.matchExpressions, b.matchExpressions);
}

function sameIpBlock(a: IpBlock | undefined, b: IpBlock | undefined): boolean {
  return a === b || (!!a && !!b && a.cidr === b.cidr && sameStrings(a.except, b.except));
}

function samePeers(a: readonly Peer[] | undefined, b: readonly Peer[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Peer;
    const y = b[i] as Peer;
    if (
      !sameSelector(x.podSelector, y.podSelector) ||
      !sameSelector(x.namespaceSelector, y.namespaceSelector) ||
      !sameIpBlock(x.ipBlock, y.ipBlock)
    )
      return false;
  }
  return true;
}

function samePorts(a: readonly PolicyPort[] | undefined, b: readonly PolicyPort[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PolicyPort;
    const y = b[i] as PolicyPort;
    if (x.protocol !== y.protocol || x.port !== y.port || x.endPort !== y.endPort) return false;
  }
  return true;
}

function sameRules(a: readonly Rule[] | undefined, b: readonly Rule[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Rule;
    const y = b[i] as Rule;
    if (!samePeers(x.peers, y.peers) || !samePorts(x.ports, y.ports)) return false;
  }
  return true;
}

/** Equal policies (as `sameData` would say, for the fields a Policy has). */
export function samePolicy(a: Policy, b: Policy): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.name === b.name &&
      a.namespace === b.namespace &&
      a.policyFor === b.policyFor &&
      a.apiRejected === b.apiRejected &&
      sameSelector(a.podSelector, b.podSelector) &&
      sameStrings(a.policyTypes, b.policyTypes) &&
      sameRules(a.ingress, b.ingress) &&
      sameRules(a.egress, b.egress) &&
      sameOrigin(a.origin, b.origin))
  );
}
