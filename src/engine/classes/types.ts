import type { TierMeta, TierPart } from '../admin/evaluate';
import type { DirectionResult, PairVerdict } from '../evaluate';
import type { Member } from '../networks';

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
  prepareAll(): void;
  /** The tables `prepareAll` fills: how many, and their results in all. */
  tableSize(): { factors: number; results: number };
  /**
   * The factor tables for views (call `prepareAll` first): results numbered by `resultIndex`, the
   * cluster tiers' parts by `partIndex` (read them with `CompactReader`).
   */
  compact(resultIndex: (r: DirectionResult) => number, partIndex: (p: TierPart) => number): CompactTables;
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
  /** member → kind (label groups alike for every cross-namespace selector; `CompactFactor.kinds`) */
  readonly kindOf: Int32Array;
  /** member → namespace kind (-1: none; `CompactFactor.nsKinds`) */
  readonly nsKindOf: Int32Array;
  /** member → factor index deciding its egress / ingress, -1 when not isolated */
  readonly egressOf: Int32Array;
  readonly ingressOf: Int32Array;
  readonly factors: readonly CompactFactor[];
}

export interface CompactFactor {
  /**
   * `whole`: its values number direction results. `Admin` / `Baseline`: one cluster tier's part
   * (first matches), its values number the network's parts. A whole factor with `tiers` has no
   * values of its own: a result is its tiers' parts combined (`CompactReader`), so the tables
   * hold the tiers' classes, not every combination of them.
   */
  readonly tier: 'whole' | 'Admin' | 'Baseline';
  readonly tiers?: CompactTiers;
  readonly usesNamed: boolean;
  readonly nsSpan: number;
  readonly selSpan: number;
  /**
   * label group → selector class, as pairs [group, class, ...]; a group absent has its kind's
   * class (`kinds`; absent there too: 0). Selector classes: `selClassOf`.
   */
  readonly sel: Int32Array;
  /** kind → selector class (for groups not in `sel`) */
  readonly kinds: Int32Array;
  /**
   * namespace slot → namespace class, as pairs [slot, class, ...] for its own namespaces; other
   * slots have their namespace kind's class (`nsKinds`; absent: 0). Read with `nsClassOf`.
   */
  readonly ns: Int32Array;
  /** namespace kind → namespace class */
  readonly nsKinds: Int32Array;
  /** CIDR atom → ipBlock class */
  readonly ip: Int32Array;
  /** class key → result index */
  readonly keys: Float64Array;
  readonly values: Int32Array;
}

/** A factor with cluster policies: its tiers' factors (indices into `factors`, -1: none). */
export interface CompactTiers {
  readonly admin: number;
  readonly np: number;
  readonly baseline: number;
  readonly meta: TierMeta;
}
