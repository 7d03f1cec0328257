import type { LabelSelector, Labels, NamedPort } from '../model/types';
import { labelValue } from '../model/labels';
import { isEmptySelector, matchSelector } from './selectors';
import type { AddrRange } from './cidr';
import type { CompiledPeer, CompiledPolicy, Direction } from './compile';
import {
  directionAllowed,
  evaluateDirection,
  isSelectable,
  peerMatches,
  type DirectionResult,
  type EvalContext,
  type PairVerdict,
} from './evaluate';
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
 * matches, each factor's classes, and every direction result. Ids are global (not per layout),
 * so the state survives workload edits too: an edit evaluates what it can change — the
 * factors of an edited policy, the classes a new or relabelled workload brings — and nothing else.
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
  /**
   * Every pair's two direction results as array reads (for scans over all pairs, e.g. diffs):
   * member i's egress towards j is results[rows[egressRow[i]][j]], member j's ingress from i is
   * results[rows[ingressRow[j]][i]]; a row of -1 means not isolated (result 0).
   */
  directionRows(): DirectionRows;
  /** Global equivalence classes (endpoints no policy can tell apart), for reports. */
  classCount(): number;
}

export interface DirectionRows {
  readonly egressRow: Int32Array;
  readonly ingressRow: Int32Array;
  readonly rows: readonly Int32Array[];
  /** results[0] is "not isolated" */
  readonly results: readonly DirectionResult[];
}

/** Per-network lookup tables: a pair's direction results without the engine (see `compactLookup`). */
export interface CompactTables {
  /** member → label group, namespace slot, CIDR atom, named-port signature */
  readonly groupOf: Int32Array;
  readonly slotOf: Int32Array;
  readonly atomOf: Int32Array;
  readonly npOf: Int32Array;
  /** member → factor index deciding its egress / ingress, -1 when not isolated */
  readonly egressOf: Int32Array;
  readonly ingressOf: Int32Array;
  readonly factors: readonly CompactFactor[];
}

export interface CompactFactor {
  readonly usesNamed: boolean;
  readonly nsSpan: number;
  readonly selSpan: number;
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

/** Numbers direction results for tables: 0 is "not isolated", each isolated result its own number. */
export function resultNumbering(): {
  readonly results: DirectionResult[];
  idOf: (r: DirectionResult) => number;
} {
  const results: DirectionResult[] = [NOT_ISOLATED];
  const ids = new Map<DirectionResult, number>();
  return {
    results,
    idOf(r) {
      if (!r.isolated) return 0;
      let id = ids.get(r);
      if (id === undefined) {
        id = results.length;
        results.push(r);
        ids.set(r, id);
      }
      return id;
    },
  };
}
/** Result keys are class * NP + named-port signature. */
const NP = 1 << 16;

function classKey(ip: number, nsSpan: number, ns: number, selSpan: number, sel: number): number {
  return (ip * nsSpan + ns) * selSpan + sel;
}

/** The two direction results of member i → member j from compact tables, as result indices (0: not isolated). */
export function compactLookup(
  t: CompactTables,
  i: number,
  j: number,
  selMaps: WeakMap<CompactFactor, Map<number, number>>,
  resultMaps: WeakMap<CompactFactor, Map<number, number>>,
): { egress: number; ingress: number } {
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
    const cls = classKey(
      f.ip[t.atomOf[peer] as number] as number,
      f.nsSpan,
      f.ns[t.slotOf[peer] as number] ?? 0,
      f.selSpan,
      sel.get(t.groupOf[peer] as number) ?? 0,
    );
    return res.get(cls * NP + (f.usesNamed ? (t.npOf[dst] as number) : 0)) ?? 0;
  };
  return { egress: look(t.egressOf[i] as number, j, j), ingress: look(t.ingressOf[j] as number, i, j) };
}

// ---------------------------------------------------------------------------------------------
// Label groups and selector features: network-independent, kept while namespace labels hold.

/** Endpoints alike for every selector: same namespace, labels and selectability. */
interface LabelGroup {
  readonly id: number;
  readonly ns: string;
  readonly labels: Labels;
  readonly selectable: boolean;
  /** namespace slot: 0 for endpoints no selector can match, else one per namespace */
  readonly slot: number;
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
  /** namespace slot → admitted (see ClassCache.admitsBySlot) */
  slotAdmits?: Uint8Array;
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
  for (const k of keys) out += `\u0000${k}\u0001${labelValue(labels, k) as string}`;
  return out;
}

