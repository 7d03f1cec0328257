import { DEFAULT_NETWORK } from '../../model/types';
import type { CompactNetwork, Connection } from '../analyze';
import { readerOf } from '../classes';
import { intern } from '../classes/features';
import { tableRows } from '../diff-rows';
import { directionAllowed } from '../evaluate';
import type { AnalysisView } from '../view';
import type { Plan } from './index';
import { pairKey } from './types';

interface Scan {
  readonly netIdOf: (key: string) => string | undefined;
  readonly covered: ReadonlySet<string>;
  readonly multiKey: ReadonlySet<string>;
  readonly plan: Plan;
  /** Whether the pair's verdict is the intent's and the prediction's (no report). */
  readonly ok: (c: Connection, netId: string) => boolean;
  /** The whole check of one pair, counting and reporting included. */
  readonly check: (c: Connection) => void;
  /** One pair checked without becoming a connection (judged alike to one that was). */
  readonly counted: () => void;
}

/**
 * Every pair of a network the engine answered with class tables, checked as `verifyPlan` checks
 * a listed pair, in the same order, but judged per kind: a pair's verdict depends only on what
 * its two direction results allow (R4.1; the results themselves where admin tiers decide), its prediction only on the prediction codes of its two ends
 * (`PredictionTable`), and a pair the intent does not name wants nothing. Pairs alike in all
 * three are judged on the first of them; those judged wrong, and those the intent names, go
 * through the full check (with their reports). Networks reached through several NADs, or with
 * an endpoint twice, take the pair-by-pair path.
 */
export function scanCompact(net: CompactNetwork, view: AnalysisView, s: Scan): void {
  const ms = net.members;
  const n = ms.length;
  const keyOf = (i: number, j: number): string[] =>
    net.network === DEFAULT_NETWORK
      ? [DEFAULT_NETWORK]
      : [...new Set([(ms[i] as (typeof ms)[0]).nad, (ms[j] as (typeof ms)[0]).nad])];
  const slow = (): void => {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = ms[i] as (typeof ms)[0];
        const b = ms[j] as (typeof ms)[0];
        if (a.id === b.id || (a.external && b.external)) continue;
        for (const k of keyOf(i, j)) {
          const c = view.find(a.id, b.id, k);
          if (c) s.check(c);
        }
      }
  };
  const key = net.network === DEFAULT_NETWORK ? DEFAULT_NETWORK : (ms[0]?.nad ?? '');
  const netId = s.netIdOf(key);
  if (!netId || !s.covered.has(netId)) return; // nothing of it is checked
  const oneKey = net.network === DEFAULT_NETWORK || ms.every((m) => m.nad === key);
  if (!oneKey || s.multiKey.has(netId) || new Set(ms.map((m) => m.id)).size !== n) return slow();
  const ids = ms.map((m) => m.id);
  const reader = readerOf(net);
  const rows = tableRows(reader, n);
  const predicted = s.plan.predicted.get(netId)?.table(ids);
  const at = new Map<string, number>(ids.map((id, k) => [id, k]));
  /** pairs the intent names (their wants differ pair by pair): i * n + j */
  const named = new Set<number>();
  for (const k of s.plan.resolved.nets.get(netId)?.pairs.keys() ?? []) {
    const [from, to] = k.split('\u0000') as [string, string];
    const i = at.get(from);
    const j = at.get(to);
    if (i !== undefined && j !== undefined && pairKey(from, to) === k) named.add(i * n + j);
  }
  /** (egress result, ingress result) → (prediction codes) → judged ok */
  const judged = new Map<number, Map<number, boolean>>();
  // a result counts by what it allows, except where admin tiers decide part of it (the check
  // then reads the result itself)
  const kinds = new Map<string, number>();
  const kindOf = Int32Array.from(reader.results, (r, k) =>
    intern(kinds, r.isolated && r.tiers ? `#${k}` : JSON.stringify(directionAllowed(r))),
  );
  const R = reader.results.length;
  for (let i = 0; i < n; i++) {
    const a = ms[i] as (typeof ms)[0];
    const er = rows.egressRow[i] as number;
    for (let j = 0; j < n; j++) {
      const b = ms[j] as (typeof ms)[0];
      if (i === j || (a.external && b.external)) continue;
      const full = (): void => {
        const c = view.find(a.id, b.id, key);
        if (c) s.check(c);
      };
      if (named.has(i * n + j)) {
        full();
        continue;
      }
      const ir = rows.ingressRow[j] as number;
      const e = er < 0 ? 0 : ((rows.rows[er] as Int32Array)[j] as number);
      const g = ir < 0 ? 0 : ((rows.rows[ir] as Int32Array)[i] as number);
      const pe = predicted ? predicted.side('egress', i, j) : -3;
      const pi = predicted ? predicted.side('ingress', j, i) : -3;
      const eg = (kindOf[e] as number) * R + (kindOf[g] as number);
      let byPrediction = judged.get(eg);
      if (!byPrediction) judged.set(eg, (byPrediction = new Map()));
      const p = (pe + 3) * 2 ** 24 + (pi + 3);
      const ok = byPrediction.get(p);
      if (ok === true) s.counted();
      else if (ok === false) full();
      else {
        const c = view.find(a.id, b.id, key) as Connection;
        const fine = s.ok(c, netId);
        byPrediction.set(p, fine);
        if (fine) s.counted();
        else s.check(c);
      }
    }
  }
}
