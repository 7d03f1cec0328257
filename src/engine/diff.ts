import type { AnalysisResult } from './analyze';
import { NO_CONNS, isEmptyConns, subtractConns, type ConnSet } from './conn';

export interface ConnectionChange {
  readonly from: string;
  readonly to: string;
  readonly network: string;
  readonly change: 'gained' | 'lost';
  readonly conns: ConnSet;
}

const key = (c: { from: string; to: string; network: string }) => `${c.network}\u0000${c.from}\u0000${c.to}`;

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
    const ref = (y ?? x) as { from: string; to: string; network: string };
    const gained = subtractConns(y?.allowed ?? NO_CONNS, x?.allowed ?? NO_CONNS);
    const lost = subtractConns(x?.allowed ?? NO_CONNS, y?.allowed ?? NO_CONNS);
    if (!isEmptyConns(gained)) out.push({ from: ref.from, to: ref.to, network: ref.network, change: 'gained', conns: gained });
    if (!isEmptyConns(lost)) out.push({ from: ref.from, to: ref.to, network: ref.network, change: 'lost', conns: lost });
  }
  return out.sort((p, q) => p.network.localeCompare(q.network) || p.from.localeCompare(q.from) || p.to.localeCompare(q.to) || p.change.localeCompare(q.change));
}
