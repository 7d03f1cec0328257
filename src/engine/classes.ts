import type { LabelSelector, Labels } from '../model/types';
import { isEmptySelector, matchSelector } from './selectors';
import type { AddrRange } from './cidr';
import type { CompiledPeer, CompiledPolicy, Direction } from './compile';
import { directionAllowed, evaluateDirection, isSelectable, peerMatches, type DirectionResult, type EvalContext, type PairVerdict } from './evaluate';
import { intersectConns } from './conn';
import type { Member } from './networks';

/**
 * Verdicts on one network without evaluating pairs. A pair's verdict is the intersection of two
 * direction results (SEMANTICS R4.1): the source's egress, decided by the policies selecting
 * the source, and the destination's ingress, decided by the policies selecting it. Endpoints
 * selected by the same policies share a *factor*; for each factor, the endpoints at the other
 * end fall into equivalence classes — alike on every peer of the factor's rules (selectors by
 * label group and namespace, ipBlocks by CIDR atom) and, where rules name ports, on their
 * named ports. One direction result per factor and class; a pair is two lookups.
 *
 * Everything is kept between analyses (`ClassCache`): label groups, what every selector
 * matches, each factor's classes while the workloads are unchanged, and every direction result
 * keyed by the policies deciding it and the peers the other end matches. An edit to one policy
 * evaluates that policy's selectors and the factors it is in, nothing else.
 */
export interface NetworkVerdicts {
  readonly network: string;
  readonly members: readonly Member[];
  /** Verdict of member i → member j (indices into `members`). */
  verdict(i: number, j: number): PairVerdict;
  /** The source's egress towards j, and the destination's ingress from i. */
  egress(i: number, j: number): DirectionResult;
  ingress(i: number, j: number): DirectionResult;
  /** Direction results evaluated (not found in a cache) during this analysis. */
  evaluated(): number;
  /** Make every verdict a lookup: every factor's result for every class at the other end. */
  prepareAll(): { factors: number; results: number };
  /** The factor tables for views (call `prepareAll` first); results numbered by `resultIndex`. */
  compact(resultIndex: (r: DirectionResult) => number): CompactTables;
  /** Global equivalence classes (endpoints no policy can tell apart), for reports. */
  classCount(): number;
}

/** Per-network lookup tables: a pair's direction results without the engine (see `compactLookup`). */
export interface CompactTables {
  /** member → label group, CIDR atom, named-port signature */
  readonly groupOf: Int32Array;
  readonly atomOf: Int32Array;
  readonly npOf: Int32Array;
  /** label group → namespace slot (non-selectable groups share the last slot) */
  readonly nsOf: Int32Array;
  /** label group → factor index deciding its egress / ingress, -1 when not isolated */
  readonly egressOf: Int32Array;
  readonly ingressOf: Int32Array;
  readonly factors: readonly CompactFactor[];
}

export interface CompactFactor {
  readonly usesNamed: boolean;
  readonly nsSpan: number;
  readonly selSpan: number;
  readonly npSpan: number;
  /** label group → selector class, as pairs [group, class, ...] (absent: 0) */
  readonly sel: Int32Array;
  /** namespace slot → namespace class */
  readonly ns: Int32Array;
  /** CIDR atom → ipBlock class */
  readonly ip: Int32Array;
  /** class key → result index */
  readonly keys: Float64Array;
  readonly values: Int32Array;
}

const NOT_ISOLATED: DirectionResult = { isolated: false };