function selectorKey(sel: LabelSelector): string {
  const ml = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => [k, labelValue(sel.matchLabels ?? {}, k)]);
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
// Per network state.

let nextAtoms = 1;

/** CIDR atoms: addresses alike for every ipBlock of the network's policies. */
interface Atoms {
  readonly key: string;
  /** a number per computation: what was derived from these atoms says which one */
  readonly serial: number;
  readonly peers: readonly IpPeer[];
  readonly index: ReadonlyMap<string, number>; // ip peer key → position in `bits`
  readonly cuts4: readonly bigint[];
  readonly cuts6: readonly bigint[];
  readonly ids: Map<string, number>; // slot key → atom
  readonly bits: string[]; // atom → '0'/'1' per ip peer
}

/** The members' (label group, atom, named ports) combinations, and what changed since the last layout. */
interface Presence {
  readonly serial: number;
  readonly atoms: number; // atoms serial
  readonly keys: ReadonlySet<string>;
  readonly parent?: { readonly serial: number; readonly added: readonly number[] } | undefined;
  /** one member per distinct (group, atom) [and named ports], per group and per bucket (same slot and atom) */
  readonly byGroup: ReadonlyMap<number, readonly number[]>;
  readonly byGroupN: ReadonlyMap<number, readonly number[]>;
  readonly buckets: readonly (readonly number[])[];
  readonly bucketsN: readonly (readonly number[])[];
  /** buckets grouped by the classes a factor's ipBlock and namespace-wide peers give them (shared by factors with the same such peers) */
  readonly bucketClasses: Map<string, readonly (readonly (readonly number[])[])[]>;
}

interface Factor {
  readonly dir: Direction;
  readonly policies: readonly CompiledPolicy[];
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly string[];
  readonly usesNamed: boolean;
  /** label group → selector class (absent: 0); rebuilt when a feature gains groups */
  selOf: Map<number, number>;
  selSpan: number;
  selFor: number;
  /** namespace slot → namespace class (stable ids, extended as namespaces appear) */
  nsOf: Int32Array;
  readonly nsKeys: Map<string, number>;
  readonly ipIds: Map<string, number>;
  ipOfAtom: Int32Array;
  ipFor: number;
  ipSeen: number;
  readonly results: Map<number, DirectionResult>;
  /** by peer-match pattern: survives a rebuild of the classes */
  readonly store: Map<string, DirectionResult>;
  /** presence serial up to which every class has a result, per named-port signature of the subjects */
  done: number;
  readonly doneNps: Set<number>;
  used: number;
}

interface NetState {
  members?: readonly Member[];
  groupOf: Int32Array;
  slotOf: Int32Array;
  npOf: Int32Array;
  atoms?: Atoms;
  atomOf: Int32Array;
  atomsFor?: readonly Member[];
  presence?: Presence;
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
  readonly slots = new Map<string, number>([['\u0000not-selectable', 0]]);
  readonly slotNames: string[] = [''];
  private npIds = new Map<string, number>();
  readonly npPorts: (readonly NamedPort[])[] = [];
  private npOfEndpoint = new WeakMap<object, number>();
  private features = new Map<string, Feature>();
  private policyFeatures = new WeakMap<CompiledPolicy, PolicyFeatures>();
  private stores = new Map<string, { results: Map<string, DirectionResult>; used: number }>();
  readonly nets = new Map<string, NetState>();
  generation = 0;
  private nsKey: string | undefined;
  namespaceLabels: (ns: string) => Labels = () => ({});

  begin(nsKey: string, namespaceLabels: (ns: string) => Labels): void {
    if (nsKey !== this.nsKey || this.npIds.size >= NP / 2) {
      this.features.clear();
      this.policyFeatures = new WeakMap();
      this.stores.clear();
      this.nets.clear();
      this.npIds.clear();
      this.npPorts.length = 0;
      this.npOfEndpoint = new WeakMap();
      this.nsKey = nsKey;
    }
    this.namespaceLabels = namespaceLabels;
    this.generation++;
  }

