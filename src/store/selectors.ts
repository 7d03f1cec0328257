// Read helpers for views. They format and look up what the engine computed; the one
// verdict question the probe asks (is protocol/port in the allowed set) is answered by
// the engine's own `allows` on the engine's ConnSet.
import type { AnalysisResult, CompactNetwork, Connection } from '../engine/analyze';
import { directionAllowed, type DirectionResult } from '../engine/evaluate';
import { allows, formatConns, intersectConns, isAllConns, isEmptyConns, type ConnSet } from '../engine/conn';
import { explainConnection } from '../engine/explain';
import { compactLookup, type CompactFactor } from '../engine/classes';
import { diffAnalyses } from '../engine/diff';
import { parseCidr, parseIp, rangeContains } from '../engine/cidr';
import type { NetworkAttachmentDefinition } from '../model/types';
import type { Protocol } from '../model/types';

export { formatConns, explainConnection };
export type { Connection, ConnSet };

/**
 * Pair lookups over an analysis, whether it lists every pair or ships compact class tables
 * for a large network (expanded here on demand, one pair at a time). Built once per result.
 */
export interface AnalysisView {
  readonly networks: readonly string[];
  endpointsOn(network: string): readonly string[];
  find(from: string, to: string, network: string): Connection | undefined;
  /** Pairs touching one endpoint (its row and column) on every network. */
  touching(label: string): Connection[];
  /** Every pair, or undefined when the design is too large to list them all. */
  all(): readonly Connection[] | undefined;
  readonly large: boolean;
}

const views = new WeakMap<AnalysisResult, AnalysisView>();

const keyOf = (from: string, to: string, network: string) => `${network}\u0000${from}\u0000${to}`;
const sortNets = (xs: Iterable<string>) =>
  [...new Set(xs)].sort((x, y) => (x === 'default' ? -1 : y === 'default' ? 1 : x.localeCompare(y)));

const selMaps = new WeakMap<CompactFactor, Map<number, number>>();
const resultMaps = new WeakMap<CompactFactor, Map<number, number>>();

function compactFind(
  c: CompactNetwork,
  index: Map<string, number>,
  from: string,
  to: string,
  key: string,
): Connection | undefined {
  const i = index.get(from);
  const j = index.get(to);
  if (i === undefined || j === undefined || i === j) return undefined;
  const src = c.members[i];
  const dst = c.members[j];
  if (!src || !dst || (src.external && dst.external)) return undefined;
  if (c.network !== 'default' && key !== src.nad && key !== dst.nad) return undefined;
  const r = compactLookup(c.tables, i, j, selMaps, resultMaps);
  const egress = c.results[r.egress] as DirectionResult;
  const ingress = c.results[r.ingress] as DirectionResult;
  return {
    from,
    to,
    fromId: src.id,
    toId: dst.id,
    network: key,
    allowed: intersectConns(directionAllowed(egress), directionAllowed(ingress)),
    egress,
    ingress,
  };
}

export function viewOf(a: AnalysisResult): AnalysisView {
  const cached = views.get(a);
  if (cached) return cached;
  const byKey = new Map<string, Connection>();
  const onNet = new Map<string, Set<string>>();
  for (const c of a.connections) {
    byKey.set(keyOf(c.from, c.to, c.network), c);
    const set = onNet.get(c.network) ?? new Set<string>();
    set.add(c.from).add(c.to);
    onNet.set(c.network, set);
  }
  const compactByKey = new Map<string, { net: CompactNetwork; index: Map<string, number> }>();
  for (const net of a.compact ?? []) {
    const index = new Map(net.members.map((m, k) => [m.label, k]));
    const keys = net.network === 'default' ? ['default'] : [...new Set(net.members.map((m) => m.nad))];
    for (const k of keys) {
      compactByKey.set(k, { net, index });
      onNet.set(k, new Set(net.members.map((m) => m.label)));
    }
  }
  const networks = sortNets(onNet.keys());
  const v: AnalysisView = {
    networks,
    large: compactByKey.size > 0,
    endpointsOn: (network) => [...(onNet.get(network) ?? [])].sort(),
    find(from, to, network) {
      const c = compactByKey.get(network);
      return c ? compactFind(c.net, c.index, from, to, network) : byKey.get(keyOf(from, to, network));
    },
    touching(label) {
      const out: Connection[] = [];
      for (const network of networks) {
        for (const other of onNet.get(network) ?? []) {
          if (other === label) continue;
          const x = v.find(label, other, network);
          const y = v.find(other, label, network);
          if (x) out.push(x);
          if (y) out.push(y);
        }
      }
      return out;
    },
    all: () => (compactByKey.size ? undefined : a.connections),
  };
  views.set(a, v);
  return v;
}