/** The two direction results of member i → member j from compact tables; undefined result index = not isolated (0). */
export function compactLookup(t: CompactTables, i: number, j: number, selMaps: WeakMap<CompactFactor, Map<number, number>>, resultMaps: WeakMap<CompactFactor, Map<number, number>>): { egress: number; ingress: number } {
  const look = (fi: number, peer: number, dst: number): number => {
    if (fi < 0) return 0;
    const f = t.factors[fi] as CompactFactor;
    let sel = selMaps.get(f);
    if (!sel) {
      sel = new Map();
      for (let k = 0; k < f.sel.length; k += 2) sel.set(f.sel[k] as number, f.sel[k + 1] as number);
      selMaps.set(f, sel);
    }
    let res = resultMaps.get(f);
    if (!res) {
      res = new Map();
      for (let k = 0; k < f.keys.length; k++) res.set(f.keys[k] as number, f.values[k] as number);
      resultMaps.set(f, res);
    }
    const g = t.groupOf[peer] as number;
    const combo = ((f.ip[t.atomOf[peer] as number] as number) * f.nsSpan + (f.ns[t.nsOf[g] as number] as number)) * f.selSpan + (sel.get(g) ?? 0);
    return res.get(combo * f.npSpan + (f.usesNamed ? (t.npOf[dst] as number) : 0)) ?? 0;
  };
  return {
    egress: look(t.egressOf[t.groupOf[i] as number] as number, j, j),
    ingress: look(t.ingressOf[t.groupOf[j] as number] as number, i, j),
  };
}

// ---------------------------------------------------------------------------------------------
// Label groups and selector features: network-independent, kept while namespace labels hold.

/** Endpoints alike for every selector: same namespace, labels and selectability. */
interface LabelGroup {
  readonly id: number;
  readonly ns: string;
  readonly labels: Labels;
  readonly selectable: boolean;
}

/**
 * What a selector peer (or a policy's podSelector) matches. `nsWide` features have an empty
 * pod side: they match every selectable endpoint of the namespaces they admit. Other features
 * keep the list of label groups they match, extended when new label groups appear.
 */
interface Feature {
  readonly key: string;
  readonly nsWide: boolean;
  readonly nsAdmits: Map<string, boolean>;
  readonly nsSelector?: LabelSelector;
  readonly ownNs?: string;
  readonly podSelector?: LabelSelector;
  /** group ids matched (not for nsWide features) */
  readonly groups: number[];
  readonly has: Set<number>;
  /** group ids below this were tested */
  checked: number;
}

/** A policy's features on the peers of one direction. */
interface DirectionPeers {
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly IpPeer[];
  readonly usesNamed: boolean;
}

interface PolicyFeatures {
  readonly selection: Feature;
  readonly ingress: DirectionPeers;
  readonly egress: DirectionPeers;
}

interface IpPeer {
  readonly key: string;
  readonly peer: Extract<CompiledPeer, { kind: 'ipBlock' }>;
  readonly ns: string;
}

let nextSerial = 1;
const serials = new WeakMap<CompiledPolicy, number>();
/** A number per compiled policy object: unchanged policies keep their object, hence their number. */
function serialOf(p: CompiledPolicy): number {
  let s = serials.get(p);
  if (s === undefined) {
    s = nextSerial++;
    serials.set(p, s);
  }
  return s;
}

function labelKey(ns: string, kind: string, hostNetwork: boolean, labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let out = `${ns}\u0000${kind === 'External' ? 'x' : 'w'}${hostNetwork ? 'h' : ''}`;
  for (const k of keys) out += `\u0000${k}\u0001${labels[k] as string}`;
  return out;
}

function selectorKey(sel: LabelSelector): string {
  const ml = Object.keys(sel.matchLabels ?? {}).sort().map((k) => [k, (sel.matchLabels ?? {})[k]]);
  return JSON.stringify([ml, sel.matchExpressions ?? []]);
}

function intern<K>(map: Map<K, number>, key: K): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Per network, while its members are unchanged.

let nextAtoms = 1;

interface Atoms {
  readonly key: string;
  /** a number per computation: what was derived from these atoms says which one */
  readonly serial: number;
  readonly peers: readonly IpPeer[];
  readonly index: ReadonlyMap<string, number>; // ip peer key → position in `bits`
  readonly atomOf: Int32Array;
  readonly bits: readonly string[]; // atom → '0'/'1' per ip peer
  /**
   * One member per distinct (label group, atom) — and with named ports: per distinct (label
   * group, atom, named-port signature) — listed per label group, and per bucket of label groups
   * alike for every factor's namespace and ipBlock peers (same namespace slot and atom).
   */
  readonly byGroup: readonly (readonly number[])[];
  readonly byGroupN: readonly (readonly number[])[];
  readonly buckets: readonly (readonly number[])[];
  readonly bucketsN: readonly (readonly number[])[];
}

