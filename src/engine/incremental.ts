import type { Model, Policy } from '../model/types';
import type { Compiled } from './analyze';
import { classify, type NetworkClasses } from './classes';
import { compilePolicy, type CompiledPolicy } from './compile';
import type { EvalContext } from './evaluate';
import { layoutNetworks, type NetworkLayout } from './networks';
import { compileSubnets } from './acl/layer';
import { namespaceLabeler } from './analyze';
import type { Diagnostic } from '../model/diagnostic';

/**
 * Keeps the expensive stages between edits: the network layout while endpoints and NADs are
 * unchanged, and each compiled policy while its text is unchanged. Classes are recomputed
 * (cheap, label sets are cached), class-pair verdicts are computed lazily by the views.
 */
export class IncrementalAnalyzer {
  private layoutKey = '';
  private layout: NetworkLayout | undefined;
  private compiled = new Map<string, { key: string; compiled: CompiledPolicy; diagnostics: Diagnostic[] }>();
  recompiled = 0;

  update(model: Model): { compiled: Compiled; classes: NetworkClasses[] } {
    const lk = JSON.stringify([model.endpoints, model.nads]);
    if (!this.layout || lk !== this.layoutKey) {
      this.layout = layoutNetworks(model);
      this.layoutKey = lk;
      this.compiled.clear();
    }
    const layout = this.layout;
    const diagnostics: Diagnostic[] = [...layout.diagnostics];
    this.recompiled = 0;
    const policies = model.policies.map((p: Policy) => {
      const key = JSON.stringify(p);
      let hit = this.compiled.get(p.id);
      if (!hit || hit.key !== key) {
        const r = compilePolicy(p, layout);
        hit = { key, compiled: r.compiled, diagnostics: r.diagnostics };
        this.compiled.set(p.id, hit);
        this.recompiled++;
      }
      diagnostics.push(...hit.diagnostics);
      return hit.compiled;
    });
    const subnets = compileSubnets(model, layout);
    const compiled: Compiled = { layout, subnets: subnets.subnets, policies, diagnostics: [...diagnostics, ...subnets.diagnostics], namespaceLabels: namespaceLabeler(model) };
    const classes = [...layout.members].map(([net, members]) => {
      const ctx: EvalContext = { networkId: net, namespaceLabels: compiled.namespaceLabels };
      return classify(net, members, policies, ctx, { exact: subnets.subnets.some((s) => s.network === net && (s.from.length || s.to.length)) });
    });
    return { compiled, classes };
  }
}

/** The full analysis without expanding to pairs: every factor table of every network. */
export function evaluateAllClassPairs(classes: readonly NetworkClasses[]): number {
  let n = 0;
  for (const c of classes) n += c.prepareAll().groups;
  return n;
}
