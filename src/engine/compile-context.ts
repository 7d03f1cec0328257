// What compiling one policy collects: its diagnostics, and whether the API server rejects it.
import type { Diagnostic, Fix } from '../model/diagnostic';
import type { DiagnosticCode } from '../model/diagnostic-codes';
import { policyDiagnostic, type FieldIssue } from '../model/report';
import type { Policy } from '../model/types';

export interface Ctx {
  readonly policy: Policy;
  readonly diags: Diagnostic[];
  /** false as soon as the API server would reject the object (NetworkPolicy only). */
  rejected: boolean;
}

export function report(ctx: Ctx, ...issue: FieldIssue): void {
  ctx.diags.push(policyDiagnostic(ctx.policy, ...issue));
}

/** An API-level validation error: a NetworkPolicy would be rejected, an MNP keeps going. */
export function invalid(ctx: Ctx, code: DiagnosticCode, field: string, message: string, fix?: Fix): void {
  const isNp = ctx.policy.kind === 'NetworkPolicy';
  if (isNp) ctx.rejected = true;
  report(
    ctx,
    'error',
    code,
    field,
    isNp ? `${message}; the API server rejects this NetworkPolicy, so it is not applied` : message,
    fix,
  );
}
