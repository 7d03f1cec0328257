// The engine's view module: what the store and the ui may ask of a result. Pair lookups keyed
// by endpoint id, verdict formatting, and form validation with the engine's own CIDR and ACL
// parsers. The store re-exports it (store/selectors.ts); the ui never imports the engine.
import type { AnalysisResult, CompactNetwork, Connection } from './analyze';
import { directionAllowed, type DirectionResult } from './evaluate';
import { allows, formatConns, intersectConns, isAllConns, isEmptyConns, type ConnSet } from './conn';
import { explainConnection } from './explain';
import { readerOf } from './classes';
import { changeRow, diffAnalyses } from './diff';
import type { DiffRow } from './protocol';
import { parseCidr, parseIp, rangeContains } from './cidr';
import { isParseError, parseAclMatch } from './acl/parse';
import type { NetworkAttachmentDefinition } from '../model/types';
import type { Protocol } from '../model/types';

export { formatConns, explainConnection };
export type { AnalysisResult, Connection, ConnSet };

/**
 * Pair lookups over an analysis, whether it lists every pair or ships compact class tables
 * for a large network (expanded here on demand, one pair at a time). Built once per result.
 */
export interface AnalysisView {
  readonly networks: readonly string[];
  /** Labels of the endpoints on a network, sorted. */
  endpointsOn(network: string): readonly string[];
  /** One pair; `from` and `to` are endpoint ids or labels (both are unique in a result). */
  find(from: string, to: string, network: string): Connection | undefined;
  /** Pairs touching one endpoint (id or label: its row and column) on every network. */
  touching(endpoint: string): Connection[];
  /** Every pair, or undefined when the design is too large to list them all. */
  all(): readonly Connection[] | undefined;
  readonly large: boolean;
}

const views = new WeakMap<AnalysisResult, AnalysisView>();

const keyOf = (fromId: string, toId: string, network: string) => `${network}\u0000${fromId}\u0000${toId}`;
const sortNets = (xs: Iterable<string>) =>
  [...new Set(xs)].sort((x, y) => (x === 'default' ? -1 : y === 'default' ? 1 : x.localeCompare(y)));

function compactFind(
  c: CompactNetwork,
  index: Map<string, number>,
  fromId: string,
  toId: string,
  key: string,
): Connection | undefined {
  const i = index.get(fromId);
  const j = index.get(toId);
  if (i === undefined || j === undefined || i === j) return undefined;
  const src = c.members[i];
  const dst = c.members[j];
  if (!src || !dst || (src.external && dst.external)) return undefined;
  if (c.network !== 'default' && key !== src.nad && key !== dst.nad) return undefined;
  const reader = readerOf(c);
  const r = reader.lookup(i, j);
  const egress = reader.results[r.egress] as DirectionResult;
  const ingress = reader.results[r.ingress] as DirectionResult;
  return {
    from: src.label,
    to: dst.label,
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
  /** endpoint ids per network key */
  const onNet = new Map<string, Set<string>>();
  /** label or id → id, id → label */
  const idOf = new Map<string, string>();
  const labelOf = new Map<string, string>();
  const known = (id: string, label: string) => {
    idOf.set(label, id).set(id, id);
    labelOf.set(id, label);
  };
  for (const c of a.connections) {
    byKey.set(keyOf(c.fromId, c.toId, c.network), c);
    const set = onNet.get(c.network) ?? new Set<string>();
    set.add(c.fromId).add(c.toId);
    onNet.set(c.network, set);
    known(c.fromId, c.from);
    known(c.toId, c.to);
  }
  const compactByKey = new Map<string, { net: CompactNetwork; index: Map<string, number> }>();
  for (const net of a.compact ?? []) {
    const index = new Map(net.members.map((m, k) => [m.id, k]));
    for (const m of net.members) known(m.id, m.label);
    const keys = net.network === 'default' ? ['default'] : [...new Set(net.members.map((m) => m.nad))];
    for (const k of keys) {
      compactByKey.set(k, { net, index });
      onNet.set(k, new Set(net.members.map((m) => m.id)));
    }
  }
  const networks = sortNets(onNet.keys());
  const id = (x: string) => idOf.get(x) ?? x;
  const v: AnalysisView = {
    networks,
    large: compactByKey.size > 0,
    endpointsOn: (network) => [...(onNet.get(network) ?? [])].map((x) => labelOf.get(x) ?? x).sort(),
    find(from, to, network) {
      const c = compactByKey.get(network);
      return c
        ? compactFind(c.net, c.index, id(from), id(to), network)
        : byKey.get(keyOf(id(from), id(to), network));
    },
    touching(endpoint) {
      const self = id(endpoint);
      const out: Connection[] = [];
      for (const network of networks) {
        for (const other of onNet.get(network) ?? []) {
          if (other === self) continue;
          const x = v.find(self, other, network);
          const y = v.find(other, self, network);
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

export type ChangeRow = DiffRow;

/** Gained/lost pairs; empty for designs too large to list every pair (see `viewOf(...).large`). */
export function diffChanges(before: AnalysisResult, after: AnalysisResult): ChangeRow[] {
  if (viewOf(before).large || viewOf(after).large) return [];
  return diffAnalyses(before, after).map(changeRow);
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