interface Factor {
  readonly dir: Direction;
  readonly policies: readonly CompiledPolicy[];
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly string[];
  readonly usesNamed: boolean;
  /** label group → selector class (absent: 0) */
  readonly selOf: Map<number, number>;
  readonly selSpan: number;
  /** namespace slot → namespace class */
  readonly nsOf: Int32Array;
  readonly nsSpan: number;
  readonly ipIds: Map<string, number>;
  ipOfAtom: Int32Array;
  ipFor: number;
  readonly results: Map<number, DirectionResult>;
  /** global cache by peer-match pattern (survives workload edits) */
  readonly store: Map<string, DirectionResult>;
  complete: string;
  used: number;
}

interface NetState {
  readonly members: readonly Member[];
  readonly groupOf: Int32Array; // member → local group
  readonly globalOf: readonly number[]; // local group → global group id
  readonly localOf: ReadonlyMap<number, number>; // global group id → local group
  readonly membersOf: readonly number[][]; // local group → members
  readonly nsOf: Int32Array; // local group → namespace slot (last slot: not selectable)
  readonly nsNames: readonly string[];
  readonly npOf: Int32Array; // member → named-port signature
  readonly npSigs: readonly string[];
  readonly npSpan: number;
  readonly local: WeakMap<Feature, number[]>;
  atoms?: Atoms;
  readonly factors: Map<string, Factor>;
}

/**
 * The caches an analyzer keeps between runs. `begin` each analysis with the namespace labels'
 * fingerprint: when it changes, everything that depends on namespace selectors is dropped.
 */
export class ClassCache {
  private groupIds = new Map<string, number>();
  readonly groups: LabelGroup[] = [];
  private groupsByNs = new Map<string, number[]>();
  private groupOfEndpoint = new WeakMap<object, number>();
  private features = new Map<string, Feature>();
  private policyFeatures = new WeakMap<CompiledPolicy, PolicyFeatures>();
  private stores = new Map<string, { results: Map<string, DirectionResult>; used: number }>();
  private nets = new Map<string, NetState>();
  generation = 0;
  private nsKey = '';
  namespaceLabels: (ns: string) => Labels = () => ({});

  begin(nsKey: string, namespaceLabels: (ns: string) => Labels): void {
    if (nsKey !== this.nsKey) {
      this.features.clear();
      this.policyFeatures = new WeakMap();
      this.stores.clear();
      this.nets.clear();
      this.nsKey = nsKey;
    }
    this.namespaceLabels = namespaceLabels;
    this.generation++;
  }

  /** Drop what no analysis used for a while (bounded memory). */
  end(): void {
    const old = (used: number) => this.generation - used > 2;
    for (const [k, s] of this.stores) if (old(s.used)) this.stores.delete(k);
    for (const st of this.nets.values()) for (const [k, f] of st.factors) if (old(f.used)) st.factors.delete(k);
    if (this.features.size > 50_000) {
      this.features.clear();
      this.policyFeatures = new WeakMap();
    }
  }

  groupOf(m: Member): number {
    const e = m.endpoint;
    let id = this.groupOfEndpoint.get(e);
    if (id === undefined) {
      const k = labelKey(e.namespace, e.kind, e.hostNetwork, e.labels);
      id = this.groupIds.get(k);
      if (id === undefined) {
        id = this.groups.length;
        this.groupIds.set(k, id);
        this.groups.push({ id, ns: e.namespace, labels: e.labels, selectable: isSelectable(e) });
        const list = this.groupsByNs.get(e.namespace);
        if (list) list.push(id);
        else this.groupsByNs.set(e.namespace, [id]);
      }
      this.groupOfEndpoint.set(e, id);
    }
    return id;
  }