export function networksOf(a: AnalysisResult | undefined): string[] {
  return a ? [...viewOf(a).networks] : [];
}

export function endpointsOn(a: AnalysisResult | undefined, network: string): string[] {
  return a ? [...viewOf(a).endpointsOn(network)] : [];
}

export function findConnection(
  a: AnalysisResult | undefined,
  from: string,
  to: string,
  network: string,
): Connection | undefined {
  return a ? viewOf(a).find(from, to, network) : undefined;
}

export type CellState = 'all' | 'some' | 'none';

export function cellState(c: ConnSet): CellState {
  return isAllConns(c) ? 'all' : isEmptyConns(c) ? 'none' : 'some';
}

export function probe(c: Connection, protocol: Protocol | 'ICMP', port: number | undefined): boolean {
  return allows(c.allowed, protocol, port);
}

export interface ChangeRow {
  readonly change: 'gained' | 'lost';
  readonly from: string;
  readonly to: string;
  readonly network: string;
  readonly text: string;
}

/** Gained/lost pairs; empty for designs too large to list every pair (see `viewOf(...).large`). */
export function diffChanges(before: AnalysisResult, after: AnalysisResult): ChangeRow[] {
  if (viewOf(before).large || viewOf(after).large) return [];
  return diffAnalyses(before, after).map((c) => ({
    change: c.change,
    from: c.from,
    to: c.to,
    network: c.network,
    text: formatConns(c.conns),
  }));
}

/** Form validation of an interface address against its network's subnets (R5.8). */
export function ipProblem(text: string, nad: NetworkAttachmentDefinition | undefined): string | undefined {
  const ip = parseIp(text.split('/')[0] ?? '');
  if (!ip) return `"${text}" is not an IP address`;
  const subnets = nad ? (nad.subnets.length ? nad.subnets : nad.ipamSubnets) : [];
  const ranges = subnets
    .map((s) => parseCidr(s.split('/').slice(0, 2).join('/')))
    .flatMap((p) => (p.ok ? [p.range] : []));
  if (ranges.length && !ranges.some((r) => rangeContains(r, ip)))
    return `${text} is outside the network's subnet ${subnets.join(', ')}`;
  return undefined;
}

export function cidrProblem(text: string): string | undefined {
  const p = parseCidr(text);
  return p.ok ? undefined : p.message;
}

import { isParseError, parseAclMatch } from '../engine/acl/parse';

/** Form validation of an OVN match expression: the engine's own parser and its message. */
export function aclMatchProblem(text: string): string | undefined {
  const e = parseAclMatch(text);
  return isParseError(e) ? `column ${e.pos + 1}: ${e.message}` : undefined;
}

/** Only one protocol of a connection set (the matrix's protocol filter). */
export function restrictTo(c: ConnSet, protocol: 'all' | Protocol | 'ICMP'): ConnSet {
  if (protocol === 'all') return c;
  return {
    TCP: protocol === 'TCP' ? c.TCP : [],
    UDP: protocol === 'UDP' ? c.UDP : [],
    SCTP: protocol === 'SCTP' ? c.SCTP : [],
    ICMP: protocol === 'ICMP' ? c.ICMP : false,
  };
}

/** Cell state within one protocol: all of it, some ports, or none. */
export function cellStateFor(c: ConnSet, protocol: 'all' | Protocol | 'ICMP'): CellState {
  if (protocol === 'all') return cellState(c);
  if (protocol === 'ICMP') return c.ICMP ? 'all' : 'none';
  const set = c[protocol];
  return set.length === 0
    ? 'none'
    : set.length === 1 && set[0]?.[0] === 1 && set[0]?.[1] === 65535
      ? 'all'
      : 'some';
}

export function formatFor(c: ConnSet, protocol: 'all' | Protocol | 'ICMP'): string {
  if (protocol === 'all') return formatConns(c);
  if (protocol === 'ICMP') return c.ICMP ? 'ICMP' : 'none';
  const t = formatConns(restrictTo(c, protocol));
  return t === 'none' ? 'none' : t.replace(`${protocol} `, '');
}
