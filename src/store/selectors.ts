// Read helpers for views. They format and look up what the engine computed; the one
// verdict question the probe asks (is protocol/port in the allowed set) is answered by
// the engine's own `allows` on the engine's ConnSet.
import type { AnalysisResult, Connection } from '../engine/analyze';
import { allows, formatConns, isAllConns, isEmptyConns, type ConnSet } from '../engine/conn';
import { explainConnection } from '../engine/explain';
import { diffAnalyses } from '../engine/diff';
import { parseCidr, parseIp, rangeContains } from '../engine/cidr';
import type { NetworkAttachmentDefinition } from '../model/types';
import type { Protocol } from '../model/types';

export { formatConns, explainConnection };
export type { Connection, ConnSet };

export function networksOf(a: AnalysisResult | undefined): string[] {
  if (!a) return [];
  return [...new Set(a.connections.map((c) => c.network))].sort((x, y) => (x === 'default' ? -1 : y === 'default' ? 1 : x.localeCompare(y)));
}

export function endpointsOn(a: AnalysisResult | undefined, network: string): string[] {
  if (!a) return [];
  const s = new Set<string>();
  for (const c of a.connections) if (c.network === network) s.add(c.from).add(c.to);
  return [...s].sort();
}

export function findConnection(a: AnalysisResult | undefined, from: string, to: string, network: string): Connection | undefined {
  return a?.connections.find((c) => c.from === from && c.to === to && c.network === network);
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

export function diffChanges(before: AnalysisResult, after: AnalysisResult): ChangeRow[] {
  return diffAnalyses(before, after).map((c) => ({ change: c.change, from: c.from, to: c.to, network: c.network, text: formatConns(c.conns) }));
}

/** Form validation of an interface address against its network's subnets (R5.8). */
export function ipProblem(text: string, nad: NetworkAttachmentDefinition | undefined): string | undefined {
  const ip = parseIp(text.split('/')[0] ?? '');
  if (!ip) return `"${text}" is not an IP address`;
  const subnets = nad ? (nad.subnets.length ? nad.subnets : nad.ipamSubnets) : [];
  const ranges = subnets.map((s) => parseCidr(s.split('/').slice(0, 2).join('/'))).flatMap((p) => (p.ok ? [p.range] : []));
  if (ranges.length && !ranges.some((r) => rangeContains(r, ip))) return `${text} is outside the network's subnet ${subnets.join(', ')}`;
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
