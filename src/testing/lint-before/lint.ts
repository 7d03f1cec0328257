import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import type { Compiled } from '../../engine/analyze';
import type { CompiledPolicy } from '../../engine/compile';
import { lintAcls } from '../../engine/lint/acls';
import type { LintContext as EngineContext } from '../../engine/lint/context';
import { lintSharedNames } from '../../engine/lint/endpoints';
import { lintPolicyRules } from '../../engine/lint/rules';
import { lintUdnPeers, lintUdns } from '../../engine/lint/udn';
import { lintClusterPolicies } from './admin';
import { isApplied, LintIndex, type LintContext } from './context';
import {
  lintAddresses,
  lintDns,
  lintPolicyIpBlocks,
  lintPolicyNamedPorts,
  lintPolicyNetworkUse,
  lintPolicySets,
} from './networks';
import { lintPolicySelectors } from './selectors';

/**
 * The linter as it was before issue 21 (per workload and per pair of policies), kept only to
 * check that the label-group rules find exactly the same: every rule, one fresh run. The rules
 * it did not change are the engine's own (given this run's index, which has the same API).
 */
const ORDER = { error: 0, warning: 1, info: 2 } as const;

function lintPolicy(ctx: LintContext, cp: CompiledPolicy): void {
  const same = ctx as unknown as EngineContext;
  lintPolicyRules(same, cp);
  const asWritten = cp.rejected ? { ...cp, ...cp.rejected } : cp;
  if (!cp.rejected && !isApplied(cp)) return;
  lintPolicySelectors(ctx, asWritten);
  lintPolicyIpBlocks(ctx, asWritten);
  lintPolicyNamedPorts(ctx, asWritten);
  if (!cp.rejected) lintPolicyNetworkUse(ctx, cp);
  if (!cp.rejected) lintUdnPeers(same, cp);
}

export function lintBefore(model: Model, compiled: Compiled): Diagnostic[] {
  const index = new LintIndex(model, compiled);
  const ctx: LintContext = { model, compiled, out: [...compiled.diagnostics], index };
  const same = ctx as unknown as EngineContext;
  for (const cp of compiled.policies) lintPolicy(ctx, cp);
  lintPolicySets(ctx);
  lintDns(ctx);
  lintAddresses(ctx);
  lintAcls(same);
  lintSharedNames(same);
  lintClusterPolicies(ctx);
  lintUdns(same);
  return ctx.out.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      ORDER[a.severity] - ORDER[b.severity],
  );
}