  /** The feature of a selector of a policy in `policyNs` (shared by equal selectors). */
  feature(peer: { readonly podSelector?: LabelSelector | undefined; readonly namespaceSelector?: LabelSelector | undefined }, policyNs: string): Feature {
    const pod = peer.podSelector && !isEmptySelector(peer.podSelector) ? peer.podSelector : undefined;
    const key = `${peer.namespaceSelector ? `S${selectorKey(peer.namespaceSelector)}` : `N${policyNs}`}|${pod ? selectorKey(pod) : '*'}`;
    let f = this.features.get(key);
    if (!f) {
      f = {
        key,
        nsWide: !pod,
        nsAdmits: new Map(),
        ...(peer.namespaceSelector ? { nsSelector: peer.namespaceSelector } : { ownNs: policyNs }),
        ...(pod ? { podSelector: pod } : {}),
        groups: [],
        has: new Set(),
        checked: 0,
      };
      this.features.set(key, f);
    }
    return f;
  }

  policy(p: CompiledPolicy): PolicyFeatures {
    let pf = this.policyFeatures.get(p);
    if (!pf) {
      const ns = p.policy.namespace;
      const peersOf = (dir: Direction): DirectionPeers => {
        const sel = new Set<Feature>();
        const nsw = new Set<Feature>();
        const ip = new Map<string, IpPeer>();
        let usesNamed = false;
        for (const r of dir === 'ingress' ? p.ingressRules : p.egressRules) {
          if (r.peers !== 'all') {
            for (const peer of r.peers) {
              if (peer.kind === 'selector') {
                const f = this.feature(peer, ns);
                (f.nsWide ? nsw : sel).add(f);
              } else if (peer.kind === 'ipBlock') {
                const key = `${peer.cidr.family}/${peer.cidr.start}/${peer.cidr.end}/${peer.except.map((x) => `${x.start}-${x.end}`).join(',')}`;
                if (!ip.has(key)) ip.set(key, { key, peer, ns });
              }
            }
          }
          if (r.ports !== 'all' && r.ports.some((x) => x.kind === 'named')) usesNamed = true;
        }
        return { sel: [...sel], nsw: [...nsw], ip: [...ip.values()], usesNamed };
      };
      pf = { selection: this.feature({ podSelector: p.policy.podSelector }, ns), ingress: peersOf('ingress'), egress: peersOf('egress') };
      this.policyFeatures.set(p, pf);
    }
    return pf;
  }

  admits(f: Feature, ns: string): boolean {
    let a = f.nsAdmits.get(ns);
    if (a === undefined) {
      a = f.nsSelector ? matchSelector(f.nsSelector, this.namespaceLabels(ns)) : f.ownNs === ns;
      f.nsAdmits.set(ns, a);
    }
    return a;
  }

