import type { AnalysisResult } from '../engine/analyze';

/**
 * How many ordered pairs the analysis covers, listed or compact: the status bar's count
 * (a large design ships compact class tables instead of `connections`).
 * Matches the pairs a full analysis lists: never a workload with itself, never two external
 * hosts, and on a secondary network at least one side attached to it.
 */
export function pairCount(a: AnalysisResult): number {
  let n = a.connections.length;
  for (const c of a.compact ?? []) {
    const ext = c.members.filter((m) => m.external).length;
    if (c.network === 'default') {
      const t = c.members.length;
      n += t * (t - 1) - ext * (ext - 1);
      continue;
    }
    for (const key of new Set(c.members.map((m) => m.nad))) {
      const inA = c.members.filter((m) => m.nad === key);
      const a1 = inA.length;
      const b1 = c.members.length - a1;
      const ae = inA.filter((m) => m.external).length;
      const be = ext - ae;
      n += a1 * (a1 - 1) + 2 * a1 * b1 - (ae * (ae - 1) + 2 * ae * be);
    }
  }
  return n;
}
