import { ALL_CONNS, NO_CONNS, intersectConns, unionConns, type ConnSet } from '../conn';
import { isSelectable } from '../evaluate';
import { type NetworkWants, type PlannedPolicy, type PlannedRule } from './types';

export interface PairPrediction {
  readonly from: string; // endpoint id
  readonly to: string;
  readonly allowed: ConnSet;
  /** Each side as the generated NetworkPolicies decide it (everything when they do not isolate it). */
  readonly egress: ConnSet;
  readonly ingress: ConnSet;
  /** Whether generated policies isolate the side (then the NetworkPolicy tier decides what admin tiers leave, R9.6). */
  readonly egressIsolated: boolean;
  readonly ingressIsolated: boolean;
}

/** Per pair (`pairKey`), what the plan allows; computed on demand (a million pairs are not stored). */
export interface Predictions {
  get(from: string, to: string): PairPrediction | undefined;
  /** Rules of both sides that admit part of the pair (asked only for pairs that differ from the intent). */
  rules(from: string, to: string): readonly PlannedRule[];
  /** The predictions of every pair of `ids` as numbers (see `PredictionTable`). */
  table(ids: readonly string[]): PredictionTable;
}

/**
 * Pairs of endpoints (indices into the ids asked for) with equal codes have equal predictions:
 * a pair's code is (egress code of the source towards the destination, ingress code of the
 * destination from the source). A side's code is -1 when the endpoint is not on the network
 * (no prediction), -2 when the generated policies do not isolate it, else the number of the
 * connections its policies admit from or to the other end.
 */
export interface PredictionTable {
  side(dir: 'egress' | 'ingress', self: number, other: number): number;
}

/**
 * What the planned policies allow on one network, from the generator's own bookkeeping (the
 * endpoints each peer and selector was built to match) — the engine must agree pair by pair.
 */
export function predictNetwork(net: NetworkWants, policies: readonly PlannedPolicy[]): Predictions {
  const bySubject = new Map<string, PlannedPolicy[]>();
  for (const p of policies)
    if (p.network === net.netId)
      for (const id of p.subjects) {
        const list = bySubject.get(id);
        if (list) list.push(p);
        else bySubject.set(id, [p]);
      }
  const side = (self: string, other: string, dir: 'ingress' | 'egress'): ConnSet => {
    let out = NO_CONNS;
    const list = bySubject.get(self);
    if (list)
      for (const p of list) for (const r of p[dir]) if (r.matches.has(other)) out = unionConns(out, r.conns);
    return out;
  };
  // which rules admit the pair: only asked for pairs that differ from the intent
  const rulesOf = (from: string, to: string, egress: boolean, ingress: boolean): PlannedRule[] => {
    const out: PlannedRule[] = [];
    const add = (self: string, other: string, dir: 'ingress' | 'egress') => {
      for (const p of bySubject.get(self) ?? [])
        for (const r of p[dir]) if (r.matches.has(other)) out.push(r);
    };
    if (egress) add(from, to, 'egress');
    if (ingress) add(to, from, 'ingress');
    return out;
  };
  const members = new Map(net.members.map((m) => [m.endpoint.id as string, m.endpoint]));
  // no policy on the network: nothing is isolated
  const isolated = policies.some((p) => p.network === net.netId);
  return {
    table(ids) {
      const at = new Map(ids.map((id, k) => [id, k]));
      const policyIndex = new Map(policies.map((p, k) => [p, k]));
      const setIds = new Map<string, number>();
      const unions = new Map<string, number>();
      const sets: ConnSet[] = [];
      const idOf = (c: ConnSet): number => {
        const k = JSON.stringify(c);
        let id = setIds.get(k);
        if (id === undefined) setIds.set(k, (id = sets.push(c) - 1));
        return id;
      };
      const none = idOf(NO_CONNS);
      const union = (a: number, b: number): number => {
        const k = `${a},${b}`;
        let id = unions.get(k);
        if (id === undefined) unions.set(k, (id = idOf(unionConns(sets[a] as ConnSet, sets[b] as ConnSet))));
        return id;
      };
      // one row per distinct list of policies: what they admit towards each endpoint of `ids`
      const build = (dir: 'ingress' | 'egress') => {
        const groupOf = new Int32Array(ids.length);
        const groups = new Map<readonly PlannedPolicy[], number>();
        const rows: Int32Array[] = [];
        const byList = new Map<string, number>();
        ids.forEach((id, k) => {
          const e = members.get(id);
          if (!e) return void (groupOf[k] = -1);
          if (!(isolated && isSelectable(e))) return void (groupOf[k] = -2);
          const list = bySubject.get(id) ?? [];
          let g = groups.get(list);
          if (g === undefined) {
            const key = list.map((p) => policyIndex.get(p)).join(',');
            g = byList.get(key);
            if (g === undefined) {
              byList.set(key, (g = rows.length));
              const row = new Int32Array(ids.length).fill(none);
              for (const p of list)
                for (const r of p[dir]) {
                  const c = idOf(r.conns);
                  for (const m of r.matches) {
                    const o = at.get(m);
                    if (o !== undefined) row[o] = union(row[o] as number, c);
                  }
                }
              rows.push(row);
            }
            groups.set(list, g);
          }
          groupOf[k] = g;
        });
        return { groupOf, rows };
      };
      const egress = build('egress');
      const ingress = build('ingress');
      return {
        side(dir, self, other) {
          const t = dir === 'egress' ? egress : ingress;
          const g = t.groupOf[self] as number;
          return g < 0 ? g : ((t.rows[g] as Int32Array)[other] as number);
        },
      };
    },
    rules(from, to) {
      const s = members.get(from);
      const d = members.get(to);
      return s && d ? rulesOf(from, to, isolated && isSelectable(s), isolated && isSelectable(d)) : [];
    },
    get(from, to) {
      const s = members.get(from);
      const d = members.get(to);
      if (!s || !d || from === to || (s.kind === 'External' && d.kind === 'External')) return undefined;
      const egressIsolated = isolated && isSelectable(s);
      const ingressIsolated = isolated && isSelectable(d);
      const egress = egressIsolated ? side(from, to, 'egress') : ALL_CONNS;
      const ingress = ingressIsolated ? side(to, from, 'ingress') : ALL_CONNS;
      return {
        from,
        to,
        allowed:
          egress === ingress || ingress === ALL_CONNS
            ? egress
            : egress === ALL_CONNS
              ? ingress
              : intersectConns(egress, ingress),
        egress,
        ingress,
        egressIsolated,
        ingressIsolated,
      };
    },
  };
}
