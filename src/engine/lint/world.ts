import type { Diagnostic } from '../../model/diagnostic';
import type { Endpoint, LabelSelector, Labels, Model } from '../../model/types';
import type { Compiled } from '../analyze';
import { sameData } from '../analysis/same-data';
import type { CompiledPolicy } from '../compile';
import { matchSelector } from '../selectors';
import type { LintIndex } from './context';

interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** One endpoint as the per-policy rules see it: the object, its network members and lock (R10.6). */
interface Seen {
  readonly endpoint: Endpoint;
  /** network, NAD, IP source and addresses of each member, in layout order */
  members: string;
  readonly ips: Address[];
}

/**
 * The workloads and namespaces of one lint run, kept to tell the next run what changed. What
 * the per-policy rules read beyond the policy is here: namespaces and their labels, the
 * networks, each endpoint with its members (addresses), the named ports in use.
 */
export class WorldSnapshot {
  /** namespaces, their labels, networks and primary networks: a change re-checks everything */
  readonly frame: string;
  readonly byId = new Map<string, Seen>();
  readonly order: readonly string[];
  readonly namedPorts: ReadonlySet<string>;

  constructor(model: Model, compiled: Compiled, index: LintIndex) {
    const layout = compiled.layout;
    this.frame = JSON.stringify([index.nsKey, [...layout.networks.keys()], [...(layout.primaryOf ?? [])]]);
    this.order = model.endpoints.map((e) => e.id);
    for (const e of model.endpoints)
      this.byId.set(e.id, { endpoint: e, members: layout.locked?.has(e.id) ? 'locked' : '', ips: [] });
    for (const [net, members] of layout.members)
      for (const m of members) {
        const s = this.byId.get(m.endpoint.id);
        if (!s) continue;
        s.members += `|${net} ${m.nad} ${m.ipSource} ${m.ips.map((ip) => ip.text).join(',')}`;
        s.ips.push(...m.ips);
      }
    this.namedPorts = index.namedPorts;
  }
}

/** What changed between two runs, for `affected`: everything, or these parts. */
export type Change =
  | 'all'
  | {
      /** namespaces with an endpoint added, removed or changed */
      readonly namespaces: ReadonlySet<string>;
      /** label sets of those endpoints, before and after */
      readonly labels: readonly Labels[];
      /** before and after, the addresses of those whose members, kind or name changed */
      readonly addresses: readonly Address[];
      readonly namedPorts: boolean;
    };

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function changes(before: WorldSnapshot, after: WorldSnapshot): Change {
  if (before.frame !== after.frame) return 'all';
  const dirty = new Set<string>();
  for (const [id, now] of after.byId) {
    const was = before.byId.get(id);
    // sameData is cheap on the objects an edit keeps
    if (!was || was.members !== now.members || !sameData(was.endpoint, now.endpoint)) dirty.add(id);
  }
  for (const id of before.byId.keys()) if (!after.byId.has(id)) dirty.add(id);
  // the others keep their order (label groups, hints and address lists are built in model order)
  const kept = (order: readonly string[]) => order.filter((id) => !dirty.has(id)).join('\u0000');
  if (kept(before.order) !== kept(after.order)) return 'all';
  const namespaces = new Set<string>();
  const labels: Labels[] = [];
  const addresses: Address[] = [];
  for (const id of dirty) {
    const was = before.byId.get(id);
    const now = after.byId.get(id);
    // ipBlock findings name members by kind, namespace and name: a label edit keeps them
    const moved =
      !was ||
      !now ||
      was.members !== now.members ||
      was.endpoint.kind !== now.endpoint.kind ||
      was.endpoint.namespace !== now.endpoint.namespace ||
      was.endpoint.name !== now.endpoint.name;
    for (const s of [was, now]) {
      if (!s) continue;
      namespaces.add(s.endpoint.namespace);
      labels.push(s.endpoint.labels);
      if (moved) addresses.push(...s.ips);
    }
  }
  return { namespaces, labels, addresses, namedPorts: !sameSet(before.namedPorts, after.namedPorts) };
}

/**
 * Can the change alter this policy's own findings (`before`, lint.ts `lintPolicy`)? They read
 * the workloads of its namespace; in the namespaces its peers select, whether a peer matches
 * (and, when it matches nothing, near misses; on primary UDNs, the networks of what it
 * matches); for a peer that matches nothing, where else its podSelector matches; addresses
 * inside its ipBlocks; for named ports, the ports in use. A workload outside its namespace
 * changes whether a peer matches only if its labels (before or after) match the peer, and a
 * peer that matched and still matches says nothing either way.
 */
export function affected(
  cp: CompiledPolicy,
  change: Change,
  before: readonly Diagnostic[],
  compiled: Compiled,
  index: LintIndex,
): boolean {
  if (change === 'all') return true;
  const p = cp.policy;
  if (change.namespaces.has(p.namespace)) return true;
  const udn = !!compiled.layout.primaryOf?.size;
  const unmatched = before.some((d) => d.code === 'selector-matches-nothing');
  const changedIn = (sel: LabelSelector) =>
    [...change.namespaces].filter((ns) => matchSelector(sel, compiled.namespaceLabels(ns)));
  const anyLabels = (sel: LabelSelector) => change.labels.some((l) => matchSelector(sel, l));
  for (const s of [cp, ...(cp.rejected ? [cp.rejected] : [])])
    for (const rules of [s.ingressRules, s.egressRules])
      for (const r of rules) {
        if (change.namedPorts && r.ports !== 'all' && r.ports.some((x) => x.kind === 'named')) return true;
        if (r.peers === 'all') continue;
        for (const peer of r.peers) {
          if (peer.kind === 'selector') {
            const pods = peer.podSelector;
            const nsSel = peer.namespaceSelector;
            const changed = nsSel ? changedIn(nsSel) : [];
            if (nsSel && changed.length) {
              if (udn) return true;
              // a peer that matched stays silent while it still matches (the changed namespaces first)
              const still = (sel: LabelSelector) =>
                index.anyMatch(sel, changed) || index.anyMatch(sel, index.namespacesMatching(nsSel));
              if (pods && (unmatched || (anyLabels(pods) && !still(pods)))) return true;
            }
            if (pods && unmatched && anyLabels(pods)) return true;
          } else if (peer.kind === 'ipBlock') {
            const c = peer.cidr;
            if (change.addresses.some((a) => a.family === c.family && a.value >= c.start && a.value <= c.end))
              return true;
          }
        }
      }
  return false;
}
