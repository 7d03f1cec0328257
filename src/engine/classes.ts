import type { Labels } from '../model/types';
import { isEmptySelector, matchSelector } from './selectors';
import type { AddrRange } from './cidr';
import type { CompiledPeer, CompiledPolicy, Direction } from './compile';
import { directionAllowed, evaluateDirection, isSelectable, peerMatches, type DirectionResult, type EvalContext, type PairVerdict } from './evaluate';
import { intersectConns } from './conn';
import type { Member } from './networks';

/**
 * Equivalence classes of endpoints on one network: two endpoints are in one class when no
 * policy can tell them apart — the same policies select them, every peer matches both or
 * neither (selectors by namespace and labels, ipBlocks by CIDR atom), and they have the same
 * named ports among those the policies use. A class pair is evaluated once.
 *
 * Everything that does not depend on the whole policy set is kept between analyses (see
 * `ClassCache`): which label groups each selector matches, and every direction result, keyed
 * by the policies that decide it and by which of their peers the other end matches. An edit
 * to one policy therefore evaluates only that policy's selectors and the factors it is in.
 */
export interface NetworkClasses {
  readonly network: string;
  readonly members: readonly Member[];
  /** member index → class id */
  readonly classOf: Int32Array;
  /** class id → representative member index */
  readonly reps: readonly number[];
  /** Verdict of a class pair (looked up, or computed on first use and then cached). */
  verdict(a: number, b: number): PairVerdict;
  egress(a: number, b: number): DirectionResult;
  ingress(a: number, b: number): DirectionResult;
  /** How many direction results were evaluated (not found in the cache) so far. */
  evaluated(): number;
  /** Fill every factor table: after this, every pair's verdict is a lookup and one intersection. */
  prepareAll(): { egressFactors: number; ingressFactors: number; groups: number };
  /**
   * Compact per-direction tables: the row of every class (classes with the same deciding
   * policies share one row) and, per row, a result index for every class at the other end.
   */
  tables(resultIndex: (r: DirectionResult) => number): DirectionTables;
}

export interface DirectionTables {
  /** class → egress row; egressRows[row * classes + b] = result of the egress towards class b */
  readonly egressRowOf: Int32Array;
  readonly egressRows: Int32Array;
  /** class → ingress row; ingressRows[row * classes + a] = result of the ingress from class a */
  readonly ingressRowOf: Int32Array;
  readonly ingressRows: Int32Array;
}

const NOT_ISOLATED: DirectionResult = { isolated: false };

// ---------------------------------------------------------------------------------------------
// Label groups and selector features: network-independent, kept while namespace labels hold.

/** Endpoints alike for every selector: same namespace, labels and selectability. */
interface LabelGroup {
  readonly id: number;
  readonly ns: string;
  readonly labels: Labels;
  readonly selectable: boolean;
  readonly external: boolean;
}

/**
 * What a selector peer (or a policy's podSelector) matches. `nsWide` features have an empty
 * pod side: they match every selectable endpoint of the namespaces they admit. Other features
 * keep the list of label groups they match, extended when new label groups appear.
 */
interface Feature {
  readonly key: string;
  readonly nsWide: boolean;
  /** namespace admitted by the namespace side (cached per namespace) */
  readonly nsAdmits: Map<string, boolean>;
  readonly nsSelector?: { readonly sel: import('../model/types').LabelSelector } | undefined;
  readonly ownNs?: string;
  readonly podSelector?: import('../model/types').LabelSelector;
  /** group ids matched, ascending (not for nsWide features) */
  readonly groups: number[];
  readonly has: Set<number>;
  /** group ids below this were tested */
  checked: number;
}

