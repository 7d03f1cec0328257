import { DEFAULT_NETWORK, endpointLabel, type Model } from '../model/types';
import { aclPair } from './acl/layer';
import { Analyzer, type AnalysisResult, type Compiled } from './analyze';
import type { NetworkVerdicts } from './classes';
import { NO_CONNS, intersectConns, isEmptyConns, subtractConns, type ConnSet } from './conn';
import { directionAllowed, type DirectionResult } from './evaluate';
import type { Member } from './networks';

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

/**
 * The same diff from two models without listing every pair: verdicts are looked up pair by pair
 * in each side's factor tables and only changes are kept, so memory grows with the changes, not
 * with N x N (the CLI's `diff` on large designs).
 */
export function diffModels(before: Model, after: Model): ConnectionChange[] {
  interface Side {
    readonly nets: Map<string, { v: NetworkVerdicts; hasAcls: boolean; index: Map<string, number[]> }>;
    readonly subnets: Compiled['subnets'];
  }
  const side = (model: Model): Side => {
    const { compiled, classes } = new Analyzer().classes(model);
    const nets = new Map<string, { v: NetworkVerdicts; hasAcls: boolean; index: Map<string, number[]> }>();
    for (const { classes: v, hasAcls } of classes) {
      const index = new Map<string, number[]>();
      v.members.forEach((m, i) => {
        const l = endpointLabel(m.endpoint);
        index.set(l, [...(index.get(l) ?? []), i]);
      });
      nets.set(v.network, { v, hasAcls, index });
    }
    return { nets, subnets: compiled.subnets };
  };
  const b = side(before);
  const a = side(after);
  const both = new Map<DirectionResult, Map<DirectionResult, ConnSet>>();
  /** What `s` allows from → to under network key `key` (undefined: no such pair). */
  const allowedOf = (s: Side, netId: string, key: string, from: string, to: string): ConnSet | undefined => {
    const n = s.nets.get(netId);
    if (!n) return undefined;
    for (const i of n.index.get(from) ?? []) {
      for (const j of n.index.get(to) ?? []) {
        const src = n.v.members[i] as Member;
        const dst = n.v.members[j] as Member;
        if (i === j || src.endpoint.id === dst.endpoint.id) continue; // R4.5
        if (src.endpoint.kind === 'External' && dst.endpoint.kind === 'External') continue; // R4.3
        if (netId !== DEFAULT_NETWORK && src.nad !== key && dst.nad !== key) continue;
        const e = n.v.egress(i, j);
        const g = n.v.ingress(i, j);
        let byIngress = both.get(e);
        if (!byIngress) both.set(e, (byIngress = new Map()));
        let allowed = byIngress.get(g);
        if (!allowed) byIngress.set(g, (allowed = intersectConns(directionAllowed(e), directionAllowed(g))));
        const acl = n.hasAcls ? aclPair(s.subnets, netId, src, dst) : undefined;
        return acl ? intersectConns(allowed, acl.allowed) : allowed;
      }
    }
    return undefined;
  };
  // network keys: `default`, or each NAD key of a logical network's members
  const keysOf = (s: Side) => {
    const out = new Map<string, { netId: string; labels: Set<string> }>();
    for (const [netId, n] of s.nets) {
      for (const m of n.v.members) {
        const key = netId === DEFAULT_NETWORK ? DEFAULT_NETWORK : m.nad;
        let k = out.get(key);
        if (!k) out.set(key, (k = { netId, labels: new Set() }));
        k.labels.add(endpointLabel(m.endpoint));
      }
    }
    return out;
  };
  const kb = keysOf(b);
  const ka = keysOf(a);
  const memo = new Map<ConnSet, Map<ConnSet, { gained: ConnSet; lost: ConnSet }>>();
  const out: ConnectionChange[] = [];
  for (const key of new Set([...kb.keys(), ...ka.keys()])) {
    const xb = kb.get(key);
    const xa = ka.get(key);
    // every label of the logical networks behind this key, on either side
    const labels = new Set<string>();
    for (const [s, x] of [[b, xb], [a, xa]] as const) {
      if (!x) continue;
      for (const m of s.nets.get(x.netId)?.v.members ?? []) labels.add(endpointLabel(m.endpoint));
    }
    for (const from of labels) {
      for (const to of labels) {
        if (from === to) continue;
        const x = xb ? allowedOf(b, xb.netId, key, from, to) : undefined;
        const y = xa ? allowedOf(a, xa.netId, key, from, to) : undefined;
        if (!x && !y) continue;
        const xx = x ?? NO_CONNS;
        const yy = y ?? NO_CONNS;
        let byY = memo.get(xx);
        if (!byY) memo.set(xx, (byY = new Map()));
        let d = byY.get(yy);
        if (!d) byY.set(yy, (d = { gained: subtractConns(yy, xx), lost: subtractConns(xx, yy) }));
        if (!isEmptyConns(d.gained)) out.push({ from, to, network: key, change: 'gained', conns: d.gained });
        if (!isEmptyConns(d.lost)) out.push({ from, to, network: key, change: 'lost', conns: d.lost });
      }
    }
  }
  return out.sort((p, q) => p.network.localeCompare(q.network) || p.from.localeCompare(q.from) || p.to.localeCompare(q.to) || p.change.localeCompare(q.change));
}
