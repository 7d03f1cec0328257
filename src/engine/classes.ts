import type { Endpoint } from '../model/types';
import { matchSelector } from './selectors';
import { rangeContains, type AddrRange } from './cidr';
import type { CompiledPeer, CompiledPolicy } from './compile';
import { directionAllowed, evaluateDirection, isSelectable, peerMatches, selects, type DirectionResult, type EvalContext, type PairVerdict } from './evaluate';
import { intersectConns } from './conn';
import type { Member, ParsedIp } from './networks';

/**
 * Equivalence classes of endpoints on one network: two endpoints are in one class when
 * no policy can tell them apart — same policies select them (per direction), every peer
 * matches both or neither (selectors by namespace and labels, ipBlocks by CIDR atom), and
 * they have the same named ports among those policies use. A class pair is evaluated once.
 */
export interface NetworkClasses {
  readonly network: string;
  readonly members: readonly Member[];
  /** member index → class id */
  readonly classOf: Int32Array;
  /** class id → representative member index */
  readonly reps: readonly number[];
  /** Verdict of a class pair (computed on first use, then cached). */
  verdict(a: number, b: number): PairVerdict;
  /** How many direction results were evaluated so far. */
  evaluated(): number;
  /** Fill every factor table: after this, every pair's verdict is a lookup and one intersection. */
  prepareAll(): { egressFactors: number; ingressFactors: number; groups: number };
}

interface PeerRef {
  readonly peer: CompiledPeer;
  readonly ns: string;
}

/** '0'/'1' text of a bit array, built in chunks (no huge argument lists). */
function bitString(bits: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bits.length; i += 4096) out += String.fromCharCode(...bits.subarray(i, i + 4096).map((b) => 48 + b));
  return out;
}

function intern(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}

/** Sorted distinct boundaries of every ipBlock range: an address's atom is its slot. */
function atoms(peers: readonly PeerRef[]): { cuts4: bigint[]; cuts6: bigint[] } {
  const c4 = new Set<bigint>();
  const c6 = new Set<bigint>();
  const add = (r: AddrRange) => {
    const s = r.family === 4 ? c4 : c6;
    s.add(r.start);
    s.add(r.end + 1n);
  };
  for (const { peer } of peers) if (peer.kind === 'ipBlock') { add(peer.cidr); peer.except.forEach(add); }
  const sort = (s: Set<bigint>) => [...s].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { cuts4: sort(c4), cuts6: sort(c6) };
}