/** Direction results of one factor (the policies deciding one side), kept across analyses. */
interface FactorResults {
  readonly results: Map<string, DirectionResult>;
  used: number;
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

function selectorKey(sel: import('../model/types').LabelSelector): string {
  const ml = Object.keys(sel.matchLabels ?? {}).sort().map((k) => [k, (sel.matchLabels ?? {})[k]]);
  return JSON.stringify([ml, sel.matchExpressions ?? []]);
}

/**
 * The caches an analyzer keeps between runs. Build one per analyzer; `reset` when namespace
 * labels change (they decide namespace selectors).
 */
export class ClassCache {
  private groupIds = new Map<string, number>();
  readonly groups: LabelGroup[] = [];
  private groupsByNs = new Map<string, number[]>();
  private groupOfEndpoint = new WeakMap<object, number>();
  private features = new Map<string, Feature>();
  private factorResults = new Map<string, FactorResults>();
  private generation = 0;
  private nsKey = '';
  namespaceLabels: (ns: string) => Labels = () => ({});

  /** Call before each analysis with the model's namespace labels (and their fingerprint). */
  begin(nsKey: string, namespaceLabels: (ns: string) => Labels): void {
    if (nsKey !== this.nsKey) {
      this.features.clear();
      this.factorResults.clear();
      this.nsKey = nsKey;
    }
    this.namespaceLabels = namespaceLabels;
    this.generation++;
  }

  /** Drop direction results of factors no analysis used for a while (bounded memory). */
  end(): void {
    for (const [k, f] of this.factorResults) if (this.generation - f.used > 2) this.factorResults.delete(k);
    if (this.features.size > 50_000) this.features.clear();
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
        this.groups.push({ id, ns: e.namespace, labels: e.labels, selectable: isSelectable(e), external: e.kind === 'External' });
        const list = this.groupsByNs.get(e.namespace);
        if (list) list.push(id);
        else this.groupsByNs.set(e.namespace, [id]);
      }
      this.groupOfEndpoint.set(e, id);
    }
    return id;
  }

  /** The feature of a selector peer of a policy in `policyNs` (shared by equal selectors). */
  feature(peer: { readonly podSelector?: import('../model/types').LabelSelector | undefined; readonly namespaceSelector?: import('../model/types').LabelSelector | undefined }, policyNs: string): Feature {
    const pod = peer.podSelector && !isEmptySelector(peer.podSelector) ? peer.podSelector : undefined;
    const key = `${peer.namespaceSelector ? `S${selectorKey(peer.namespaceSelector)}` : `N${policyNs}`}|${pod ? selectorKey(pod) : '*'}`;
    let f = this.features.get(key);
    if (!f) {
      f = {
        key,
        nsWide: !pod,
        nsAdmits: new Map(),
        ...(peer.namespaceSelector ? { nsSelector: { sel: peer.namespaceSelector } } : { ownNs: policyNs }),
        ...(pod ? { podSelector: pod } : {}),
        groups: [],
        has: new Set(),
        checked: 0,
      };
      this.features.set(key, f);
    }
    return f;
  }

  admits(f: Feature, ns: string): boolean {
    let a = f.nsAdmits.get(ns);
    if (a === undefined) {
      a = f.nsSelector ? matchSelector(f.nsSelector.sel, this.namespaceLabels(ns)) : f.ownNs === ns;
      f.nsAdmits.set(ns, a);
    }
    return a;
  }

  /** Bring a (non namespace-wide) feature's group list up to date with every known group. */
  ensure(f: Feature): void {
    const total = this.groups.length;
    if (f.nsWide || f.checked >= total) return;
    const test = (g: number) => {
      const grp = this.groups[g] as LabelGroup;
      if (grp.selectable && matchSelector(f.podSelector as import('../model/types').LabelSelector, grp.labels)) {
        f.groups.push(g);
        f.has.add(g);
      }
    };
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
      for (let k = lo; k < list.length; k++) test(list[k] as number);
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

  factor(key: string): FactorResults {
    let f = this.factorResults.get(key);
    if (!f) {
      f = { results: new Map(), used: this.generation };
      this.factorResults.set(key, f);
    }
    f.used = this.generation;
    return f;
  }
}

// ---------------------------------------------------------------------------------------------

interface IpPeer {
  readonly peer: Extract<CompiledPeer, { kind: 'ipBlock' }>;
  readonly ns: string;
}

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

function intern<K>(map: Map<K, number>, key: K): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}