  /** Drop what no analysis used for a while (bounded memory). */
  end(): void {
    const old = (used: number) => this.generation - used > 2;
    for (const [k, s] of this.stores) if (old(s.used)) this.stores.delete(k);
    for (const st of this.nets.values())
      for (const [k, f] of st.factors) if (old(f.used)) st.factors.delete(k);
    if (this.features.size > 50_000) {
      this.features.clear();
      this.policyFeatures = new WeakMap();
      for (const st of this.nets.values()) st.factors.clear();
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
        const selectable = isSelectable(e);
        let slot = 0;
        if (selectable) {
          slot = intern(this.slots, e.namespace);
          if (slot === this.slotNames.length) this.slotNames.push(e.namespace);
        }
        this.groups.push({ id, ns: e.namespace, labels: e.labels, selectable, slot });
        const list = this.groupsByNs.get(e.namespace);
        if (list) list.push(id);
        else this.groupsByNs.set(e.namespace, [id]);
      }
      this.groupOfEndpoint.set(e, id);
    }
    return id;
  }

  npOf(m: Member): number {
    const e = m.endpoint;
    let id = this.npOfEndpoint.get(e);
    if (id === undefined) {
      const np = e.namedPorts;
      id = intern(
        this.npIds,
        np.length
          ? np
              .map((x) => `${x.name}/${x.protocol}/${x.port}`)
              .sort()
              .join(',')
          : '',
      );
      if (id >= NP)
        throw new Error(`more than ${NP} different sets of named ports in one design: not supported`);
      if (id === this.npPorts.length) this.npPorts.push(np);
      this.npOfEndpoint.set(e, id);
    }
    return id;
  }

  npSig(id: number): string {
    return (this.npPorts[id] ?? [])
      .map((x) => `${x.name}/${x.protocol}/${x.port}`)
      .sort()
      .join(',');
  }

  /** The feature of a selector of a policy in `policyNs` (shared by equal selectors). */
  feature(
    peer: {
      readonly podSelector?: LabelSelector | undefined;
      readonly namespaceSelector?: LabelSelector | undefined;
    },
    policyNs: string,
  ): Feature {
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
      pf = {
        selection: this.feature({ podSelector: p.policy.podSelector }, ns),
        ingress: peersOf('ingress'),
        egress: peersOf('egress'),
      };
      this.policyFeatures.set(p, pf);
    }
    return pf;
  }

  /** Per namespace slot, whether the feature's namespace side admits it (slot 0: never). */
  admitsBySlot(f: Feature): Uint8Array {
    let a = f.slotAdmits;
    if (!a || a.length < this.slotNames.length) {
      const next = new Uint8Array(this.slotNames.length);
      if (a) next.set(a);
      for (let s = Math.max(1, a?.length ?? 0); s < next.length; s++)
        next[s] = this.admits(f, this.slotNames[s] as string) ? 1 : 0;
      f.slotAdmits = a = next;
    }
    return a;
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

  net(network: string): NetState {
    let st = this.nets.get(network);
    if (!st) {
      st = {
        groupOf: new Int32Array(0),
        slotOf: new Int32Array(0),
        npOf: new Int32Array(0),
        atomOf: new Int32Array(0),
        factors: new Map(),
      };
      this.nets.set(network, st);
    }
    return st;
  }
}

// ---------------------------------------------------------------------------------------------

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

function newAtoms(key: string, peers: readonly IpPeer[]): Atoms {
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
  return {
    key,
    serial: nextAtoms++,
    peers,
    index: new Map(peers.map((p, k) => [p.key, k])),
    cuts4: sort(c4),
    cuts6: sort(c6),
    ids: new Map(),
    bits: [],
  };
}

function atomOf(atoms: Atoms, m: Member, ctx: EvalContext): number {
  let k = '';
  if (atoms.peers.length) {
    const slots = m.ips.map(
      (ip) => `${ip.family}:${slot(ip.family === 4 ? atoms.cuts4 : atoms.cuts6, ip.value)}`,
    );
    k = slots.length > 1 ? slots.sort().join(',') : (slots[0] ?? '');
  }
  const id = intern(atoms.ids, k);
  if (id === atoms.bits.length)
    atoms.bits.push(atoms.peers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join(''));
  return id;
}

