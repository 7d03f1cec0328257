import type { Diagnostic, Severity } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import type { Endpoint, Model, Policy } from '../../model/types';
import type { Compiled } from '../analyze';
import type { CompiledPolicy } from '../compile';

export interface LintContext {
  readonly model: Model;
  readonly compiled: Compiled;
  readonly out: Diagnostic[];
}

export function finding(ctx: LintContext, p: Policy, severity: Severity, code: string, field: string, message: string, fix?: string): void {
  ctx.out.push(diagnosticAt({ kind: p.kind, namespace: p.namespace, name: p.name }, p.origin, severity, code, field, message, fix));
}

export function endpointFinding(ctx: LintContext, e: Endpoint, severity: Severity, code: string, field: string, message: string, fix?: string): void {
  const ref = e.kind === 'External' ? { kind: 'ExternalHost', name: e.name } : { kind: e.sourceKind, namespace: e.namespace, name: e.name };
  ctx.out.push(diagnosticAt(ref, e.origin, severity, code, field, message, fix));
}

/** Applied policies only: a rejected or nowhere-applied policy is reported elsewhere. */
export function applied(ctx: LintContext): CompiledPolicy[] {
  return ctx.compiled.policies.filter((p) => !p.notApplied || p.networks.size > 0);
}

export function names(list: readonly string[], max = 4): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}
