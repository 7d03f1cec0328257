import { combineTiers, tiersAllowed, type TierMeta, type TierPart } from '../admin/evaluate';
import { ALL_CONNS } from '../conn';
import type { DirectionResult } from '../evaluate';
import type { CompactFactor, CompactTables, NetworkVerdicts } from './types';

export const NOT_ISOLATED: DirectionResult = { isolated: false };
/** A tier without policies (or a missing part): nothing decided. */
export const NO_PART: TierPart = { steps: [], left: ALL_CONNS };

/** Numbers table values: `first` is 0 (and stands for every value `isFirst` says is like it). */
function numbering<T extends object>(first: T, isFirst: (x: T) => boolean) {
  const values: T[] = [first];
  const ids = new Map<T, number>();
  return {
    values,
    idOf(x: T): number {
      if (isFirst(x)) return 0;
      let id = ids.get(x);
      if (id === undefined) {
        id = values.length;
        values.push(x);
        ids.set(x, id);
      }
      return id;
    },
  };
}

/** Numbers direction results for tables: 0 is "not isolated", each isolated result its own number. */
export function resultNumbering(): {
  readonly results: DirectionResult[];
  idOf: (r: DirectionResult) => number;
} {
  const n = numbering(NOT_ISOLATED, (r) => !r.isolated);
  return { results: n.values, idOf: n.idOf };
}

/** Numbers the cluster tiers' parts for tables: 0 is the part of a tier that decides nothing. */
export function partNumbering(): { readonly parts: TierPart[]; idOf: (p: TierPart) => number } {
  const n = numbering(NO_PART, (p) => p === NO_PART);
  return { parts: n.values, idOf: n.idOf };
}

/** What makes two factors with tiers combine their parts alike (their NetworkPolicies and ties). */
export function tierKey(meta: TierMeta): string {
  return `${meta.npIds.join('\u0000')}|${meta.ambiguous.join('\u0000')}`;
}

/** Result keys are class * NP + named-port signature. */
export const NP = 1 << 16;

/** Member `m`'s selector class for factor `f` (`sel`: its `sel` pairs as a map). */
export function selClassOf(
  f: CompactFactor,
  sel: ReadonlyMap<number, number>,
  t: CompactTables,
  m: number,
): number {
  return sel.get(t.groupOf[m] as number) ?? f.kinds[t.kindOf[m] as number] ?? 0;
}

/** Member `m`'s namespace class for factor `f` (its own namespaces by pair, others by kind). */
export function nsClassOf(f: CompactFactor, t: CompactTables, m: number): number {
  const s = t.slotOf[m] as number;
  const own = f.ns;
  for (let k = 0; k < own.length; k += 2) if (own[k] === s) return own[k + 1] as number;
  return f.nsKinds[t.nsKindOf[m] as number] ?? 0;
}

export function classKey(ip: number, nsSpan: number, ns: number, selSpan: number, sel: number): number {
  return (ip * nsSpan + ns) * selSpan + sel;
}

/**
 * Pair lookups on one network's compact tables, without the engine: a factor's value for a peer
 * is a class lookup; a factor with cluster policies combines its tiers' parts (SEMANTICS R9.6)
 * on first use, once per class, and numbers the result after the tables' own (`results` grows).
 */
export class CompactReader {
  readonly results: DirectionResult[];
  private readonly sels: (Map<number, number> | undefined)[] = [];
  private readonly values: (Map<number, number> | undefined)[] = [];
  /** per factor with tiers: its `tierKey` */
  private readonly metaKeys: (string | undefined)[] = [];
  /** per factor with tiers: (Admin part, lower part) → result */
  private readonly pairs: (Map<number, number> | undefined)[] = [];
  /** combined results by the tiers' meta, then Admin part, then lower part (see `combined`) */
  private readonly combos = new Map<string, Map<number, Map<number, number>>>();

  /**
   * `allowedOnly`: results combined from tiers' parts carry what they allow and their
   * NetworkPolicies, not their rules or chain (for scans that compare allowed sets: the diff).
   */
  constructor(
    readonly tables: CompactTables,
    results: readonly DirectionResult[],
    readonly parts: readonly TierPart[],
    private readonly allowedOnly = false,
  ) {
    this.results = [...results];
  }

  /** Label group → selector class of factor `fi` (absent: 0). */
  selOf(fi: number): Map<number, number> {
    let m = this.sels[fi];
    if (!m) {
      const f = this.tables.factors[fi] as CompactFactor;
      m = new Map();
      for (let k = 0; k < f.sel.length; k += 2) m.set(f.sel[k] as number, f.sel[k + 1] as number);
      this.sels[fi] = m;
    }
    return m;
  }

  /** Class key (and named-port signature) → value of factor `fi` (a factor without tiers): what its tables hold. */
  valuesOf(fi: number): Map<number, number> {
    let m = this.values[fi];
    if (!m) {
      const f = this.tables.factors[fi] as CompactFactor;
      m = new Map();
      for (let k = 0; k < f.keys.length; k++) m.set(f.keys[k] as number, f.values[k] as number);
      this.values[fi] = m;
    }
    return m;
  }

