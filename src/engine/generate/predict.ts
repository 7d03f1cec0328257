import { ALL_CONNS, NO_CONNS, intersectConns, unionConns, type ConnSet } from '../conn';
import { isSelectable } from '../evaluate';
import { pairKey, type NetworkWants, type PlannedPolicy, type PlannedRule } from './types';

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
  /** Rules of both sides that admit part of it. */
  readonly rules: readonly PlannedRule[];
}

/**
 * What the planned policies allow on one network, from the generator's own bookkeeping (the
 * endpoints each peer and selector was built to match) — the engine must agree pair by pair.
 */
export function predictNetwork(
  net: NetworkWants,
  policies: readonly PlannedPolicy[],
): Map<string, PairPrediction> {
  const bySubject = new Map<string, PlannedPolicy[]>();
  for (const p of policies)
    if (p.network === net.netId)
      for (const id of p.subjects) {
        const list = bySubject.get(id);
        if (list) list.push(p);
        else bySubject.set(id, [p]);
      }
  const side = (self: string, other: string, dir: 'ingress' | 'egress', rules: PlannedRule[]): ConnSet => {
    let out = NO_CONNS;
    for (const p of bySubject.get(self) ?? [])
      for (const r of p[dir])
        if (r.matches.has(other)) {
          out = unionConns(out, r.conns);
          rules.push(r);
        }
    return out;
  };
  const out = new Map<string, PairPrediction>();
  const isolated = policies.some((p) => p.network === net.netId);
  for (const s of net.members)
    for (const d of net.members) {
      const from = s.endpoint.id;
      const to = d.endpoint.id;
      if (from === to || (s.endpoint.kind === 'External' && d.endpoint.kind === 'External')) continue;
      const rules: PlannedRule[] = [];
      // no policy on the network: nothing is isolated
      const egressIsolated = isolated && isSelectable(s.endpoint);
      const ingressIsolated = isolated && isSelectable(d.endpoint);
      const egress = egressIsolated ? side(from, to, 'egress', rules) : ALL_CONNS;
      const ingress = ingressIsolated ? side(to, from, 'ingress', rules) : ALL_CONNS;
      out.set(pairKey(from, to), {
        from,
        to,
        allowed: intersectConns(egress, ingress),
        egress,
        ingress,
        egressIsolated,
        ingressIsolated,
        rules,
      });
    }
  return out;
}
