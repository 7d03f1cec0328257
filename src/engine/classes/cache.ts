import type { LabelSelector, Labels, NamedPort } from '../../model/types';
import { isEmptySelector, matchSelector, selectorMatcher } from '../selectors';
import type { Direction } from '../compile';
import { isCluster, type Decider } from '../admin/evaluate';
import { isSelectable, peerMatches, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { NP } from './compact';
import {
  intern,
  labelKey,
  selectorKey,
  sortStrings,
  type DirectionPeers,
  type Feature,
  type IpPeer,
  type LabelGroup,
  type PolicyFeatures,
} from './features';
import { Kinds } from './kinds';
import { lowerBound } from './search';
import type { FirstMatch, NetState, PatternKey } from './state';

const NO_KINDS = new Uint8Array(0);
const MATCH_ALL = () => true;

// (not frozen: a frozen list's other elements kind would make the loops reading these polymorphic)
const EMPTY: readonly never[] = [];
/** An exact copy of a list that was pushed to (which keeps room for 17), or one shared empty list. */
function exactly<T>(list: T[]): readonly T[] {
  return list.length ? list.slice() : EMPTY;
}

/**
 * The caches an analyzer keeps between runs. `begin` each analysis with the namespace labels'
 * fingerprint: when it changes, everything that depends on namespace selectors is dropped.
 */
export class ClassCache {
  /** per namespace, its label groups by key (a small map each: shorter keys, fewer misses) and their ids in order */
  private groupsOfNs = new Map<string, { readonly ids: Map<string, number>; readonly list: number[] }>();
  readonly groups: LabelGroup[] = [];
  /**
   * Cluster tiers' parts by the sequence of rules they matched (plan.ts `matchedKey`, which
   * skips the evaluation), and by what they hold (classify.ts `partKey`, which shares the object):
   * at 20,000 endpoints 6,783 parts were 1,014 distinct ones. Cleared with each sweep.
   */
  readonly alikeParts = new Map<string, FirstMatch>();
  private groupOfEndpoint = new WeakMap<object, number>();
  /** label sets (with kind and host network: `labelKey` without a namespace) by key, numbered */
  private setIds = new Map<string, number>();
  readonly slots = new Map<string, number>([['\u0000not-selectable', 0]]);
  readonly slotNames: string[] = [''];
  private npIds = new Map<string, number>();
  readonly npPorts: (readonly NamedPort[])[] = [];
  private npSigs: string[] = [];
  private npOfEndpoint = new WeakMap<object, number>();
  private features = new Map<string, Feature>();
  private policyFeatures = new WeakMap<Decider, PolicyFeatures>();
  /** a compiled selector peer → its feature (see `matchPeer`) */
  private peerFeatures = new WeakMap<object, Feature>();
  private stores = new Map<string, { results: Map<PatternKey, unknown>; used: number }>();
  readonly nets = new Map<string, NetState>();
  /** label groups alike for every cross-namespace selector (kinds.ts) */
  kinds = new Kinds();
  generation = 0;
  private nsKey: string | undefined;
  namespaceLabels: (ns: string) => Labels = () => ({});

  begin(nsKey: string, namespaceLabels: (ns: string) => Labels): void {
    if (nsKey !== this.nsKey || this.npIds.size >= NP / 2) {
      this.alikeParts.clear();
      this.features.clear();
      this.policyFeatures = new WeakMap();
      this.peerFeatures = new WeakMap();
      this.stores.clear();
      this.nets.clear();
      this.npIds.clear();
      this.npPorts.length = 0;
      this.npSigs = [];
      this.npOfEndpoint = new WeakMap();
      this.kinds = new Kinds();
      this.nsKey = nsKey;
    }
    this.namespaceLabels = namespaceLabels;
    this.generation++;
  }

  /** Drop what no analysis used for a while (bounded memory). */
  end(): void {
    this.endFeatures();
    // a sweep every third analysis (it walks every factor; an edit's own work is much less)
    if (this.generation % 3) return;
    // (made again as needed: its keys name rules of policies an edit may have replaced)
    this.alikeParts.clear();
    const old = (used: number) => this.generation - used > 2;
    for (const [k, s] of this.stores) if (old(s.used)) this.stores.delete(k);
    for (const st of this.nets.values()) {
      // the factors in use are kept (an analysis that changed no table does not touch them)
      if (st.selection && st.selectedIn === this.generation)
        for (const f of st.selection.refs.keys()) {
          f.used = this.generation;
          const t = f.parts;
          if (t) for (const x of [t.admin, t.np, t.baseline]) if (x) x.used = this.generation;
        }
      for (const [k, f] of st.factors)
        if (old(f.used)) {
          st.factors.delete(k);
          f.refreshed = -1;
        }
      for (const [k, f] of st.tiered)
        if (old(f.used)) {
          st.tiered.delete(k);
          f.refreshed = -1;
        }
      // shared class tables outlive their factors only so far (a factor re-adopting one is reset)
      if (st.selTables.size > 2 * st.factors.size + 64) st.selTables.clear();
      if (st.nsTables.size > 2 * st.factors.size + 64) st.nsTables.clear();
    }
  }

  /** Too many features kept (selectors seen over many edits): start afresh. */
  private endFeatures(): void {
    if (this.features.size > 50_000) {
      this.features.clear();
      this.policyFeatures = new WeakMap();
      this.peerFeatures = new WeakMap();
      for (const st of this.nets.values()) {
        st.factors.clear();
        st.tiered.clear();
        st.selection = undefined;
        st.selTables.clear();
        st.nsTables.clear();
      }
    }
  }

  groupOf(m: Member): number {
    const k = this.groupKey(m);
    return typeof k === 'number' ? k : this.groupOfKey(m, k);
  }

  /** The endpoint's label group when known, else its key in its namespace (`groupOfKey` numbers it). */
  groupKey(m: Member): number | string {
    const e = m.endpoint;
    return this.groupOfEndpoint.get(e) ?? labelKey('', e.kind, e.hostNetwork, e.labels);
  }

  /** The label group of key `k` (`groupKey`) in the endpoint's namespace, numbered when new. */
  groupOfKey(m: Member, k: string): number {
    const e = m.endpoint;
    let inNs = this.groupsOfNs.get(e.namespace);
    if (!inNs) this.groupsOfNs.set(e.namespace, (inNs = { ids: new Map(), list: [] }));
    let id = inNs.ids.get(k);
    if (id === undefined) {
      id = this.groups.length;
      inNs.ids.set(k, id);
      const selectable = isSelectable(e);
      let slot = 0;
      if (selectable) {
        slot = intern(this.slots, e.namespace);
        if (slot === this.slotNames.length) this.slotNames.push(e.namespace);
      }
      const list = inNs.list;
      const set = intern(this.setIds, k);
      this.groups.push({ id, ns: e.namespace, labels: e.labels, selectable, slot, local: list.length, set });
      list.push(id);
    }
    this.groupOfEndpoint.set(e, id);
    return id;
  }

  /**
   * The label set number (`LabelGroup.set`) of an endpoint this cache has grouped, if it has:
   * equal for endpoints of equal labels (and kind), in any namespace, for the cache's life.
   */
  labelSetOf(e: object): number | undefined {
    const g = this.groupOfEndpoint.get(e);
    return g === undefined ? undefined : (this.groups[g] as LabelGroup).set;
  }

  npOf(m: Member): number {
    const e = m.endpoint;
    let id = this.npOfEndpoint.get(e);
    if (id === undefined) {
      const np = e.namedPorts;
      id = intern(
        this.npIds,
        np.length ? sortStrings(np.map((x) => `${x.name}/${x.protocol}/${x.port}`)).join(',') : '',
      );
      if (id >= NP)
        throw new Error(`more than ${NP} different sets of named ports in one design: not supported`);
      if (id === this.npPorts.length) this.npPorts.push(np);
      this.npOfEndpoint.set(e, id);
    }
    return id;
  }

  /** The named-port signature's text (kept: it keys pattern stores on every lookup). */
  npSig(id: number): string {
    let sig = this.npSigs[id];
    if (sig === undefined)
      this.npSigs[id] = sig = (this.npPorts[id] ?? [])
        .map((x) => `${x.name}/${x.protocol}/${x.port}`)
        .sort()
        .join(',');
    return sig;
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
        podMatch: pod ? selectorMatcher(pod) : MATCH_ALL,
        groups: [],
        hasLocal: NO_KINDS,
        checked: 0,
        kindMatch: NO_KINDS,
        kindSerial: -1,
      };
      this.features.set(key, f);
      if (peer.namespaceSelector) this.kinds.addSelector(peer.namespaceSelector, pod);
    }
    return f;
  }

  policy(p: Decider): PolicyFeatures {
    let pf = this.policyFeatures.get(p);
    if (!pf) {
      const ns = p.policy.namespace;
      const peersOf = (dir: Direction): DirectionPeers => {
        // (short lists, not a Set or Map each: two directions of every policy)
        const sel: Feature[] = [];
        const nsw: Feature[] = [];
        const ip: IpPeer[] = [];
        let usesNamed = false;
        const rulePeers: DirectionPeers['rulePeers'][number][] = [];
        for (const r of dir === 'ingress' ? p.ingressRules : p.egressRules) {
          if (r.peers !== 'all') {
            const peers: (Feature | string | null)[] = [];
            for (const peer of r.peers) {
              if (peer.kind === 'selector') {
                const f = this.feature(peer, ns);
                this.peerFeatures.set(peer, f);
                const list = f.nsWide ? nsw : sel;
                if (!list.includes(f)) list.push(f);
                peers.push(f);
              } else if (peer.kind === 'ipBlock') {
                const key = `${peer.cidr.family}/${peer.cidr.start}/${peer.cidr.end}/${peer.except.map((x) => `${x.start}-${x.end}`).join(',')}`;
                if (!ip.some((x) => x.key === key)) ip.push({ key, peer, ns });
                peers.push(key);
              } else peers.push(null);
            }
            rulePeers.push(exactly(peers));
          } else rulePeers.push(undefined);
          if (r.ports !== 'all' && r.ports.some((x) => x.kind !== 'set')) usesNamed = true;
        }
        // (exact copies: a pushed array keeps room for 17, and these are kept per policy;
        // empty ones shared: most policies have no namespace-wide or ipBlock peers)
        return {
          sel: exactly(sel),
          nsw: exactly(nsw),
          ip: exactly(ip),
          usesNamed,
          rulePeers: exactly(rulePeers),
        };
      };
      const selection = isCluster(p)
        ? this.feature(p.admin.subject, '')
        : this.feature({ podSelector: p.policy.podSelector }, ns);
      const ingress = peersOf('ingress');
      const egress = peersOf('egress');
      pf = {
        selection,
        ingress,
        egress,
        sels: [selection, ...ingress.sel, ...egress.sel],
        ips: [...ingress.ip, ...egress.ip],
      };
      this.policyFeatures.set(p, pf);
    }
    return pf;
  }

  /**
   * `peerMatches` for the peers of policies seen by `policy` (their features `ensure`d), read
   * from what each feature matches: per label group or kind, not selector by selector.
   */
  matchPeer(ctx: EvalContext): NonNullable<EvalContext['matchPeer']> {
    // an evaluation asks about one member for each of its rules' peers: its group is looked
    // up once (a member's group holds for the analysis)
    let last: Member | undefined;
    let group = -1;
    return (peer, policyNs, m) => {
      const f = peer.kind === 'selector' ? this.peerFeatures.get(peer) : undefined;
      if (!f) return peerMatches(peer, policyNs, m, ctx);
      if (m !== last) {
        last = m;
        group = this.groupOf(m);
      }
      return this.matches(f, group);
    };
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

  /** Kinds for every label group known (after new groups or selectors; kinds.ts). */
  updateKinds(): void {
    this.kinds.update(this.groups, this.namespaceLabels);
  }

  /**
   * Bring a (non namespace-wide) feature up to date with every known group: a feature of one
   * namespace its group list, a cross-namespace one its kinds (`updateKinds` first).
   */
  ensure(f: Feature): void {
    if (f.nsWide) return;
    if (f.ownNs === undefined) return this.ensureKinds(f);
    const total = this.groups.length;
    if (f.checked >= total) return;
    const from = f.checked;
    const own = f.ownNs;
    const test = (g: number) => {
      const grp = this.groups[g] as LabelGroup;
      if (grp.selectable && grp.ns === own && f.podMatch(grp.labels)) {
        f.groups.push(g);
        if (f.hasLocal.length <= grp.local) {
          const grown = new Uint8Array(Math.max(8, 2 * grp.local + 2));
          grown.set(f.hasLocal);
          f.hasLocal = grown;
        }
        f.hasLocal[grp.local] = 1;
      }
    };
    if (total - from < 64)
      // a few new groups (an edit): test them, not the namespace's list
      for (let g = from; g < total; g++) test(g);
    else {
      // ids are ascending in each namespace list: start at the first unchecked one
      const list = this.groupsOfNs.get(own)?.list ?? [];
      for (let k = lowerBound(list, from); k < list.length; k++) test(list[k] as number);
    }
    f.checked = total;
  }

  private ensureKinds(f: Feature): void {
    const k = this.kinds;
    if (f.kindSerial === k.serial && f.kindMatch.length >= k.count) return;
    const from = f.kindSerial === k.serial ? f.kindMatch.length : 1;
    const m = new Uint8Array(k.count);
    if (from > 1) m.set(f.kindMatch);
    for (let kind = from; kind < k.count; kind++) {
      const grp = this.groups[k.rep[kind] as number] as LabelGroup;
      m[kind] = this.admits(f, grp.ns) && f.podMatch(grp.labels) ? 1 : 0;
    }
    f.kindMatch = m;
    f.kindSerial = k.serial;
  }

  matches(f: Feature, g: number): boolean {
    const grp = this.groups[g] as LabelGroup;
    if (!grp.selectable) return false;
    if (f.nsWide)
      // (a policy's own namespace, else by namespace labels: per slot, once per feature)
      return f.ownNs !== undefined ? grp.ns === f.ownNs : this.admitsBySlot(f)[grp.slot] === 1;
    if (f.ownNs !== undefined) return grp.ns === f.ownNs && f.hasLocal[grp.local] === 1;
    if (g >= this.kinds.seen) this.updateKinds();
    const kind = this.kinds.of[g] as number;
    if (f.kindSerial !== this.kinds.serial || kind >= f.kindMatch.length) this.ensureKinds(f);
    return f.kindMatch[kind] === 1;
  }

  store<R>(key: string): Map<PatternKey, R> {
    let s = this.stores.get(key);
    if (!s) {
      s = { results: new Map(), used: this.generation };
      this.stores.set(key, s);
    }
    s.used = this.generation;
    return s.results as Map<PatternKey, R>;
  }

  net(network: string): NetState {
    let st = this.nets.get(network);
    if (!st) {
      st = {
        order: new Int32Array(0),
        groupOf: new Int32Array(0),
        kindOf: new Int32Array(0),
        slotOf: new Int32Array(0),
        npOf: new Int32Array(0),
        atomOf: new Int32Array(0),
        selectedIn: 0,
        touched: '',
        factors: new Map(),
        tiered: new Map(),
        nsTables: new Map(),
        ipClasses: new Map(),
        listIds: new Map(),
        selTables: new Map(),
      };
      this.nets.set(network, st);
    }
    return st;
  }
}
