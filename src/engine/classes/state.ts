import type { Direction } from '../compile';
import type { Decider } from '../admin/evaluate';
import type { DirectionResult } from '../evaluate';
import type { Member } from '../networks';
import type { Feature, IpPeer } from './features';

/** Per-network state the ClassCache keeps between analyses. */

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
  readonly keys: ReadonlySet<string>;
  readonly parent?: { readonly serial: number; readonly added: readonly number[] } | undefined;
  /** one member per distinct (group, atom) [and named ports], per group and per bucket (same slot and atom) */
  readonly byGroup: ReadonlyMap<number, readonly number[]>;
  readonly byGroupN: ReadonlyMap<number, readonly number[]>;
  readonly buckets: readonly (readonly number[])[];
  readonly bucketsN: readonly (readonly number[])[];
  /** buckets grouped by the classes a factor's ipBlock and namespace-wide peers give them (shared by factors with the same such peers) */
  readonly bucketClasses: Map<string, readonly (readonly (readonly number[])[])[]>;
  /** one peer per class, by selector table and ipBlock / namespace-wide peers (see `allPeers`) */
  readonly peerLists: Map<object, Map<string, readonly number[]>>;
}

export interface Factor {
  readonly dir: Direction;
  readonly policies: readonly Decider[];
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly string[];
  readonly usesNamed: boolean;
  /** label group → selector class (absent: 0); rebuilt when a feature gains groups */
  selOf: Map<number, number>;
  selSpan: number;
  selFor: number;
  /** namespace slot → namespace class (stable ids, extended as namespaces appear): its `NsTable` */
  nsOf: Int32Array;
  nsKeys: Map<string, number>;
  /** namespace classes when the results were keyed (a change renumbers the class keys) */
  nsSpan: number;
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

export interface NetState {
  members?: readonly Member[];
  groupOf: Int32Array;
  slotOf: Int32Array;
  npOf: Int32Array;
  atoms?: Atoms;
  atomOf: Int32Array;
  atomsFor?: readonly Member[];
  presence?: Presence;
  readonly factors: Map<string, Factor>;
  /** namespace classes by set of namespace-wide peers (factors with the same ones share them) */
  readonly nsTables: Map<string, NsTable>;
  /** tier parts by policies and match pattern (see `memoParts`) */
  readonly tierParts: Map<string, unknown>;
  /** selector classes by set of selector peers (shared likewise) */
  readonly selTables: Map<string, SelTable>;
}

export interface SelTable {
  readonly selOf: Map<number, number>;
  readonly span: number;
  /** the features' group count it was built for */
  readonly size: number;
}

export interface NsTable {
  nsOf: Int32Array;
  readonly keys: Map<string, number>;
}