  /** Bring a (non namespace-wide) feature's group list up to date with every known group. */
  ensure(f: Feature): void {
    const total = this.groups.length;
    if (f.nsWide || f.checked >= total) return;
    const from = f.checked;
    const scan = (list: readonly number[]) => {
      // ids are ascending in each namespace list: start at the first unchecked one
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid] as number) < from) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length; k++) {
        const g = list[k] as number;
        const grp = this.groups[g] as LabelGroup;
        if (grp.selectable && matchSelector(f.podSelector as LabelSelector, grp.labels)) {
          f.groups.push(g);
          f.has.add(g);
        }
      }
    };
    if (f.ownNs !== undefined) scan(this.groupsByNs.get(f.ownNs) ?? []);
    else for (const [ns, list] of this.groupsByNs) if (this.admits(f, ns)) scan(list);
    f.checked = total;
  }

  matches(f: Feature, g: number): boolean {
    const grp = this.groups[g] as LabelGroup;
    if (!grp.selectable) return false;
    if (f.nsWide) return this.admits(f, grp.ns);
    return f.has.has(g);
  }

  store(key: string): Map<string, DirectionResult> {
    let s = this.stores.get(key);
    if (!s) {
      s = { results: new Map(), used: this.generation };
      this.stores.set(key, s);
    }
    s.used = this.generation;
    return s.results;
  }

  net(network: string, members: readonly Member[]): NetState {
    const cur = this.nets.get(network);
    if (cur && cur.members === members) return cur;
    const groupOf = new Int32Array(members.length);
    const localOf = new Map<number, number>();
    const globalOf: number[] = [];
    const membersOf: number[][] = [];
    const npIds = new Map<string, number>();
    const npOf = new Int32Array(members.length);
    members.forEach((m, i) => {
      const g = this.groupOf(m);
      const l = intern(localOf, g);
      if (l === globalOf.length) {
        globalOf.push(g);
        membersOf.push([]);
      }
      (membersOf[l] as number[]).push(i);
      groupOf[i] = l;
      const np = m.endpoint.namedPorts;
      npOf[i] = intern(npIds, np.length ? np.map((x) => `${x.name}/${x.protocol}/${x.port}`).sort().join(',') : '');
    });
    const nsIds = new Map<string, number>();
    const slots = globalOf.map((g) => {
      const grp = this.groups[g] as LabelGroup;
      return grp.selectable ? intern(nsIds, grp.ns) : -1;
    });
    const none = nsIds.size;
    const st: NetState = {
      members,
      groupOf,
      globalOf,
      localOf,
      membersOf,
      nsOf: Int32Array.from(slots, (s) => (s < 0 ? none : s)),
      nsNames: [...nsIds.keys()],
      npOf,
      npSigs: [...npIds.keys()],
      npSpan: Math.max(1, npIds.size),
      local: new WeakMap(),
      factors: new Map(),
    };
    this.nets.set(network, st);
    return st;
  }
}

// ---------------------------------------------------------------------------------------------

