import type { Endpoint } from '../../model/types';
import { DEFAULT_NETWORK } from '../../model/types';
import { aclPair } from '../acl/layer';
import { partNumbering, resultNumbering, type NetworkVerdicts } from '../classes';
import { intersectConns, type ConnSet } from '../conn';
import { directionAllowed, type DirectionResult } from '../evaluate';
import type { Member } from '../networks';
import { lockPair } from '../udn/lock';
import type { Compiled } from './compile-model';
import type { AnalyzeOptions, CompactNetwork, Connection, NetworkSummary } from './result';

/** Code-point order: stable across locales, and far cheaper than localeCompare on 10,000s of pairs. */
export const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Every network's verdicts as the result lists them: pair by pair (sorted by network key,
 * from, then to), or as factor tables for networks above `compactAbove` ordered pairs.
 */
export function listPairs(
  c: Compiled,
  all: readonly { classes: NetworkVerdicts; hasAcls: boolean }[],
  labelOf: (e: Endpoint) => string,
  options: AnalyzeOptions,
): { connections: Connection[]; compact: CompactNetwork[]; networks: NetworkSummary[]; evaluated: number } {
  /** pairs per network key (`default` or a NAD key), each list sorted by from, then to */
  const byKey = new Map<string, Connection[]>();
  const compact: CompactNetwork[] = [];
  const networks: NetworkSummary[] = [];
  let evaluated = 0;
  for (const { classes, hasAcls } of all) {
    const netId = classes.network;
    const members = classes.members;
    const net = c.layout.networks.get(netId);
    networks.push({ id: netId, nads: net?.nads.map((n) => n.key) ?? [], members: members.length });
    if (
      !hasAcls &&
      options.compactAbove !== undefined &&
      members.length * (members.length - 1) > options.compactAbove
    )
      compact.push(compactNetwork(netId, members, classes, labelOf));
    else listNetwork(c, classes, hasAcls, labelOf, options, byKey);
    evaluated += classes.evaluated();
  }
  const connections: Connection[] = [];
  for (const key of [...byKey.keys()].sort(cmp))
    for (const x of byKey.get(key) as Connection[]) connections.push(x);
  return { connections, compact, networks, evaluated };
}

function listNetwork(
  c: Compiled,
  classes: NetworkVerdicts,
  hasAcls: boolean,
  labelOf: (e: Endpoint) => string,
  options: AnalyzeOptions,
  byKey: Map<string, Connection[]>,
): void {
  const netId = classes.network;
  const members = classes.members;
  // members in label order: each network key's pairs come out sorted (from, then to)
  const labels = members.map((m) => labelOf(m.endpoint));
  const order = members.map((_, k) => k).sort((x, y) => cmp(labels[x] as string, labels[y] as string));
  const both = new Map<DirectionResult, Map<DirectionResult, ConnSet>>();
  for (const i of order) {
    if (options.shouldStop?.()) break;
    const src = members[i] as Member;
    for (const j of order) {
      const dst = members[j] as Member;
      if (i === j || src.endpoint.id === dst.endpoint.id) continue; // R4.5
      if (src.endpoint.kind === 'External' && dst.endpoint.kind === 'External') continue; // R4.3
      const egress = classes.egress(i, j);
      const ingress = classes.ingress(i, j);
      let byIngress = both.get(egress);
      if (!byIngress) both.set(egress, (byIngress = new Map()));
      let policyAllowed = byIngress.get(ingress);
      if (!policyAllowed)
        byIngress.set(
          ingress,
          (policyAllowed = intersectConns(directionAllowed(egress), directionAllowed(ingress))),
        );
      const acl = hasAcls ? aclPair(c.subnets, netId, src, dst) : undefined;
      const lock =
        hasAcls && netId === DEFAULT_NETWORK && c.layout.locked
          ? lockPair(c.layout.locked, src.endpoint, dst.endpoint)
          : undefined;
      const afterAcl = acl ? intersectConns(policyAllowed, acl.allowed) : policyAllowed;
      const allowed = lock ? intersectConns(afterAcl, lock.allowed) : afterAcl;
      const add = (network: string) => {
        let list = byKey.get(network);
        if (!list) byKey.set(network, (list = []));
        list.push({
          from: labels[i] as string,
          to: labels[j] as string,
          fromId: src.endpoint.id,
          toId: dst.endpoint.id,
          network,
          allowed,
          egress,
          ingress,
          ...(acl ? { acl } : {}),
          ...(lock ? { udnLock: lock } : {}),
        });
      };
      if (netId === DEFAULT_NETWORK) add(DEFAULT_NETWORK);
      else {
        add(src.nad);
        if (dst.nad !== src.nad) add(dst.nad);
      }
    }
  }
}

function compactNetwork(
  network: string,
  members: readonly Member[],
  classes: NetworkVerdicts,
  labelOf: (e: Endpoint) => string,
): CompactNetwork {
  const { results, idOf } = resultNumbering();
  const { parts, idOf: partOf } = partNumbering();
  classes.prepareAll();
  const tables = classes.compact(idOf, partOf);
  return {
    network,
    members: members.map((m) => ({
      label: labelOf(m.endpoint),
      id: m.endpoint.id,
      nad: m.nad,
      external: m.endpoint.kind === 'External',
    })),
    tables,
    results,
    parts,
  };
}
