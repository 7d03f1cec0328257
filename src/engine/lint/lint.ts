import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import { compileModel, type Compiled } from '../analyze';
import type { LintContext } from './context';
import { lintAcls } from './acls';
import { lintNetworks } from './networks';
import { lintRules } from './rules';
import { lintSelectors } from './selectors';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Findings: the compile/validation diagnostics plus the classic-mistake rules of
 * SEMANTICS §8, sorted by file and line. Each has a stable code, the object, the field
 * path, its line where known, a message and, where unambiguous, a fix.
 */
export function lint(model: Model, compiled: Compiled = compileModel(model)): Diagnostic[] {
  const ctx: LintContext = { model, compiled, out: [...compiled.diagnostics] };
  lintRules(ctx);
  lintSelectors(ctx);
  lintNetworks(ctx);
  lintAcls(ctx);
  return ctx.out.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || ORDER[a.severity] - ORDER[b.severity]);
}
