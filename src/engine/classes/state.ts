import type { Direction } from '../compile';
import type { Decider, TierPart } from '../admin/evaluate';
import type { DirectionResult } from '../evaluate';
import type { Member } from '../networks';
import type { Feature, IpPeer } from './features';
import type { Selection } from './selection';
import type { Plan } from './plan';
import type { TierMeta } from '../admin/evaluate';

/** Per-network state the ClassCache keeps between analyses. */

/** A key of a factor's pattern-keyed store (`Factor.store`): a number while the pattern fits. */
export type PatternKey = number | string;

/** CIDR atoms: addresses alike for every ipBlock of the network's policies. */
export interface Atoms {
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
export interface Presence {
  readonly serial: number;
  readonly atoms: number; // atoms serial
  /** whether a member had this (label group, atom, named-port set) */
  readonly has: (group: number, atom: number, np: number) => boolean;
  readonly parent?: { readonly serial: number; readonly added: readonly number[] } | undefined;
  /** one member per distinct (group, atom), and per distinct (group, atom, named ports) */
  readonly plain: Representatives;
  readonly named: Representatives;
  /** one peer per class, by selector table and ipBlock / namespace-wide peers (see `allPeers`) */
  readonly peerLists: Map<object, Map<string, readonly number[]>>;
}

/** Members standing for every distinct combination, indexed by namespace slot. */
export interface Representatives {
  readonly all: Int32Array;
  readonly bySlot: ReadonlyMap<number, readonly number[]>;
  /**
   * By kind numbering: the (kind, CIDR atom, named ports) combinations; by kind numbering and a
   * factor's partition of the atoms: the (kind, ipBlock class, named ports) ones (kind-reps.ts)
   */
  readonly byKind: Map<string, KindReps>;
}

/** Combinations of a kind with a class and named ports, each with up to `KIND_REPS` members in different namespace slots. */
export interface KindReps {
  /** per combination KIND_REPS entries: a member (-1: none) and its namespace slot */
  readonly members: Int32Array;
  readonly slot: Int32Array;
  /** per combination: its kind, CIDR atom or ipBlock class, and named-port signature (0 unless named) */
  readonly kind: Int32Array;
  readonly cls: Int32Array;
  readonly np: Int32Array;
}

/** A tier's first matches over every connection, in order, and what none of them decided. */
export type FirstMatch = TierPart;

/**
 * What a factor's results are. `whole`: the direction's result under every policy deciding it
 * (without cluster policies, or combined from its tier factors); `Admin` / `Baseline`: that
 * cluster tier's first matches (SEMANTICS R9.6), shared by every factor holding those policies.
 */
export type FactorTier = 'whole' | 'Admin' | 'Baseline';

export interface Factor<R = DirectionResult> {
  /** a number per factor object (keys of combined results) */
  readonly id: number;
  readonly tier: FactorTier;
  readonly dir: Direction;
  /** the policies deciding it (a factor with tiers: none here, its tiers' factors hold them) */
  readonly policies: readonly Decider[];
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly string[];
  readonly usesNamed: boolean;
  /** with cluster policies: the factors of its tiers (NetworkPolicy tier: the factor of those policies alone) */
  parts?: TierFactors;
  /** its selector classes: label group → class with `selClass` (sel-table.ts), found again by `selKey` */
  selTable: SelTable;
  /** the table's span: class numbers are below it */
  selSpan: number;
  /** the label groups and namespaces its tables were brought up to date with (see `refresh`) */
  stamp: number;
  readonly selKey: string;
  /** the key of its namespace table (the namespace-wide peers' keys) */
  readonly nsKey: string;
  /** namespace slot → namespace class (stable ids, extended as namespaces appear): its `NsTable` */
  nsOf: Int32Array;
  nsKeys: Map<string, number>;
  /** namespace classes when the results were keyed (a change renumbers the class keys) */
  nsSpan: number;
  /** its ipBlock classes: `ipc.ids` (shared by the factors of the network with the same ipBlock peers) */
  readonly ipIds: Map<string, number>;
  readonly ipc: IpClasses;
  /** its ipBlock and namespace-wide peers' keys (peers.ts keys its lists of peers by them) */
  peerSig: string | undefined;
  /** its rules' peers as pattern positions (plan.ts; undefined until made, null: none) */
  plan: Plan | null | undefined;
  readonly results: Map<number, R>;
  /** by peer-match pattern: survives a rebuild of the classes */
  readonly store: Map<PatternKey, R>;
  /** presence serial up to which every class has a result, per named-port signature of the subjects */
  done: number;
  /** (a short list: mostly one signature, 0) */
  readonly doneNps: number[];
  /** the `prepareAll` call that last visited it (classify.ts) */
  prepared: number;
  /** its index in the compact tables last made of its network (`compact`, classify.ts) */
  shipped: number;
  used: number;
  /** generation its tables were last brought up to date in (-1: dropped from the cache) */
  refreshed: number;
  /** a full selection's count of the members it decides, valid in selection round `refRound` */
  refRound: number;
  refCount: number;
}

export interface TierFactors {
  readonly admin: Factor<FirstMatch> | undefined;
  readonly np: Factor | undefined;
  readonly baseline: Factor<FirstMatch> | undefined;
  /** results by Admin part, then NetworkPolicy (or else Baseline) part (made on first use) */
  memo?: Map<FirstMatch | undefined, Map<DirectionResult | FirstMatch | undefined, DirectionResult>>;
  /** its NetworkPolicies' ids and ties (`tiers.ts`, made on first use) */
  meta?: TierMeta;
}

export interface NetState {
  members?: readonly Member[];
  /**
   * The members' indices grouped by namespace (in order of first appearance, ascending within):
   * label groups are numbered and factors selected in this order, so a namespace's groups,
   * factors and tables are near each other in memory (models list namespaces round-robin too)
   */
  order: Int32Array;
  groupOf: Int32Array;
  /** label group → kind, in the numbering of the last analysis's tables (kinds.ts) */
  kindOf: Int32Array;
  slotOf: Int32Array;
  npOf: Int32Array;
  atoms?: Atoms;
  atomOf: Int32Array;
  atomsFor?: readonly Member[];
  presence?: Presence;
  /** the factors of every member, kept between analyses (selection.ts) */
  selection?: Selection | undefined;
  /** the cache generation of its last selection (its factors were all in use then) */
  selectedIn: number;
  /** what the factors in use were last brought up to date with (selection.ts `touchAll`) */
  touched: string;
  /** the factors of one list by (list id, tier, direction) (`listFactor`) */
  readonly factors: Map<number, Factor<unknown>>;
  /** the factors with tiers, by (own list id, direction) and the cluster list's id (`tieredFactor`) */
  readonly tiered: Map<number | string, Factor>;
  /** policy lists' keys (`factorKey`) → ids (factor keys hold these: `keyedList`) */
  readonly listIds: Map<string, number>;
  /** namespace classes by set of namespace-wide peers (factors with the same ones share them) */
  readonly nsTables: Map<string, NsTable>;
  /** ipBlock classes by list of ipBlock peers (shared likewise) */
  readonly ipClasses: Map<string, IpClasses>;
  /** selector classes by set of selector peers (shared likewise) */
  readonly selTables: Map<string, SelTable>;
}

/**
 * The ipBlock classes of a list of ipBlock peers: ids by which of them an address is in (stable,
 * only added to), and each CIDR atom's, for the atoms `of` was computed for.
 */
export interface IpClasses {
  readonly ids: Map<string, number>;
  of: Int32Array;
  /** the ipBlock peers' positions in the atoms' bits (`Atoms.index`), for the atoms' serial */
  pos: Int32Array;
  /** the atoms' serial and count `of` is for */
  serial: number;
  seen: number;
  /** `of` joined (`ipText`), made on first use */
  text: string | undefined;
}

/** See sel-table.ts. */
export interface SelTable {
  readonly features: readonly Feature[];
  /** its peers of one namespace (matching listed groups) and its cross-namespace ones (by kind) */
  readonly local: readonly Feature[];
  readonly cross: readonly Feature[];
  /** the kinds' numbering it reads (`Kinds.serial` and `Kinds.of` when last extended) */
  readonly kindSerial: number;
  kindOf: Int32Array;
  /** kind → class for the kinds below `kindsSeen` (a buffer with room) */
  byKind: Int32Array;
  kindsSeen: number;
  /** the listed groups (of its namespace), ascending, and their classes: views of `gbuf` / `cbuf` */
  groups: Int32Array;
  classes: Int32Array;
  gbuf: Int32Array;
  cbuf: Int32Array;
  /** per peer of one namespace, how many of its groups the table holds */
  readonly localSeen: Int32Array;
  /** match vector (its peers' bits) → class */
  readonly vecs: Map<number | string, number>;
  /** the next class number; class numbers are below `span` (a power of two) */
  next: number;
  span: number;
  /** rebuilt since (the factors holding it find the new one by key) */
  replaced: boolean;
}

export interface NsTable {
  nsOf: Int32Array;
  readonly keys: Map<string, number>;
}
