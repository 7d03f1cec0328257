import type { Labels, Peer } from '../../model/types';
import { isSelectable } from '../evaluate';
import type { Member } from '../networks';
import { exactSelectors, labelKey } from './selectors';

/** The selectable members of one network, by namespace and label class. */
export interface Population {
  readonly all: readonly Member[];
  readonly selectable: readonly Member[];
  readonly byNs: ReadonlyMap<string, ReadonlyMap<string, readonly Member[]>>; // ns → class key → members
  readonly honoursSelectors: boolean;
}

export function population(members: readonly Member[], honoursSelectors: boolean): Population {
  const selectable = members.filter((m) => isSelectable(m.endpoint));
  const byNs = new Map<string, Map<string, Member[]>>();
  for (const m of selectable) {
    let classes = byNs.get(m.endpoint.namespace);
    if (!classes) byNs.set(m.endpoint.namespace, (classes = new Map()));
    const k = labelKey(m.endpoint.labels);
    const list = classes.get(k);
    if (list) list.push(m);
    else classes.set(k, [m]);
  }
  return { all: members, selectable, byNs, honoursSelectors };
}

export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface PeerPlan {
  readonly peers: Peer[];
  /** Endpoint ids the peers match on the network. */
  readonly matches: Set<string>;
  /** Wanted endpoints no peer can name (no selector there and no address). */
  readonly unaddressable: string[];
}

/**
 * Peers matching exactly the endpoints `want` (ids) on the network, as far as it can be:
 * selectors for whole label classes where the network honours them (`namespaceSelector: {}`,
 * a namespace, a group), /32 and /128 ipBlocks for the rest. `dontCare` (the rule's own single
 * subject: its traffic to itself is never evaluated) may be matched or not.
 */
export function planPeers(
  pop: Population,
  policyNs: string,
  want: ReadonlySet<string>,
  dontCare: ReadonlySet<string>,
): PeerPlan {
  const peers: Peer[] = [];
  const matches = new Set<string>();
  const unaddressable: string[] = [];
  const byIp: Member[] = [];
  const ok = (m: Member) => want.has(m.endpoint.id) || dontCare.has(m.endpoint.id);
  if (pop.honoursSelectors) {
    const wantedSelectable = pop.selectable.filter((m) => want.has(m.endpoint.id));
    if (wantedSelectable.length && pop.selectable.every(ok)) {
      peers.push({ namespaceSelector: {} });
      for (const m of pop.selectable) matches.add(m.endpoint.id);
    } else
      for (const ns of [...pop.byNs.keys()].sort()) {
        const classes = pop.byNs.get(ns) as ReadonlyMap<string, readonly Member[]>;
        const chosen: Labels[] = [];
        for (const members of classes.values()) {
          if (!members.some((m) => want.has(m.endpoint.id))) continue;
          const partial = !members.every(ok);
          // a class partly wanted: ipBlocks name its wanted members exactly, when they have addresses
          if (partial && members.every((m) => !want.has(m.endpoint.id) || m.ips.length > 0)) {
            byIp.push(...members.filter((m) => want.has(m.endpoint.id)));
            continue;
          }
          chosen.push((members[0] as Member).endpoint.labels);
          for (const m of members) matches.add(m.endpoint.id);
        }
        if (chosen.length === 0) continue;
        const all = [...classes.values()].map((ms) => (ms[0] as Member).endpoint.labels);
        const nsSelector = { matchLabels: { [NS_NAME_LABEL]: ns } };
        for (const { selector: sel } of exactSelectors(chosen, all)) {
          const wholeNs = Object.keys(sel).length === 0;
          if (ns === policyNs) peers.push({ podSelector: sel });
          else
            peers.push(
              wholeNs
                ? { namespaceSelector: nsSelector }
                : { namespaceSelector: nsSelector, podSelector: sel },
            );
        }
      }
    for (const m of pop.all) if (want.has(m.endpoint.id) && !isSelectable(m.endpoint)) byIp.push(m);
  } else for (const m of pop.all) if (want.has(m.endpoint.id)) byIp.push(m);

  const cidrs = new Set<string>();
  for (const m of byIp) {
    if (m.ips.length === 0) unaddressable.push(m.endpoint.id);
    for (const ip of m.ips) cidrs.add(`${ip.text}/${ip.family === 4 ? 32 : 128}`);
  }
  const addresses = new Set(byIp.flatMap((m) => m.ips.map((ip) => `${ip.family}:${ip.value}`)));
  // an ipBlock matches every member holding that address
  for (const m of pop.all)
    if (m.ips.some((ip) => addresses.has(`${ip.family}:${ip.value}`))) matches.add(m.endpoint.id);
  for (const cidr of [...cidrs].sort(compareCidr)) peers.push({ ipBlock: { cidr } });
  return { peers, matches, unaddressable };
}

function compareCidr(a: string, b: string): number {
  const na = a.split(/[./:]/).map((x) => parseInt(x, 16) || 0);
  const nb = b.split(/[./:]/).map((x) => parseInt(x, 16) || 0);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