/** Splits every part of `part` into its elements in `list` and the rest (partition refinement). */
class Refiner {
  private stamp: Int32Array;
  private step = 0;
  next: number;
  constructor(
    readonly part: Int32Array,
    parts: number,
  ) {
    this.stamp = new Int32Array(part.length).fill(-1);
    this.next = parts;
  }
  refine(list: Iterable<number>): void {
    const step = this.step++;
    const remap = new Map<number, number>();
    for (const x of list) {
      if (this.stamp[x] === step) continue;
      this.stamp[x] = step;
      const old = this.part[x] as number;
      let nw = remap.get(old);
      if (nw === undefined) {
        nw = this.next++;
        remap.set(old, nw);
      }
      this.part[x] = nw;
    }
  }
  /** Renumber parts densely, in order of first appearance. */
  compact(): number {
    const ids = new Map<number, number>();
    for (let i = 0; i < this.part.length; i++) this.part[i] = intern(ids, this.part[i] as number);
    return ids.size;
  }
}

/** The peers one direction of a set of policies looks at, in a fixed order. */
interface FactorPeers {
  readonly sel: Feature[]; // features with a pod side
  readonly nsw: Feature[]; // namespace-wide features
  readonly ip: number[]; // index into the network's distinct ipBlock peers
  readonly usesNamed: boolean;
}

/** One factor within one classification: its grouping of classes and a result per group. */
interface LocalFactor {
  readonly index: number;
  readonly dir: Direction;
  /** classes this factor decides for (their egress, or their ingress) */
  readonly subjects: number[];
  readonly policies: readonly CompiledPolicy[];
  readonly peers: FactorPeers;
  readonly store: FactorResults;
  groups?: { key: (c: number) => number; reps: number[] };
  /** (group * npVariants + np) → result */
  readonly local: Map<number, DirectionResult>;
}

/**
 * Classify the members of one network under the policies (SEMANTICS R1-R4 decide what can
 * tell endpoints apart). `exact` gives every member its own class (networks with Subnet ACLs,
 * which decide by exact address).
 */
