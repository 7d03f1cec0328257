import type { EndpointId } from '../model/ids';
import type { DiffRow } from './protocol';
import type { AnalysisResult } from './analyze';
import { NO_CONNS, formatConns, isEmptyConns, subtractConns, type ConnSet } from './conn';
import { byPairOrder } from './diff-models';

export { diffModels } from './diff-models';

export interface ConnectionChange {
  /** Display labels (see `Connection`). */
  readonly from: string;
  readonly to: string;
  /** Endpoint ids: pairs are matched across the two sides by these. */
  readonly fromId: EndpointId;
  readonly toId: EndpointId;
  readonly network: string;
  readonly change: 'gained' | 'lost';
  readonly conns: ConnSet;
}

/** One change as the page shows it (connections formatted). */
export function changeRow(c: ConnectionChange): DiffRow {
  const { conns, ...pair } = c;
  return { ...pair, text: formatConns(conns) };
}

const key = (c: { fromId: string; toId: string; network: string }) =>
  `${c.network}\u0000${c.fromId}\u0000${c.toId}`;

/**
 * Reachability diff: per (from, to, network), what `after` allows that `before` did not
 * (gained) and the reverse (lost). Pairs that exist on one side only count in full.
 */
export function diffAnalyses(before: AnalysisResult, after: AnalysisResult): ConnectionChange[] {
  const b = new Map(before.connections.map((c) => [key(c), c]));
  const a = new Map(after.connections.map((c) => [key(c), c]));
  const out: ConnectionChange[] = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(k);
    const y = a.get(k);
    const ref = (y ?? x) as AnalysisResult['connections'][number];
    const pair = { from: ref.from, to: ref.to, fromId: ref.fromId, toId: ref.toId, network: ref.network };
    const gained = subtractConns(y?.allowed ?? NO_CONNS, x?.allowed ?? NO_CONNS);
    const lost = subtractConns(x?.allowed ?? NO_CONNS, y?.allowed ?? NO_CONNS);
    if (!isEmptyConns(gained)) out.push({ ...pair, change: 'gained', conns: gained });
    if (!isEmptyConns(lost)) out.push({ ...pair, change: 'lost', conns: lost });
  }
  return byPairOrder(out);
}