function slot(cuts: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cuts[mid] as bigint) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function classify(network: string, members: readonly Member[], policies: readonly CompiledPolicy[], ctx: EvalContext, opts: { exact?: boolean } = {}): NetworkClasses {
  const onNet = policies.filter((p) => p.networks.has(network));
  const peers: PeerRef[] = [];
  const namedPorts = new Set<string>();
  for (const p of onNet) {
    for (const r of [...p.ingressRules, ...p.egressRules]) {
      if (r.peers !== 'all') for (const peer of r.peers) peers.push({ peer, ns: p.policy.namespace });
      if (r.ports !== 'all') for (const port of r.ports) if (port.kind === 'named') namedPorts.add(`${port.name}/${port.protocol}`);
    }
  }
  const selectorPeers = peers.filter((x) => x.peer.kind === 'selector');
  const policiesByNs = new Map<string, CompiledPolicy[]>();
  for (const p of onNet) policiesByNs.set(p.policy.namespace, [...(policiesByNs.get(p.policy.namespace) ?? []), p]);
  const nsPeerCache = new Map<string, number[]>();
  /** Selector peers whose namespace side admits namespace `ns` (R2.4). */
  const peersForNs = (ns: string): number[] => {
    let list = nsPeerCache.get(ns);
    if (!list) {
      const labels = ctx.namespaceLabels(ns);
      list = [];
      selectorPeers.forEach((x, k) => {
        const p = x.peer;
        if (p.kind !== 'selector') return;
        if (p.namespaceSelector ? matchSelector(p.namespaceSelector, labels) : x.ns === ns) (list as number[]).push(k);
      });
      nsPeerCache.set(ns, list);
    }
    return list;
  };
  const ipPeers = peers.filter((x) => x.peer.kind === 'ipBlock');
  const { cuts4, cuts6 } = atoms(ipPeers);
  const labelCache = new Map<string, string>();
  const atomCache = new Map<string, string>();
  const sigIds = new Map<string, number>();
  const lbitIds = new Map<string, number>();
  const abitOfClass: number[] = [];
  const abitIds = new Map<string, number>();
  const classOf = new Int32Array(members.length);
  const reps: number[] = [];
  const ipKey = (ips: readonly ParsedIp[]): string => ips.map((ip) => `${ip.family}:${slot(ip.family === 4 ? cuts4 : cuts6, ip.value)}`).sort().join(',');
  members.forEach((m, i) => {
    const e: Endpoint = m.endpoint;
    let sig: string;
    if (opts.exact) sig = String(i);
    else {
      // label part: what selectors see (namespace labels, pod labels, selectability)
      const lk = `${e.namespace}\u0000${e.kind}\u0000${e.hostNetwork}\u0000${JSON.stringify(e.labels)}`;
      let lbits = labelCache.get(lk);
      if (lbits === undefined) {
        // Only policies of its own namespace can select it; only peers whose namespace side
        // admits its namespace can match it (decided once per namespace).
        const sel = (policiesByNs.get(e.namespace) ?? []).filter((p) => selects(p, e)).map((p) => `${p.policy.id}${p.ingress ? 'i' : ''}${p.egress ? 'e' : ''}`).join(',');
        const bits = new Uint8Array(selectorPeers.length);
        if (isSelectable(e)) for (const k of peersForNs(e.namespace)) if (peerMatches((selectorPeers[k] as PeerRef).peer, (selectorPeers[k] as PeerRef).ns, m, ctx)) bits[k] = 1;
        lbits = `${sel}|${bitString(bits)}|${isSelectable(e) ? 1 : 0}`;
        labelCache.set(lk, lbits);
      }
      // address part: which CIDR atom(s) its IPs on this network fall in
      const ak = ipKey(m.ips);
      let abits = atomCache.get(ak);
      if (abits === undefined) {
        abits = ipPeers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join('');
        atomCache.set(ak, abits);
      }
      const np = namedPorts.size ? e.namedPorts.filter((n) => namedPorts.has(`${n.name}/${n.protocol}`)).map((n) => `${n.name}/${n.protocol}/${n.port}`).sort().join(',') : '';
      sig = `${intern(lbitIds, lbits)}#${intern(abitIds, abits)}#${np}#${e.kind === 'External' ? 'x' : 'w'}`;
    }
    const id = intern(sigIds, sig);
    if (id === reps.length) {
      reps.push(i);
      abitOfClass.push(opts.exact ? -1 : (abitIds.get(atomCache.get(ipKey(m.ips)) ?? '') ?? -1));
    }
    classOf[i] = id;
  });
  // ---- factor tables: egress(A→B) depends on A's egress policies and B's projection on their peers;
  // ingress(B←A) on B's ingress policies (+ B's named ports) and A's projection on their peers.
  const peerIndex = new Map<CompiledPeer, number>();
  peers.forEach((x, g) => peerIndex.set(x.peer, g));
  const selPos = new Map<number, number>();
  selectorPeers.forEach((x, k) => selPos.set(peerIndex.get(x.peer) as number, k));
  const ipPos = new Map<number, number>();
  ipPeers.forEach((x, k) => ipPos.set(peerIndex.get(x.peer) as number, k));
  const classBits = reps.map((i) => {
    const m = members[i] as Member;
    const e = m.endpoint;
    const lk = `${e.namespace}\u0000${e.kind}\u0000${e.hostNetwork}\u0000${JSON.stringify(e.labels)}`;
    const sp = opts.exact ? selectorPeers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join('') : (labelCache.get(lk) ?? '').split('|')[1] ?? '';
    const ib = opts.exact ? ipPeers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join('') : atomCache.get(ipKey(m.ips)) ?? '';
    return { sp, ib };
  });

  const npSigs = reps.map((i) => (members[i] as Member).endpoint.namedPorts.map((x) => `${x.name}/${x.protocol}/${x.port}`).sort().join(','));
  const npSig = (cls: number): string => npSigs[cls] as string;
  interface Factor {
    readonly policies: readonly CompiledPolicy[];
    readonly peers: readonly number[]; // global peer indices of these policies' rules in this direction
    readonly usesNamed: boolean;
    /** The factor's grouping of classes, built lazily. */
    groupOf?: unknown;
    readonly results: Map<string, DirectionResult>;
  }
  // Peers with a namespaceSelector and no (or an empty) podSelector depend only on the namespace.
  const nsOnly = new Set<number>();
  selectorPeers.forEach((x, k) => {
    const p = x.peer;
    if (p.kind === 'selector' && p.namespaceSelector && (!p.podSelector || (Object.keys(p.podSelector.matchLabels ?? {}).length === 0 && (p.podSelector.matchExpressions ?? []).length === 0))) nsOnly.add(peerIndex.get(x.peer) as number);
  });
  const nsIds = new Map<string, number>();
  const nsOfClass = reps.map((i) => {
    const e = (members[i] as Member).endpoint;
    return intern(nsIds, `${e.namespace}\u0000${isSelectable(e) ? 1 : 0}`);
  });
  const nsRep = new Map<number, number>(); // ns id → a class in it
  nsOfClass.forEach((id, cls) => { if (!nsRep.has(id)) nsRep.set(id, cls); });
  // inverted index: (non namespace-only) selector peer → classes it matches
  const matchesOf: number[][] = peers.map(() => []);
  const selGlobal = selectorPeers.map((x) => peerIndex.get(x.peer) as number);
  classBits.forEach((b, cls) => {
    for (let k = 0; k < b.sp.length; k++) {
      if (b.sp.charCodeAt(k) !== 49) continue;
      const g = selGlobal[k] as number;
      if (!nsOnly.has(g)) (matchesOf[g] as number[]).push(cls);
    }
  });
  const factorOf = (dir: 'ingress' | 'egress', cls: number, ids: Map<string, number>, list: Factor[]): number => {
    const ps = isolating(policiesByNs.get((members[reps[cls] as number] as Member).endpoint.namespace) ?? [], members[reps[cls] as number] as Member, dir);
    const key = ps.map((p) => p.policy.id).join('\u0000');
    let id = ids.get(key);
    if (id === undefined) {
      id = list.length;
      ids.set(key, id);
      const pe: number[] = [];
      let usesNamed = false;
      for (const p of ps) for (const r of dir === 'ingress' ? p.ingressRules : p.egressRules) {
        if (r.peers !== 'all') for (const x of r.peers) pe.push(peerIndex.get(x) as number);
        if (r.ports !== 'all' && r.ports.some((x) => x.kind === 'named')) usesNamed = true;
      }
      list.push({ policies: ps, peers: [...new Set(pe)], usesNamed, results: new Map() });
    }
    return id;
  };
  const egressIds = new Map<string, number>();
  const ingressIds = new Map<string, number>();
  const egressFactors: Factor[] = [];
  const ingressFactors: Factor[] = [];
  const egressOfClass = reps.map((_, c) => factorOf('egress', c, egressIds, egressFactors));
  const ingressOfClass = reps.map((_, c) => factorOf('ingress', c, ingressIds, ingressFactors));
  const n = reps.length;
  // exact mode (ACL networks) has no atom signatures: every class gets its own one
  const abitsById: string[] = [];
  for (const [bits, id] of abitIds) abitsById[id] = bits;
  if (opts.exact) classBits.forEach((cb, cls) => { abitOfClass[cls] = abitsById.length; abitsById.push(cb.ib); });
  const buckets = new Map<string, number[]>();
  const bucketsOf = (named: boolean): number[][] => {
    const key = named ? 'n' : 'a';
    const cached = buckets.get(key);
    if (cached) return cached as unknown as number[][];
    const m = new Map<string, number[]>();
    for (let c = 0; c < n; c++) {
      const k = named ? `${abitOfClass[c]}|${nsOfClass[c]}|${npSig(c)}` : `${abitOfClass[c]}|${nsOfClass[c]}`;
      const l = m.get(k);
      if (l) l.push(c);
      else m.set(k, [c]);
    }
    const list = [...m.values()];
    buckets.set(key, list as unknown as number[]);
    return list;
  };
  /**
   * Groups of a factor: classes alike on its ipBlock peers (decided per CIDR-atom signature,
   * a few hundred at most) and on its selector peers (partition refinement over the sparse
   * lists of classes each selector peer matches).
   */
  const groupsOf = (f: Factor): { of: (c: number) => number; sel: Map<number, number> } => {
    if (f.groupOf) return f.groupOf as { of: (c: number) => number; sel: Map<number, number> };
    const ipOfF = f.peers.filter((g) => ipPos.has(g)).map((g) => ipPos.get(g) as number);
    const nsOfF = f.peers.filter((g) => nsOnly.has(g)).map((g) => selPos.get(g) as number);
    const selOfF = f.peers.filter((g) => selPos.has(g) && !nsOnly.has(g));
    const nsGroupOf = new Map<number, number>();
    const nsKeys = new Map<string, number>();
    for (const [id, cls] of nsRep) {
      const sp = (classBits[cls] as { sp: string }).sp;
      nsGroupOf.set(id, intern(nsKeys, nsOfF.map((k) => sp[k] ?? '0').join('')));
    }
    const nsSpan = nsKeys.size + 1;
    const ipGroupOfAbit = new Map<number, number>();
    const ipKeys = new Map<string, number>();
    abitsById.forEach((bits, id) => ipGroupOfAbit.set(id, intern(ipKeys, ipOfF.map((k) => bits[k] ?? '0').join(''))));
    const sel = new Map<number, number>();
    const next = new Map<number, number>();
    const width = peers.length + 1;
    for (const g of selOfF) {
      for (const cls of matchesOf[g] ?? []) {
        const k = (sel.get(cls) ?? 0) * width + g;
        let id = next.get(k);
        if (id === undefined) {
          id = next.size + 1;
          next.set(k, id);
        }
        sel.set(cls, id);
      }
    }
    const span = next.size + 1;
    const r = { of: (c: number) => ((ipGroupOfAbit.get(abitOfClass[c] as number) ?? 0) * nsSpan + (nsGroupOf.get(nsOfClass[c] as number) ?? 0)) * span + (sel.get(c) ?? 0), sel };
    f.groupOf = r;
    return r;
  };
  let computed = 0;
  /**
   * One direction's result: the factor's policies judge `peer` (a class), ports resolved on
   * the destination class `dst`. Egress: peer = dst; ingress: peer = the source.
   */
  const directionFor = (dir: 'ingress' | 'egress', f: Factor, peer: number, dst: number): DirectionResult => {
    if (f.policies.length === 0) return NOT_ISOLATED;
    const key = `${groupsOf(f).of(peer)}${f.usesNamed ? `#${npSig(dst)}` : ''}`;
    let r = f.results.get(key);
    if (!r) {
      const dstMember = members[reps[dst] as number] as Member;
      r = evaluateDirection(f.policies, dir, members[reps[peer] as number] as Member, dstMember.endpoint.namedPorts, ctx);
      f.results.set(key, r);
      computed++;
    }
    return r;
  };
  const egressFor = (fid: number, b: number): DirectionResult => directionFor('egress', egressFactors[fid] as Factor, b, b);
  const ingressFor = (fid: number, a: number, b: number): DirectionResult => directionFor('ingress', ingressFactors[fid] as Factor, a, b);
  /** One class of each group of a factor (and of each named-port variant when it matters). */
  const groupReps = (f: Factor, named: boolean): number[] => {
    const g = groupsOf(f);
    const seen = new Map<string, number>();
    const note = (c: number) => {
      const k = named ? `${g.of(c)}#${npSig(c)}` : String(g.of(c));
      if (!seen.has(k)) seen.set(k, c);
    };
    for (const c of g.sel.keys()) note(c);
    for (const bucket of bucketsOf(named)) {
      const c = bucket.find((x) => !g.sel.has(x));
      if (c !== undefined) note(c);
    }
    return [...seen.values()];
  };
  return {
    network,
    members,
    classOf,
    reps,
    verdict(a, b) {
      const e = egressFor(egressOfClass[a] as number, b);
      const i = ingressFor(ingressOfClass[b] as number, a, b);
      return { allowed: intersectConns(directionAllowed(e), directionAllowed(i)), egress: e, ingress: i };
    },
    evaluated: () => computed,
    prepareAll() {
      egressFactors.forEach((f, fid) => {
        if (f.policies.length) for (const b of groupReps(f, f.usesNamed)) egressFor(fid, b);
      });
      ingressFactors.forEach((f, fid) => {
        if (!f.policies.length) return;
        const subjects = new Map<string, number>();
        for (let b = 0; b < n; b++) if (ingressOfClass[b] === fid) subjects.set(f.usesNamed ? npSig(b) : '', b);
        const sources = groupReps(f, false);
        for (const b of subjects.values()) for (const a of sources) ingressFor(fid, a, b);
      });
      return { egressFactors: egressFactors.length, ingressFactors: ingressFactors.length, groups: computed };
    },
  };
}

const NOT_ISOLATED: DirectionResult = { isolated: false };

function isolating(policies: readonly CompiledPolicy[], m: Member, dir: 'ingress' | 'egress'): CompiledPolicy[] {
  return policies.filter((p) => (dir === 'ingress' ? p.ingress : p.egress) && selects(p, m.endpoint));
}