/** Sorted distinct boundaries of every ipBlock range: an address's atom is its slot. */
function atomCuts(peers: readonly IpPeer[]): { cuts4: bigint[]; cuts6: bigint[] } {
  const c4 = new Set<bigint>();
  const c6 = new Set<bigint>();
  const add = (r: AddrRange) => {
    const s = r.family === 4 ? c4 : c6;
    s.add(r.start);
    s.add(r.end + 1n);
  };
  for (const { peer } of peers) {
    add(peer.cidr);
    peer.except.forEach(add);
  }
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

function computeAtoms(st: NetState, key: string, peers: readonly IpPeer[], ctx: EvalContext): Atoms {
  const { cuts4, cuts6 } = atomCuts(peers);
  const ids = new Map<string, number>();
  const bits: string[] = [];
  const atomOf = new Int32Array(st.members.length);
  st.members.forEach((m, i) => {
    let k = '';
    if (peers.length) {
      const slots = m.ips.map((ip) => `${ip.family}:${slot(ip.family === 4 ? cuts4 : cuts6, ip.value)}`);
      k = slots.length > 1 ? slots.sort().join(',') : (slots[0] ?? '');
    }
    const id = intern(ids, k);
    if (id === bits.length) bits.push(peers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join(''));
    atomOf[i] = id;
  });
  const atomsN = bits.length;
  const slots = st.nsNames.length + 1;
  const seen = new Set<number>();
  const byGroup: number[][] = st.globalOf.map(() => []);
  const byGroupN: number[][] = st.globalOf.map(() => []);
  const buckets = new Map<number, number[]>();
  const bucketsN = new Map<number, number[]>();
  const add = (map: Map<number, number[]>, k: number, i: number) => {
    const l = map.get(k);
    if (l) l.push(i);
    else map.set(k, [i]);
  };
  st.members.forEach((_, i) => {
    const g = st.groupOf[i] as number;
    const a = atomOf[i] as number;
    const np = st.npOf[i] as number;
    const k = g * atomsN + a;
    const bucket = a * slots + (st.nsOf[g] as number);
    if (!seen.has(-1 - k)) {
      seen.add(-1 - k);
      (byGroup[g] as number[]).push(i);
      add(buckets, bucket, i);
    }
    const kn = k * st.npSpan + np;
    if (!seen.has(kn)) {
      seen.add(kn);
      (byGroupN[g] as number[]).push(i);
      add(bucketsN, bucket * st.npSpan + np, i);
    }
  });
  return { key, serial: nextAtoms++, peers, index: new Map(peers.map((p, k) => [p.key, k])), atomOf, bits, byGroup, byGroupN, buckets: [...buckets.values()], bucketsN: [...bucketsN.values()] };
}

/**
 * The verdicts of one network under the policies (SEMANTICS R1-R4). Pass the analyzer's
 * `cache` to reuse what earlier analyses computed; without it everything is computed afresh.
 */
export function classify(network: string, members: readonly Member[], policies: readonly CompiledPolicy[], ctx: EvalContext, opts: { cache?: ClassCache } = {}): NetworkVerdicts {
  const cache = opts.cache ?? new ClassCache();
  if (!opts.cache) cache.begin('', ctx.namespaceLabels);
  const st = cache.net(network, members);
  const onNet = policies.filter((p) => p.networks.has(network));

  // ---- the policies' features on this network
  const ipPeers = new Map<string, IpPeer>();
  const byNs = new Map<string, { p: CompiledPolicy; pf: PolicyFeatures }[]>();
  for (const p of onNet) {
    const pf = cache.policy(p);
    const list = byNs.get(p.policy.namespace);
    if (list) list.push({ p, pf });
    else byNs.set(p.policy.namespace, [{ p, pf }]);
    cache.ensure(pf.selection);
    for (const d of [pf.ingress, pf.egress]) {
      for (const f of d.sel) cache.ensure(f);
      for (const x of d.ip) if (!ipPeers.has(x.key)) ipPeers.set(x.key, x);
    }
  }
  const atomsKey = [...ipPeers.keys()].join('\n');
  if (st.atoms?.key !== atomsKey) st.atoms = computeAtoms(st, atomsKey, [...ipPeers.values()], ctx);
  const atoms = st.atoms;
  const localList = (f: Feature): number[] => {
    let l = st.local.get(f);
    if (!l) {
      l = [];
      for (const g of f.groups) {
        const x = st.localOf.get(g);
        if (x !== undefined) l.push(x);
      }
      st.local.set(f, l);
    }
    return l;
  };

  // ---- factors: the policies deciding each label group's egress and ingress
  const factorFor = (dir: Direction, ps: readonly { p: CompiledPolicy; pf: PolicyFeatures }[]): Factor | undefined => {
    if (!ps.length) return undefined;
    let key = dir;
    for (const x of ps) key += `,${serialOf(x.p)}`;
    let f = st.factors.get(key);
    if (!f) {
      const sel = new Set<Feature>();
      const nsw = new Set<Feature>();
      const ip = new Set<string>();
      let usesNamed = false;
      for (const { pf } of ps) {
        const d = pf[dir];
        d.sel.forEach((x) => sel.add(x));
        d.nsw.forEach((x) => nsw.add(x));
        d.ip.forEach((x) => ip.add(x.key));
        usesNamed ||= d.usesNamed;
      }
      // selector classes: refine the label groups by every selector peer's matches
      const selOf = new Map<number, number>();
      let next = 1;
      for (const x of sel) {
        const remap = new Map<number, number>();
        for (const g of localList(x)) {
          const old = selOf.get(g) ?? 0;
          let nw = remap.get(old);
          if (nw === undefined) {
            nw = next++;
            remap.set(old, nw);
          }
          selOf.set(g, nw);
        }
      }
      // namespace classes: alike on every namespace-wide peer (the last slot is matched by none)
      const nsKeys = new Map<string, number>();
      const nswList = [...nsw];
      const nsOf = new Int32Array(st.nsNames.length + 1);
      st.nsNames.forEach((ns, k) => (nsOf[k] = intern(nsKeys, nswList.map((x) => (cache.admits(x, ns) ? '1' : '0')).join(''))));
      nsOf[st.nsNames.length] = intern(nsKeys, '0'.repeat(nswList.length));
      f = {
        dir,
        policies: ps.map((x) => x.p),
        sel: [...sel],
        nsw: nswList,
        ip: [...ip],
        usesNamed,
        selOf,
        selSpan: next,
        nsOf,
        nsSpan: nsKeys.size,
        ipIds: new Map(),
        ipOfAtom: new Int32Array(0),
        ipFor: 0,
        results: new Map(),
        store: cache.store(`${network}\u0000${key}`),
        complete: '',
        used: cache.generation,
      };
      st.factors.set(key, f);
    }
    f.used = cache.generation;
    return f;
  };
  const groups = st.globalOf.length;
  const egressOf: (Factor | undefined)[] = new Array(groups);
  const ingressOf: (Factor | undefined)[] = new Array(groups);
  for (let l = 0; l < groups; l++) {
    const g = st.globalOf[l] as number;
    const grp = cache.groups[g] as LabelGroup;
    const inNs = grp.selectable ? byNs.get(grp.ns) : undefined;
    if (!inNs) continue;
    const sel = inNs.filter((x) => cache.matches(x.pf.selection, g));
    egressOf[l] = factorFor('egress', sel.filter((x) => x.p.egress));
    ingressOf[l] = factorFor('ingress', sel.filter((x) => x.p.ingress));
  }

  /** The factor's ipBlock class of every CIDR atom (kept while the atoms are). */
  const ipOf = (f: Factor): Int32Array => {
    if (f.ipFor !== atoms.serial) {
      const pos = f.ip.map((k) => atoms.index.get(k) as number);
      f.ipOfAtom = Int32Array.from(atoms.bits, (bits) => intern(f.ipIds, pos.map((k) => bits[k]).join('')));
      f.ipFor = atoms.serial;
    }
    return f.ipOfAtom;
  };
  const comboOf = (f: Factor, peer: number): number => {
    const g = st.groupOf[peer] as number;
    return ((ipOf(f)[atoms.atomOf[peer] as number] as number) * f.nsSpan + (f.nsOf[st.nsOf[g] as number] as number)) * f.selSpan + (f.selOf.get(g) ?? 0);
  };
  /** Which of the factor's peers a member matches: the result's key across workload edits. */
  const patternOf = (f: Factor, peer: number): string => {
    const g = st.globalOf[st.groupOf[peer] as number] as number;
    let k = '';
    for (const x of f.sel) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    for (const x of f.nsw) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    const bits = atoms.bits[atoms.atomOf[peer] as number] as string;
    for (const key of f.ip) k += bits[atoms.index.get(key) as number];
    return k;
  };
  let computed = 0;
  const resultOf = (f: Factor, peer: number, dst: number): DirectionResult => {
    const np = f.usesNamed ? (st.npOf[dst] as number) : 0;
    const key = comboOf(f, peer) * st.npSpan + np;
    let r = f.results.get(key);
    if (!r) {
      const sk = f.usesNamed ? `${patternOf(f, peer)}#${st.npSigs[np]}` : patternOf(f, peer);
      r = f.store.get(sk);
      if (!r) {
        r = evaluateDirection(f.policies, f.dir, members[peer] as Member, (members[dst] as Member).endpoint.namedPorts, ctx);
        f.store.set(sk, r);
        computed++;
      }
      f.results.set(key, r);
    }
    return r;
  };
  const egress = (i: number, j: number): DirectionResult => {
    const f = egressOf[st.groupOf[i] as number];
    return f ? resultOf(f, j, j) : NOT_ISOLATED;
  };
  const ingress = (i: number, j: number): DirectionResult => {
    const f = ingressOf[st.groupOf[j] as number];
    return f ? resultOf(f, i, j) : NOT_ISOLATED;
  };
  const used = (): Factor[] => [...new Set([...egressOf, ...ingressOf])].filter((f): f is Factor => f !== undefined);

  return {
    network,
    members,
    verdict(i, j) {
      const e = egress(i, j);
      const n = ingress(i, j);
      return { allowed: intersectConns(directionAllowed(e), directionAllowed(n)), egress: e, ingress: n };
    },
    egress,
    ingress,
    evaluated: () => computed,
    prepareAll() {
      const factors = used();
      // the named-port signatures each ingress factor resolves ports on (its subjects')
      const subjectNps = new Map<Factor, Map<number, number>>();
      for (let l = 0; l < groups; l++) {
        const f = ingressOf[l];
        if (!f?.usesNamed) continue;
        let m = subjectNps.get(f);
        if (!m) subjectNps.set(f, (m = new Map()));
        for (const i of st.membersOf[l] as number[]) if (!m.has(st.npOf[i] as number)) m.set(st.npOf[i] as number, i);
      }
      let results = 0;
      for (const f of factors) {
        const subjects = subjectNps.get(f);
        const done = `${atoms.serial}:${subjects ? [...subjects.keys()].sort().join(',') : ''}`;
        if (f.complete !== done) {
          // one peer of every class of the factor: every member of a label group its selector
          // peers tell apart, and one per bucket among the groups they do not
          const peers = (named: boolean): number[] => {
            const out: number[] = [];
            const byGroup = named ? atoms.byGroupN : atoms.byGroup;
            for (const g of f.selOf.keys()) for (const m of byGroup[g] as number[]) out.push(m);
            // buckets alike for this factor (same ipBlock and namespace classes) need one peer
            const ip = ipOf(f);
            const seen = new Set<number>();
            for (const b of named ? atoms.bucketsN : atoms.buckets) {
              const first = b[0] as number;
              const k = ((ip[atoms.atomOf[first] as number] as number) * f.nsSpan + (f.nsOf[st.nsOf[st.groupOf[first] as number] as number] as number)) * st.npSpan + (named ? (st.npOf[first] as number) : 0);
              if (seen.has(k)) continue;
              const m = f.selOf.size ? b.find((x) => !f.selOf.has(st.groupOf[x] as number)) : first;
              if (m === undefined) continue;
              seen.add(k);
              out.push(m);
            }
            return out;
          };
          if (f.dir === 'egress') for (const m of peers(f.usesNamed)) resultOf(f, m, m);
          else {
            const sources = peers(false);
            for (const d of subjects ? [...subjects.values()] : [0]) for (const m of sources) resultOf(f, m, d);
          }
          f.complete = done;
        }
        results += f.results.size;
      }
      return { factors: factors.length, results };
    },
    compact(resultIndex) {
      const factors = used();
      const index = new Map(factors.map((f, k) => [f, k]));
      return {
        groupOf: st.groupOf,
        atomOf: atoms.atomOf,
        npOf: st.npOf,
        nsOf: st.nsOf,
        egressOf: Int32Array.from(egressOf, (f) => (f ? (index.get(f) as number) : -1)),
        ingressOf: Int32Array.from(ingressOf, (f) => (f ? (index.get(f) as number) : -1)),
        factors: factors.map((f) => {
          const sel = new Int32Array(f.selOf.size * 2);
          let k = 0;
          for (const [g, c] of f.selOf) {
            sel[k++] = g;
            sel[k++] = c;
          }
          const keys = new Float64Array(f.results.size);
          const values = new Int32Array(f.results.size);
          let r = 0;
          for (const [key, res] of f.results) {
            keys[r] = key;
            values[r++] = resultIndex(res);
          }
          return { usesNamed: f.usesNamed, nsSpan: f.nsSpan, selSpan: f.selSpan, npSpan: st.npSpan, sel, ns: f.nsOf, ip: ipOf(f), keys, values };
        }),
      };
    },
    classCount() {
      // endpoints alike for every factor, as subject and as peer: refine member by member
      const factors = used();
      const index = new Map(factors.map((f, k) => [f, k]));
      const ids = new Map<string, number>();
      let part = Int32Array.from(members, (_, i) => {
        const l = st.groupOf[i] as number;
        return intern(ids, `${index.get(egressOf[l] as Factor) ?? -1},${index.get(ingressOf[l] as Factor) ?? -1},${st.npOf[i]}`);
      });
      for (const f of factors) {
        const span = (f.ipIds.size + 1) * f.nsSpan * f.selSpan;
        const next = new Map<number, number>();
        part = part.map((p, i) => intern(next, p * span + comboOf(f, i)));
      }
      return new Set(part).size;
    },
  };
}