export function classify(network: string, members: readonly Member[], policies: readonly CompiledPolicy[], ctx: EvalContext, opts: { exact?: boolean; cache?: ClassCache } = {}): NetworkClasses {
  const cache = opts.cache ?? new ClassCache();
  if (!opts.cache) cache.begin('', ctx.namespaceLabels);
  const onNet = policies.filter((p) => p.networks.has(network));

  // ---- the policies' features on this network
  const ipPeers: IpPeer[] = [];
  const ipIndex = new Map<string, number>();
  const namedPorts = new Set<string>();
  const selFeatures = new Set<Feature>();
  const nswFeatures = new Set<Feature>();
  const selection = new Map<CompiledPolicy, Feature>();
  const factorPeersOf = new Map<CompiledPolicy, { ingress: FactorPeers; egress: FactorPeers }>();
  const policiesByNs = new Map<string, CompiledPolicy[]>();
  const note = (f: Feature) => (f.nsWide ? nswFeatures : selFeatures).add(f);
  for (const p of onNet) {
    const ns = p.policy.namespace;
    const list = policiesByNs.get(ns);
    if (list) list.push(p);
    else policiesByNs.set(ns, [p]);
    const sf = cache.feature({ podSelector: p.policy.podSelector }, ns);
    selection.set(p, sf);
    note(sf);
    const peersOf = (dir: Direction): FactorPeers => {
      const fp = { sel: [] as Feature[], nsw: [] as Feature[], ip: [] as number[], usesNamed: false };
      for (const r of dir === 'ingress' ? p.ingressRules : p.egressRules) {
        if (r.peers !== 'all') {
          for (const peer of r.peers) {
            if (peer.kind === 'selector') {
              const f = cache.feature(peer, ns);
              note(f);
              (f.nsWide ? fp.nsw : fp.sel).push(f);
            } else if (peer.kind === 'ipBlock') {
              const k = `${peer.cidr.family}/${peer.cidr.start}/${peer.cidr.end}/${peer.except.map((x) => `${x.start}-${x.end}`).join(',')}`;
              let idx = ipIndex.get(k);
              if (idx === undefined) {
                idx = ipPeers.length;
                ipIndex.set(k, idx);
                ipPeers.push({ peer, ns });
              }
              fp.ip.push(idx);
            }
          }
        }
        if (r.ports !== 'all') {
          for (const port of r.ports) {
            if (port.kind === 'named') {
              namedPorts.add(`${port.name}/${port.protocol}`);
              fp.usesNamed = true;
            }
          }
        }
      }
      return fp;
    };
    factorPeersOf.set(p, { ingress: peersOf('ingress'), egress: peersOf('egress') });
  }

  // ---- label groups of this network's members
  const groupOfMember = new Int32Array(members.length);
  const localOfGroup = new Map<number, number>(); // global group id → local index
  const localGroups: number[] = []; // local index → global group id
  members.forEach((m, i) => {
    const g = cache.groupOf(m);
    groupOfMember[i] = intern(localOfGroup, g);
    if (localGroups.length < localOfGroup.size) localGroups.push(g);
  });
  for (const f of selFeatures) cache.ensure(f);

  // namespaces, told apart only by namespace-wide features
  const nsIds = new Map<string, number>();
  const nsPartOfNs: number[] = [];
  {
    const keys = new Map<string, number>();
    const nsw = [...nswFeatures];
    for (const g of localGroups) {
      const grp = cache.groups[g] as LabelGroup;
      if (nsIds.has(grp.ns)) continue;
      nsIds.set(grp.ns, nsIds.size);
      let k = '';
      for (const f of nsw) k += cache.admits(f, grp.ns) ? '1' : '0';
      nsPartOfNs.push(intern(keys, k));
    }
  }
  const nsParts = Math.max(1, ...nsPartOfNs.map((x) => x + 1));
  const nsOfNsPart: string[] = [];
  for (const [ns, id] of nsIds) nsOfNsPart[nsPartOfNs[id] as number] ??= ns;
  // initial part of a group: its namespace part when selectable, else "external" or "hostNetwork"
  const nsPartOfGroup = new Int32Array(localGroups.length);
  const part = new Int32Array(localGroups.length);
  localGroups.forEach((g, k) => {
    const grp = cache.groups[g] as LabelGroup;
    const np = grp.selectable ? (nsPartOfNs[nsIds.get(grp.ns) as number] as number) : grp.external ? nsParts : nsParts + 1;
    nsPartOfGroup[k] = np;
    part[k] = np;
  });
  const refiner = new Refiner(part, nsParts + 2);
  const localList = (f: Feature): number[] => {
    const out: number[] = [];
    for (const g of f.groups) {
      const l = localOfGroup.get(g);
      if (l !== undefined) out.push(l);
    }
    return out;
  };
  const featureLocals = new Map<Feature, number[]>();
  for (const f of selFeatures) {
    const list = localList(f);
    featureLocals.set(f, list);
    refiner.refine(list);
  }
  const labelParts = refiner.compact();

  // ---- CIDR atoms
  const { cuts4, cuts6 } = atomCuts(ipPeers);
  const atomIds = new Map<string, number>();
  const atomBits: string[] = [];
  const atomOfMember = new Int32Array(members.length);
  members.forEach((m, i) => {
    let k = '';
    if (ipPeers.length) {
      const slots = m.ips.map((ip) => `${ip.family}:${slot(ip.family === 4 ? cuts4 : cuts6, ip.value)}`);
      k = slots.length > 1 ? slots.sort().join(',') : (slots[0] ?? '');
    }
    let id = atomIds.get(k);
    if (id === undefined) {
      id = atomIds.size;
      atomIds.set(k, id);
      atomBits.push(ipPeers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join(''));
    }
    atomOfMember[i] = id;
  });

  // ---- classes
  const npIds = new Map<string, number>();
  const npOfMember = (m: Member): number => {
    if (!namedPorts.size || !m.endpoint.namedPorts.length) return intern(npIds, '');
    const sig = m.endpoint.namedPorts
      .filter((n) => namedPorts.has(`${n.name}/${n.protocol}`))
      .map((n) => `${n.name}/${n.protocol}/${n.port}`)
      .sort()
      .join(',');
    return intern(npIds, sig);
  };
  const classIds = new Map<string | number, number>();
  const classOf = new Int32Array(members.length);
  const reps: number[] = [];
  const lpOfClass: number[] = [];
  const atomOfClass: number[] = [];
  const npOfClass: number[] = [];
  members.forEach((m, i) => {
    const lp = part[groupOfMember[i] as number] as number;
    const np = npOfMember(m);
    const key = opts.exact ? i : `${lp}|${atomOfMember[i]}|${np}`;
    const id = intern(classIds, key);
    if (id === reps.length) {
      reps.push(i);
      lpOfClass.push(lp);
      atomOfClass.push(atomOfMember[i] as number);
      npOfClass.push(np);
    }
    classOf[i] = id;
  });
  const n = reps.length;
  const npVariants = Math.max(1, npIds.size);
  // a label part's namespace part and member group (any: they agree on every feature)
  const nsPartOfLp = new Int32Array(labelParts);
  const groupOfLp = new Int32Array(labelParts);
  for (let k = 0; k < localGroups.length; k++) {
    nsPartOfLp[part[k] as number] = nsPartOfGroup[k] as number;
    groupOfLp[part[k] as number] = localGroups[k] as number;
  }
  const classesOfLp: number[][] = Array.from({ length: labelParts }, () => []);
  lpOfClass.forEach((lp, c) => (classesOfLp[lp] as number[]).push(c));

  // ---- factors: the policies deciding each class's egress and ingress
  const factors = new Map<string, LocalFactor>();
  const factorFor = (dir: Direction, ps: CompiledPolicy[]): LocalFactor | undefined => {
    if (!ps.length) return undefined;
    const key = `${dir}\u0000${ps.map(serialOf).join(',')}`;
    let f = factors.get(key);
    if (!f) {
      const sel: Feature[] = [];
      const nsw: Feature[] = [];
      const ip: number[] = [];
      let usesNamed = false;
      for (const p of ps) {
        const fp = (factorPeersOf.get(p) as { ingress: FactorPeers; egress: FactorPeers })[dir];
        sel.push(...fp.sel);
        nsw.push(...fp.nsw);
        ip.push(...fp.ip);
        usesNamed ||= fp.usesNamed;
      }
      const peers: FactorPeers = { sel: [...new Set(sel)], nsw: [...new Set(nsw)], ip: [...new Set(ip)], usesNamed };
      f = { index: factors.size, dir, subjects: [], policies: ps, peers, store: cache.factor(`${network}\u0000${key}`), local: new Map() };
      factors.set(key, f);
    }
    return f;
  };
  const egressOfLp: (LocalFactor | undefined)[] = [];
  const ingressOfLp: (LocalFactor | undefined)[] = [];
  for (let lp = 0; lp < labelParts; lp++) {
    const g = groupOfLp[lp] as number;
    const grp = cache.groups[g] as LabelGroup;
    const sel = grp.selectable ? (policiesByNs.get(grp.ns) ?? []).filter((p) => cache.matches(selection.get(p) as Feature, g)) : [];
    egressOfLp.push(factorFor('egress', sel.filter((p) => p.egress)));
    ingressOfLp.push(factorFor('ingress', sel.filter((p) => p.ingress)));
  }
  for (let c = 0; c < n; c++) {
    egressOfLp[lpOfClass[c] as number]?.subjects.push(c);
    ingressOfLp[lpOfClass[c] as number]?.subjects.push(c);
  }

  // classes by (CIDR atom, namespace part): a factor's selector peers aside, classes in one
  // bucket look alike to it
  const bucketIds = new Map<number, number>();
  const buckets: number[][] = [];
  for (let c = 0; c < n; c++) {
    const id = intern(bucketIds, (atomOfClass[c] as number) * (nsParts + 2) + (nsPartOfLp[lpOfClass[c] as number] as number));
    if (id === buckets.length) buckets.push([c]);
    else (buckets[id] as number[]).push(c);
  }
  /**
   * A factor's grouping of classes: alike on its ipBlock peers (per CIDR atom), its namespace-
   * wide peers (per namespace part) and its other selector peers (sparse refinement over the
   * label parts each one matches; untouched label parts are all alike). `key(c)` is the group
   * of class c; `reps` holds one class of every group. Costs what the peers match, not the
   * number of classes.
   */
  const groupsOf = (f: LocalFactor): NonNullable<LocalFactor['groups']> => {
    if (f.groups) return f.groups;
    const { sel, nsw, ip } = f.peers;
    const ipKeys = new Map<string, number>();
    const ipGroup = ip.length ? atomBits.map((bits) => intern(ipKeys, ip.map((k) => bits[k]).join(''))) : atomBits.map(() => 0);
    const nsGroup = new Int32Array(nsParts + 2);
    let nsSpan = 1;
    if (nsw.length) {
      const nsKeys = new Map<string, number>();
      const zeros = '0'.repeat(nsw.length);
      for (let np = 0; np < nsParts + 2; np++) {
        // externals and hostNetwork pods (parts past nsParts) are matched by no selector
        const ns = nsOfNsPart[np];
        nsGroup[np] = intern(nsKeys, np >= nsParts || ns === undefined ? zeros : nsw.map((x) => (cache.admits(x, ns) ? '1' : '0')).join(''));
      }
      nsSpan = nsKeys.size;
    }
    const lpPart = new Map<number, number>();
    let next = 1;
    for (const x of sel) {
      const remap = new Map<number, number>();
      const seen = new Set<number>();
      for (const l of featureLocals.get(x) ?? []) {
        const lp = part[l] as number;
        if (seen.has(lp)) continue;
        seen.add(lp);
        const old = lpPart.get(lp) ?? 0;
        let nw = remap.get(old);
        if (nw === undefined) {
          nw = next++;
          remap.set(old, nw);
        }
        lpPart.set(lp, nw);
      }
    }
    const span = next;
    const key = (c: number): number => {
      const lp = lpOfClass[c] as number;
      return ((ipGroup[atomOfClass[c] as number] as number) * nsSpan + (nsGroup[nsPartOfLp[lp] as number] as number)) * span + (lpPart.get(lp) ?? 0);
    };
    const reps = new Map<number, number>();
    const note = (c: number) => {
      const k = key(c);
      if (!reps.has(k)) reps.set(k, c);
    };
    for (const lp of lpPart.keys()) for (const c of classesOfLp[lp] as number[]) note(c);
    for (const b of buckets) {
      const c = lpPart.size ? b.find((x) => !lpPart.has(lpOfClass[x] as number)) : b[0];
      if (c !== undefined) note(c);
    }
    f.groups = { key, reps: [...reps.values()] };
    return f.groups;
  };
  /** Which of the factor's peers class `c` matches: the key of its results across analyses. */
  const patternOf = (f: LocalFactor, c: number): string => {
    const g = groupOfLp[lpOfClass[c] as number] as number;
    let k = '';
    for (const x of f.peers.sel) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    for (const x of f.peers.nsw) k += cache.matches(x, g) ? '1' : '0';
    k += '|';
    const bits = atomBits[atomOfClass[c] as number] as string;
    for (const i of f.peers.ip) k += bits[i];
    return k;
  };
  const npSigs = [...npIds.keys()];
  let computed = 0;
  /** The factor's result for a peer class, ports resolved on the destination class. */
  const resultOf = (f: LocalFactor, peer: number, dst: number): DirectionResult => {
    const g = groupsOf(f).key(peer);
    const np = f.peers.usesNamed ? (npOfClass[dst] as number) : 0;
    const lk = g * npVariants + np;
    let r = f.local.get(lk);
    if (!r) {
      const sk = f.peers.usesNamed ? `${patternOf(f, peer)}#${npSigs[np]}` : patternOf(f, peer);
      r = f.store.results.get(sk);
      if (!r) {
        const dstMember = members[reps[dst] as number] as Member;
        r = evaluateDirection(f.policies, f.dir, members[reps[peer] as number] as Member, dstMember.endpoint.namedPorts, ctx);
        f.store.results.set(sk, r);
        computed++;
      }
      f.local.set(lk, r);
    }
    return r;
  };
  const egressOf = (a: number, b: number): DirectionResult => {
    const f = egressOfLp[lpOfClass[a] as number];
    return f ? resultOf(f, b, b) : NOT_ISOLATED;
  };
  const ingressOf = (a: number, b: number): DirectionResult => {
    const f = ingressOfLp[lpOfClass[b] as number];
    return f ? resultOf(f, a, b) : NOT_ISOLATED;
  };
  /** One subject class per named-port variant the factor can see (one when it uses none). */
  const subjectVariants = (f: LocalFactor): number[] => {
    if (!f.peers.usesNamed) return f.subjects.slice(0, 1);
    const seen = new Map<number, number>();
    for (const c of f.subjects) if (!seen.has(npOfClass[c] as number)) seen.set(npOfClass[c] as number, c);
    return [...seen.values()];
  };
  return {
    network,
    members,
    classOf,
    reps,
    verdict(a, b) {
      const e = egressOf(a, b);
      const i = ingressOf(a, b);
      return { allowed: intersectConns(directionAllowed(e), directionAllowed(i)), egress: e, ingress: i };
    },
    egress: egressOf,
    ingress: ingressOf,
    evaluated: () => computed,
    prepareAll() {
      let eg = 0;
      let ig = 0;
      for (const f of factors.values()) {
        const gs = groupsOf(f);
        if (f.dir === 'egress') {
          eg++;
          if (!f.peers.usesNamed) for (const c of gs.reps) resultOf(f, c, c);
          else {
            const seen = new Set<number>();
            for (let c = 0; c < n; c++) {
              const k = gs.key(c) * npVariants + (npOfClass[c] as number);
              if (!seen.has(k)) {
                seen.add(k);
                resultOf(f, c, c);
              }
            }
          }
        } else {
          ig++;
          for (const b of subjectVariants(f)) for (const a of gs.reps) resultOf(f, a, b);
        }
      }
      return { egressFactors: eg, ingressFactors: ig, groups: computed };
    },
    tables(resultIndex) {
      const rowsOf = (ofLp: readonly (LocalFactor | undefined)[], egress: boolean) => {
        const rowOf = new Int32Array(n);
        const rowIds = new Map<string, number>();
        const rows: Int32Array[] = [];
        for (let c = 0; c < n; c++) {
          const f = ofLp[lpOfClass[c] as number];
          const key = !f ? '-' : egress || !f.peers.usesNamed ? String(f.index) : `${f.index}#${npOfClass[c]}`;
          let row = rowIds.get(key);
          if (row === undefined) {
            row = rows.length;
            rowIds.set(key, row);
            const out = new Int32Array(n);
            if (f) {
              const gs = groupsOf(f);
              const byGroup = new Map<number, number>();
              for (let o = 0; o < n; o++) {
                const np = f.peers.usesNamed ? (egress ? (npOfClass[o] as number) : (npOfClass[c] as number)) : 0;
                const slotK = gs.key(o) * npVariants + np;
                let idx = byGroup.get(slotK);
                if (idx === undefined) {
                  idx = resultIndex(egress ? resultOf(f, o, o) : resultOf(f, o, c));
                  byGroup.set(slotK, idx);
                }
                out[o] = idx;
              }
            } else out.fill(resultIndex(NOT_ISOLATED));
            rows.push(out);
          }
          rowOf[c] = row;
        }
        const flat = new Int32Array(rows.length * n);
        rows.forEach((r, k) => flat.set(r, k * n));
        return { rowOf, flat };
      };
      const e = rowsOf(egressOfLp, true);
      const i = rowsOf(ingressOfLp, false);
      return { egressRowOf: e.rowOf, egressRows: e.flat, ingressRowOf: i.rowOf, ingressRows: i.flat };
    },
  };
}
