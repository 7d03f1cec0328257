import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import { compileModel, type Compiled } from '../analyze';
import type { CompiledPolicy } from '../compile';
import { isApplied, LintIndex, type LintContext } from './context';
import { lintAcls } from './acls';
import { lintSharedNames } from './endpoints';
import { ClusterLintCache, lintClusterPolicies } from './admin';
import {
  lintAddresses,
  lintDns,
  lintPolicyIpBlocks,
  lintPolicyNamedPorts,
  lintPolicyNetworkUse,
  lintPolicySets,
} from './networks';
import { lintPolicyRules } from './rules';
import { lintPolicySelectors } from './selectors';
import { lintUdnPeers, lintUdns } from './udn';
import { affected, changes, WorldSnapshot, type Change } from './world';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings of one policy alone (given the workloads and namespaces). */
function lintPolicy(ctx: LintContext, cp: CompiledPolicy): void {
  lintPolicyRules(ctx, cp);
  // a rejected policy is checked as written too: every problem of the object at once
  const asWritten = cp.rejected ? { ...cp, ...cp.rejected } : cp;
  if (!cp.rejected && !isApplied(cp)) return;
  lintPolicySelectors(ctx, asWritten);
  lintPolicyIpBlocks(ctx, asWritten);
  lintPolicyNamedPorts(ctx, asWritten);
  if (!cp.rejected) lintPolicyNetworkUse(ctx, cp);
  if (!cp.rejected) lintUdnPeers(ctx, cp);
}

/**
 * Findings: the compile/validation diagnostics plus the classic-mistake rules of SEMANTICS §8,
 * sorted by file and line. Each has a stable code, the object, the field path, its line where
 * known, a message and, where unambiguous, a fix. A `Linter` kept between runs (the worker
 * keeps one) re-checks only the policies that changed while workloads and namespaces are the
 * same (`world`: any object that changes when they do); when they change, it re-checks only
 * the policies whose findings can see the change (world.ts `affected`). Rules across policies
 * run every time.
 */
/**
 * Each file's place in `localeCompare` order (files comparing equal share one): the findings'
 * sort compares numbers, with the same order as comparing the names (2,000 findings, few files).
 */
function fileRanks(out: readonly Diagnostic[]): Map<string, number> {
  const files = [...new Set(out.map((d) => d.file ?? ''))].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  files.forEach((f, k) => {
    const prev = files[k - 1];
    rank.set(f, prev !== undefined && prev.localeCompare(f) === 0 ? (rank.get(prev) as number) : k);
  });
  return rank;
}

export class Linter {
  private world: unknown;
  /** the world of the last run, made when the next run needs it (a first answer never does) */
  private snapshot: (() => WorldSnapshot) | undefined;
  private perPolicy = new Map<CompiledPolicy, readonly Diagnostic[]>();
  private index: LintIndex | undefined;
  private readonly cluster = new ClusterLintCache();
  /** Policies checked by the last run (the others' findings were reused). */
  checked = 0;

  lint(model: Model, compiled: Compiled, world: unknown = {}): Diagnostic[] {
    let change: Change | undefined;
    if (world !== this.world || !this.index) {
      this.world = world;
      const index = new LintIndex(model, compiled);
      this.index = index;
      if (this.snapshot) {
        const snapshot = new WorldSnapshot(model, compiled, index);
        change = changes(this.snapshot(), snapshot);
        this.snapshot = () => snapshot;
      } else {
        change = 'all';
        let made: WorldSnapshot | undefined;
        this.snapshot = () => (made ??= new WorldSnapshot(model, compiled, index));
      }
    }
    const index = this.index;
    const ctx: LintContext = { model, compiled, out: [...compiled.diagnostics], index };
    this.checked = 0;
    // only the policies of this run are kept: a policy edited away and back is compiled anew
    const kept = new Map<CompiledPolicy, readonly Diagnostic[]>();
    for (const cp of compiled.policies) {
      let found = this.perPolicy.get(cp);
      if (!found || (change && affected(cp, change, found, compiled, index))) {
        const own: LintContext = { ...ctx, out: [] };
        lintPolicy(own, cp);
        found = own.out;
        this.checked++;
      }
      kept.set(cp, found);
      ctx.out.push(...found);
    }
    this.perPolicy = kept;
    lintPolicySets(ctx);
    lintDns(ctx);
    lintAddresses(ctx);
    lintAcls(ctx);
    lintSharedNames(ctx);
    lintClusterPolicies(ctx, this.cluster);
    lintUdns(ctx);
    return sortFindings(ctx.out);
  }
}

/**
 * Findings by file (`fileRanks`), line, then severity, in a stable order: each finding's place
 * as one number, compared as numbers (no map lookups per comparison; 2,000 findings).
 */
function sortFindings(out: Diagnostic[]): Diagnostic[] {
  const rank = fileRanks(out);
  let lines = 1;
  for (const d of out) lines = Math.max(lines, (d.line ?? 0) + 1);
  const key = new Float64Array(out.length);
  const order: number[] = [];
  for (let k = 0; k < out.length; k++) {
    const d = out[k] as Diagnostic;
    key[k] = ((rank.get(d.file ?? '') as number) * lines + (d.line ?? 0)) * 3 + ORDER[d.severity];
    order.push(k);
  }
  order.sort((a, b) => (key[a] as number) - (key[b] as number));
  return order.map((k) => out[k] as Diagnostic);
}

export function lint(model: Model, compiled: Compiled = compileModel(model)): Diagnostic[] {
  return new Linter().lint(model, compiled);
}
