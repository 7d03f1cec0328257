import type { TierPart } from './admin/evaluate';
import { CompactReader, type CompactFactor, type CompactTables } from './classes';
import type { ConnSet } from './conn';
import type { SetNumbers } from './diff-sets';
import { directionAllowed, type DirectionResult } from './evaluate';

/** Numbers are below 2^20 while the keys fit in a double (flags + two numbers). */
const LIMIT = 2 ** 20;

/**
 * The compact reader of one side of a diff: a result combined from cluster tiers' parts is
 * made once per distinct *allowed sets* of its parts, not once per pair of part objects. A
 * diff reads only what a result allows, and what a combination allows (`tiersAllowed`) reads
 * of its parts only each step's tier, action and connections, what the Admin part left, whether
 * NetworkPolicies isolate the side, and what the NetworkPolicy result allows. Where the class
 * tables are fresh (a namespace relabelled, kinds numbered afresh) every factor's parts are new
 * objects and nearly every read combination was a new one: at 5,000 endpoints 213,000
 * combinations for a few hundred distinct answers.
 */
export class AllowedReader extends CompactReader {
  /** per factor with tiers: (Admin part, lower part) → result (as `CompactReader` keeps it) */
  private readonly seen: (Map<number, number> | undefined)[] = [];
  /** combination key → result */
  private readonly byKey = new Map<number, number>();
  private readonly partNumbers: number[] = [];
  private readonly resultNumbers: number[] = [];

  constructor(
    tables: CompactTables,
    results: readonly DirectionResult[],
    parts: readonly TierPart[],
    /** allowed sets and tier parts numbered across both sides */
    private readonly sets: SetNumbers,
  ) {
    super(tables, results, parts, true);
  }

  override combinedOf(fi: number, admin: number, lower: number): number {
    let memo = this.seen[fi];
    if (!memo) this.seen[fi] = memo = new Map();
    const at = admin * 2 ** 32 + (lower + 2 ** 31);
    let id = memo.get(at);
    if (id !== undefined) return id;
    const meta = (this.tables.factors[fi] as CompactFactor).tiers?.meta;
    const a = this.partNumber(admin);
    const l = lower >= 0 ? this.resultNumber(lower) : this.partNumber(-1 - lower);
    if (!meta || a >= LIMIT || l >= LIMIT) id = super.combinedOf(fi, admin, lower);
    else {
      const key = ((a * LIMIT + l) * 2 + (meta.npIds.length ? 1 : 0)) * 2 + (lower >= 0 ? 1 : 0);
      id = this.byKey.get(key);
      if (id === undefined) this.byKey.set(key, (id = super.combinedOf(fi, admin, lower)));
    }
    memo.set(at, id);
    return id;
  }

  /** The number of what result `r` allows (0: not isolated, or none). */
  private resultNumber(r: number): number {
    let n = this.resultNumbers[r];
    if (n === undefined) {
      const res = this.results[r];
      n = this.resultNumbers[r] = res?.isolated ? 1 + this.sets.numberOf(directionAllowed(res)) : 0;
    }
    return n;
  }

  /** The number of what the diff reads of part `p`: each step's tier, action and connections, and what it left. */
  partNumber(p: number): number {
    let n = this.partNumbers[p];
    if (n === undefined) {
      const part = this.parts[p];
      const set = (c: ConnSet) => this.sets.numberOf(c);
      const key = part
        ? `${part.steps.map((s) => `${s.tier}${s.action}${set(s.conns)}`).join()}|${set(part.left)}`
        : '';
      n = this.partNumbers[p] = this.sets.keyNumber(key);
    }
    return n;
  }
}