  /** The key of `peer`'s class for factor `fi`, ports resolved on named-port signature `np`. */
  keyOf(fi: number, peer: number, np: number): number {
    const t = this.tables;
    const f = t.factors[fi] as CompactFactor;
    const cls = classKey(
      f.ip[t.atomOf[peer] as number] as number,
      f.nsSpan,
      nsClassOf(f, t, peer),
      f.selSpan,
      selClassOf(f, this.selOf(fi), t, peer),
    );
    return cls * NP + (f.usesNamed ? np : 0);
  }

  /**
   * Factor `fi`'s value for `peer` (-1: no factor, 0): a result index, or a part index for a
   * tier's factor; ports resolved on named-port signature `np` (the destination's).
   */
  value(fi: number, peer: number, np: number): number {
    if (fi < 0) return 0;
    if ((this.tables.factors[fi] as CompactFactor).tiers) return this.fromParts(fi, peer, np);
    return this.valuesOf(fi).get(this.keyOf(fi, peer, np)) ?? 0;
  }

  /** A factor with cluster policies: its result for `peer` from its tiers' parts (others: 0). */
  fromParts(fi: number, peer: number, np: number): number {
    const tiers = (this.tables.factors[fi] as CompactFactor).tiers;
    if (!tiers) return 0;
    const admin = this.value(tiers.admin, peer, np);
    const lower = tiers.np >= 0 ? this.value(tiers.np, peer, np) : -1 - this.value(tiers.baseline, peer, np);
    return this.combinedOf(fi, admin, lower);
  }

  /**
   * The result of factor `fi` (with tiers) from Admin part `admin` and, below it, NetworkPolicy
   * result `lower` ≥ 0 or Baseline part -1 - `lower`: made once per distinct combination.
   */
  combinedOf(fi: number, admin: number, lower: number): number {
    let memo = this.pairs[fi];
    if (!memo) this.pairs[fi] = memo = new Map();
    const key = admin * 2 ** 32 + (lower + 2 ** 31);
    let id = memo.get(key);
    if (id === undefined) {
      const meta = (this.tables.factors[fi] as CompactFactor).tiers?.meta as TierMeta;
      id = this.combined(meta, (this.metaKeys[fi] ??= tierKey(meta)), admin, lower);
      memo.set(key, id);
    }
    return id;
  }

  /** The same across factors with the same NetworkPolicies and ties (one object per combination). */
  private combined(meta: TierMeta, metaKey: string, admin: number, lower: number): number {
    let byAdmin = this.combos.get(metaKey);
    if (!byAdmin) this.combos.set(metaKey, (byAdmin = new Map()));
    let byLower = byAdmin.get(admin);
    if (!byLower) byAdmin.set(admin, (byLower = new Map()));
    let id = byLower.get(lower);
    if (id === undefined) {
      const parts = [
        meta,
        this.parts[admin] ?? NO_PART,
        () => this.results[lower] ?? NOT_ISOLATED,
        () => this.parts[-1 - lower] ?? NO_PART,
      ] as const;
      const r: DirectionResult = this.allowedOnly
        ? { isolated: true, policies: meta.npIds, rules: [], allowed: tiersAllowed(...parts) }
        : combineTiers(...parts);
      id = this.results.length;
      this.results.push(r);
      byLower.set(lower, id);
    }
    return id;
  }

  /** A result from elsewhere, numbered after the others (0: not isolated). */
  add(r: DirectionResult): number {
    if (!r.isolated) return 0;
    this.results.push(r);
    return this.results.length - 1;
  }

  /** The two direction results of member i → member j, as indices into `results` (0: not isolated). */
  lookup(i: number, j: number): { egress: number; ingress: number } {
    const t = this.tables;
    const np = t.npOf[j] as number;
    return {
      egress: this.value(t.egressOf[i] as number, j, np),
      ingress: this.value(t.ingressOf[j] as number, i, np),
    };
  }
}

const readers = new WeakMap<object, CompactReader>();

/** The reader of a compact network (one per network object: what it combined is kept). */
export function readerOf(net: {
  readonly tables: CompactTables;
  readonly results: readonly DirectionResult[];
  readonly parts?: readonly TierPart[];
}): CompactReader {
  let r = readers.get(net);
  if (!r) readers.set(net, (r = new CompactReader(net.tables, net.results, net.parts ?? [NO_PART])));
  return r;
}

/** A reader of one network's verdicts as compact tables (`prepareAll` first). */
export function readerOfVerdicts(v: NetworkVerdicts, allowedOnly = false): CompactReader {
  const { results, idOf } = resultNumbering();
  const { parts, idOf: partOf } = partNumbering();
  return new CompactReader(v.compact(idOf, partOf), results, parts, allowedOnly);
}