/** Bring the network's per-member arrays and presence up to date with the members and atoms. */
function refresh(
  cache: ClassCache,
  st: NetState,
  members: readonly Member[],
  atomsKey: string,
  ipPeers: readonly IpPeer[],
  ctx: EvalContext,
): void {
  const membersChanged = st.members !== members;
  if (membersChanged) {
    st.members = members;
    st.groupOf = Int32Array.from(members, (m) => cache.groupOf(m));
    st.slotOf = Int32Array.from(st.groupOf, (g) => (cache.groups[g] as LabelGroup).slot);
    st.npOf = Int32Array.from(members, (m) => cache.npOf(m));
  }
  const atomsChanged = st.atoms?.key !== atomsKey;
  if (atomsChanged) st.atoms = newAtoms(atomsKey, ipPeers);
  const atoms = st.atoms as Atoms;
  if (!membersChanged && !atomsChanged && st.presence) return;
  st.atomOf = Int32Array.from(members, (m) => atomOf(atoms, m, ctx));
  const keys = new Set<string>();
  const byGroup = new Map<number, number[]>();
  const byGroupN = new Map<number, number[]>();
  const buckets = new Map<string, number[]>();
  const bucketsN = new Map<string, number[]>();
  const push = <K>(map: Map<K, number[]>, k: K, i: number) => {
    const l = map.get(k);
    if (l) l.push(i);
    else map.set(k, [i]);
  };
  const prev = st.presence;
  const added: number[] = [];
  members.forEach((_, i) => {
    const g = st.groupOf[i] as number;
    const a = st.atomOf[i] as number;
    const np = st.npOf[i] as number;
    const ga = `${g},${a}`;
    const gan = `${ga},${np}`;
    const bucket = `${a},${st.slotOf[i]}`;
    if (!keys.has(ga)) {
      keys.add(ga);
      push(byGroup, g, i);
      push(buckets, bucket, i);
    }
    if (!keys.has(gan)) {
      keys.add(gan);
      push(byGroupN, g, i);
      push(bucketsN, `${bucket},${np}`, i);
      if (prev && prev.atoms === atoms.serial && !prev.keys.has(gan)) added.push(i);
    }
  });
  st.presence = {
    serial: (prev?.serial ?? 0) + 1,
    atoms: atoms.serial,
    keys,
    parent: prev && prev.atoms === atoms.serial ? { serial: prev.serial, added } : undefined,
    byGroup,
    byGroupN,
    buckets: [...buckets.values()],
    bucketsN: [...bucketsN.values()],
    bucketClasses: new Map(),
  };
}

/**
 * The verdicts of one network under the policies (SEMANTICS R1-R4). Pass the analyzer's
 * `cache` to reuse what earlier analyses computed; without it everything is computed afresh.
 */
