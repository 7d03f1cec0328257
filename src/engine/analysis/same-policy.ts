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

/** Both absent, or both present and equal by `same`. */
function both<T>(a: T | undefined, b: T | undefined, same: (x: T, y: T) => boolean): boolean {
  return a === b || (a !== undefined && b !== undefined && same(a, b));
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as T, b[i] as T)) return false;
  return true;
}

const sameString = (a: string, b: string) => a === b;

const sameRequirement = (a: LabelSelectorRequirement, b: LabelSelectorRequirement) =>
  a.key === b.key &&
  a.operator === b.operator &&
  both(a.values, b.values, (x, y) => sameList(x, y, sameString));

export const sameSelector = (a: LabelSelector, b: LabelSelector): boolean =>
  a === b ||
  (both(a.matchLabels, b.matchLabels, sameLabels) &&
    both(a.matchExpressions, b.matchExpressions, (x, y) => sameList(x, y, sameRequirement)));

const sameIpBlock = (a: IpBlock, b: IpBlock) =>
  a.cidr === b.cidr && both(a.except, b.except, (x, y) => sameList(x, y, sameString));

const samePeer = (a: Peer, b: Peer) =>
  both(a.podSelector, b.podSelector, sameSelector) &&
  both(a.namespaceSelector, b.namespaceSelector, sameSelector) &&
  both(a.ipBlock, b.ipBlock, sameIpBlock);

const samePort = (a: PolicyPort, b: PolicyPort) =>
  a.protocol === b.protocol && a.port === b.port && a.endPort === b.endPort;

const sameRule = (a: Rule, b: Rule) =>
  both(a.peers, b.peers, (x, y) => sameList(x, y, samePeer)) &&
  both(a.ports, b.ports, (x, y) => sameList(x, y, samePort));

const sameRules = (a: readonly Rule[], b: readonly Rule[]) => sameList(a, b, sameRule);

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
      both(a.policyTypes, b.policyTypes, (x, y) => sameList(x, y, sameString)) &&
      both(a.ingress, b.ingress, sameRules) &&
      both(a.egress, b.egress, sameRules) &&
      sameOrigin(a.origin, b.origin))
  );
}