export function classify(
  network: string,
  members: readonly Member[],
  policies: readonly CompiledPolicy[],
  ctx: EvalContext,
  opts: { cache?: ClassCache } = {},
): NetworkVerdicts {
  const cache = opts.cache ?? new ClassCache();
  if (!opts.cache) cache.begin('', ctx.namespaceLabels);
  const st = cache.net(network);
  const onNet = policies.filter((p) => p.networks.has(network));

  // ---- the policies' features on this network
  const ipPeers = new Map<string, IpPeer>();
  const byNs = new Map<string, { p: CompiledPolicy; pf: PolicyFeatures }[]>();
  for (const p of onNet) {
    const pf = cache.policy(p);
    const list = byNs.get(p.policy.namespace);
    if (list) list.push({ p, pf });
    else byNs.set(p.policy.namespace, [{ p, pf }]);
    for (const d of [pf.ingress, pf.egress])
      for (const x of d.ip) if (!ipPeers.has(x.key)) ipPeers.set(x.key, x);
  }
  refresh(cache, st, members, [...ipPeers.keys()].join('\n'), [...ipPeers.values()], ctx);
  const atoms = st.atoms as Atoms;
  const presence = st.presence as Presence;
  for (const { pf } of [...byNs.values()].flat()) {
    cache.ensure(pf.selection);
    for (const d of [pf.ingress, pf.egress]) for (const f of d.sel) cache.ensure(f);
  }

  // ---- factors: the policies deciding each member's egress and ingress
  /** Forget a factor's class-keyed results (they stay in its pattern-keyed store). */
  const reset = (f: Factor) => {
    f.results.clear();
    f.done = 0;
    f.doneNps.clear();
  };
  const featureSize = (fs: readonly Feature[]) => fs.reduce((s, x) => s + x.groups.length, 0);
  const factorFor = (
    dir: Direction,
    ps: readonly { p: CompiledPolicy; pf: PolicyFeatures }[],
  ): Factor | undefined => {
    if (!ps.length) return undefined;
    let key: string = dir;
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
      f = {
        dir,
        policies: ps.map((x) => x.p),
        sel: [...sel],
        nsw: [...nsw],
        ip: [...ip],
        usesNamed,
        selOf: new Map(),
        selSpan: 1,
        selFor: -1,
        nsOf: new Int32Array(0),
        nsKeys: new Map(),
        ipIds: new Map(),
        ipOfAtom: new Int32Array(0),
        ipFor: 0,
        ipSeen: 0,
        results: new Map(),
        store: cache.store(`${network}\u0000${key}`),
        done: 0,
        doneNps: new Set(),
        used: cache.generation,
      };
      st.factors.set(key, f);
    }
    f.used = cache.generation;
    // selector classes: refine the label groups by every selector peer's matches (again when
    // a peer matches new groups: the classes are renumbered, results are found by pattern)
    const size = featureSize(f.sel);
    if (f.selFor !== size) {
      const selOf = new Map<number, number>();
      let next = 1;
      for (const x of f.sel) {
        const remap = new Map<number, number>();
        for (const g of x.groups) {
          const old = selOf.get(g) ?? 0;
          let nw = remap.get(old);
          if (nw === undefined) {
            nw = next++;
            remap.set(old, nw);
          }
          selOf.set(g, nw);
        }
      }
      if (f.selFor >= 0) reset(f);
      f.selOf = selOf;
      f.selSpan = next;
      f.selFor = size;
    }
    // namespace classes: alike on every namespace-wide peer (slot 0 is matched by none)
    if (f.nsOf.length < cache.slotNames.length) {
      const span = f.nsKeys.size;
      const nsOf = new Int32Array(cache.slotNames.length);
      nsOf.set(f.nsOf);
      if (f.nsw.length === 0) {
        if (span === 0) intern(f.nsKeys, ''); // every slot alike (zeros)
      } else {
        const admits = f.nsw.map((x) => cache.admitsBySlot(x));
        for (let s = f.nsOf.length; s < nsOf.length; s++) {
          let k = '';
          for (const a of admits) k += a[s] ? '1' : '0';
          nsOf[s] = intern(f.nsKeys, k);
        }
      }
      f.nsOf = nsOf;
      if (span && f.nsKeys.size !== span) reset(f); // class keys are renumbered
    }
    if (atoms.bits.length * f.nsKeys.size * f.selSpan >= 2 ** 37)
      throw new Error(
        `policies ${f.policies.map((p) => p.policy.id).join(', ')}: too many classes to analyse (${atoms.bits.length} CIDR atoms x ${f.nsKeys.size} namespace classes x ${f.selSpan} selector classes)`,
      );
    return f;
  };
  const selection = new Map<number, { egress?: Factor | undefined; ingress?: Factor | undefined }>();
  const factorsOfGroup = (g: number) => {
    let s = selection.get(g);
    if (!s) {
      const grp = cache.groups[g] as LabelGroup;
      const inNs = grp.selectable ? byNs.get(grp.ns) : undefined;
      const sel = inNs ? inNs.filter((x) => cache.matches(x.pf.selection, g)) : [];
      s = {
        egress: factorFor(
          'egress',
          sel.filter((x) => x.p.egress),
        ),
        ingress: factorFor(
          'ingress',
          sel.filter((x) => x.p.ingress),
        ),
      };
      selection.set(g, s);
    }
    return s;
  };
  const egressOf: (Factor | undefined)[] = new Array(members.length);
  const ingressOf: (Factor | undefined)[] = new Array(members.length);
  members.forEach((_, i) => {
    const s = factorsOfGroup(st.groupOf[i] as number);
    egressOf[i] = s.egress;
    ingressOf[i] = s.ingress;
  });

  /** The factor's ipBlock class of every CIDR atom (stable ids; extended as atoms appear). */
  const ipOf = (f: Factor): Int32Array => {
    if (f.ipFor !== atoms.serial || f.ipSeen !== atoms.bits.length) {
      const pos = f.ip.map((k) => atoms.index.get(k) as number);
      f.ipOfAtom = Int32Array.from(atoms.bits, (bits) => intern(f.ipIds, pos.map((k) => bits[k]).join('')));
      f.ipFor = atoms.serial;
      f.ipSeen = atoms.bits.length;
    }
    return f.ipOfAtom;
  };
  const classOf = (f: Factor, peer: number): number =>
    classKey(
      ipOf(f)[st.atomOf[peer] as number] as number,
      f.nsKeys.size,
      f.nsOf[st.slotOf[peer] as number] as number,
      f.selSpan,
      f.selOf.get(st.groupOf[peer] as number) ?? 0,
    );
  /** Which of the factor's peers a member matches: the result's key across rebuilds. */
  const patternOf = (f: Factor, peer: number): string => {
    const g = st.groupOf[peer] as number;
    let k = '';
    for (const x of f.sel) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    for (const x of f.nsw) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    const bits = atoms.bits[st.atomOf[peer] as number] as string;
    for (const key of f.ip) k += bits[atoms.index.get(key) as number];
    return k;
  };
  let computed = 0;
  /** The factor's result for a peer, ports resolved on named-port signature `np` (the destination's). */
  const resultOf = (f: Factor, peer: number, np: number): DirectionResult => {
    const n = f.usesNamed ? np : 0;
    const key = classOf(f, peer) * NP + n;
    let r = f.results.get(key);
    if (!r) {
      const sk = f.usesNamed ? `${patternOf(f, peer)}#${cache.npSig(n)}` : patternOf(f, peer);
      r = f.store.get(sk);
      if (!r) {
        r = evaluateDirection(f.policies, f.dir, members[peer] as Member, cache.npPorts[n] ?? [], ctx);
        f.store.set(sk, r);
        computed++;
      }
      f.results.set(key, r);
    }
    return r;
  };
  const egress = (i: number, j: number): DirectionResult => {
    const f = egressOf[i];
    return f ? resultOf(f, j, st.npOf[j] as number) : NOT_ISOLATED;
  };
  const ingress = (i: number, j: number): DirectionResult => {
    const f = ingressOf[j];
    return f ? resultOf(f, i, st.npOf[j] as number) : NOT_ISOLATED;
  };
  const used = (): Factor[] =>
    [...new Set([...egressOf, ...ingressOf])].filter((f): f is Factor => f !== undefined);

  /** One peer of every class of the factor (named: of every class and named-port signature). */
  const allPeers = (f: Factor, named: boolean): number[] => {
    const out: number[] = [];
    const byGroup = named ? presence.byGroupN : presence.byGroup;
    // one member per class among the label groups the factor's selector peers tell apart …
    const ip = ipOf(f);
    const nsSpan = f.nsKeys.size;
    const seen = new Set<number>();
    for (const [g, c] of f.selOf) {
      for (const m of byGroup.get(g) ?? []) {
        const k =
          classKey(
            ip[st.atomOf[m] as number] as number,
            nsSpan,
            f.nsOf[st.slotOf[m] as number] as number,
            f.selSpan,
            c,
          ) *
            NP +
          (named ? (st.npOf[m] as number) : 0);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(m);
      }
    }
    // … and, among the groups they do not, one per class of buckets (same slot and atom) alike
    // for its ipBlock and namespace-wide peers; factors with the same such peers share these
    const sig = `${named ? 'n' : 'a'}${f.ip.join(';')}|${f.nsw.map((x) => x.key).join(';')}`;
    let classes = presence.bucketClasses.get(sig);
    if (!classes) {
      const byClass = new Map<number, (readonly number[])[]>();
      for (const b of named ? presence.bucketsN : presence.buckets) {
        const first = b[0] as number;
        const k =
          classKey(
            ip[st.atomOf[first] as number] as number,
            f.nsKeys.size,
            f.nsOf[st.slotOf[first] as number] as number,
            1,
            0,
          ) *
            NP +
          (named ? (st.npOf[first] as number) : 0);
        const l = byClass.get(k);
        if (l) l.push(b);
        else byClass.set(k, [b]);
      }
      classes = [...byClass.values()];
      presence.bucketClasses.set(sig, classes);
    }
    for (const cls of classes) {
      for (const b of cls) {
        const m = f.selOf.size ? b.find((x) => !f.selOf.has(st.groupOf[x] as number)) : b[0];
        if (m !== undefined) {
          out.push(m);
          break;
        }
      }
    }
    return out;
  };

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
      // the named-port signatures each factor resolves ports on: egress, its peers' (any);
      // ingress, its subjects'
      const subjectNps = new Map<Factor, Set<number>>();
      members.forEach((_, i) => {
        const f = ingressOf[i];
        if (!f?.usesNamed) return;
        let s = subjectNps.get(f);
        if (!s) subjectNps.set(f, (s = new Set()));
        s.add(st.npOf[i] as number);
      });
      let results = 0;
      for (const f of factors) {
        const egressNamed = f.dir === 'egress' && f.usesNamed;
        const nps = f.dir === 'ingress' && f.usesNamed ? [...(subjectNps.get(f) ?? [])] : [0];
        if (f.done !== presence.serial) {
          if (f.done > 0 && f.done === presence.parent?.serial) {
            // complete for the previous layout: only the classes this one brings
            for (const np of f.doneNps)
              for (const m of presence.parent.added)
                resultOf(f, m, egressNamed ? (st.npOf[m] as number) : np);
          } else {
            f.doneNps.clear();
            const peers = allPeers(f, egressNamed);
            for (const np of nps) {
              for (const m of peers) resultOf(f, m, egressNamed ? (st.npOf[m] as number) : np);
              f.doneNps.add(np);
            }
          }
          f.done = presence.serial;
        }
        // subjects with named ports not seen before: every class for them
        for (const np of nps) {
          if (f.doneNps.has(np)) continue;
          for (const m of allPeers(f, false)) resultOf(f, m, np);
          f.doneNps.add(np);
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
        slotOf: st.slotOf,
        atomOf: st.atomOf,
        npOf: st.npOf,
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
          return {
            usesNamed: f.usesNamed,
            nsSpan: f.nsKeys.size,
            selSpan: f.selSpan,
            sel,
            ns: f.nsOf,
            ip: ipOf(f),
            keys,
            values,
          };
        }),
      };
    },
    directionRows() {
      const { results, idOf } = resultNumbering();
      const rowIds = new Map<Factor, Map<number, number>>();
      const rows: Int32Array[] = [];
      const rowOf = (f: Factor | undefined, np: number): number => {
        if (!f) return -1;
        let byNp = rowIds.get(f);
        if (!byNp) rowIds.set(f, (byNp = new Map()));
        const k = f.dir === 'egress' || !f.usesNamed ? 0 : np;
        let row = byNp.get(k);
        if (row === undefined) {
          row = rows.length;
          byNp.set(k, row);
          rows.push(
            Int32Array.from(members, (_, m) =>
              idOf(resultOf(f, m, f.dir === 'egress' ? (st.npOf[m] as number) : k)),
            ),
          );
        }
        return row;
      };
      const egressRow = Int32Array.from(members, (_, i) => rowOf(egressOf[i], 0));
      const ingressRow = Int32Array.from(members, (_, j) => rowOf(ingressOf[j], st.npOf[j] as number));
      return { egressRow, ingressRow, rows, results };
    },
    classCount() {
      // endpoints alike for every factor, as subject and as peer: refine member by member
      const factors = used();
      const index = new Map(factors.map((f, k) => [f, k]));
      const ids = new Map<string, number>();
      let part = Int32Array.from(members, (_, i) =>
        intern(
          ids,
          `${index.get(egressOf[i] as Factor) ?? -1},${index.get(ingressOf[i] as Factor) ?? -1},${st.npOf[i]}`,
        ),
      );
      for (const f of factors) {
        const span = (f.ipIds.size + 1) * f.nsKeys.size * f.selSpan;
        const next = new Map<number, number>();
        part = part.map((p, i) => intern(next, p * span + classOf(f, i)));
      }
      return new Set(part).size;
    },
  };
}
