import type { AnalysisResult, CompactNetwork } from './analyze';
import type { ConnSet } from './conn';
import type { TierPart } from './admin/evaluate';
import type { DirectionResult, RuleContribution, TierChain, TierStep } from './evaluate';

/**
 * The worker's answer with its direction results sharing equal parts. A large network's
 * results are many (108,744 at 5,000 endpoints with admin tiers) but made of few distinct
 * parts (a few hundred tier chains, rule contributions and port sets): posting them as they are
 * made the structured clone copy every part once per result (125 MB of JSON, most of the
 * worker's time). Structured clone keeps shared references, so equal parts interned to one
 * object cross once. Results are rebuilt, never mutated (the analyzer's cache holds the
 * originals); an `Interner` kept for the session reuses its work across edits.
 */
export class Interner {
  private conns = new Map<string, ConnSet>();
  private connOf = new WeakMap<ConnSet, ConnSet>();
  private lists = new Map<string, readonly string[]>();
  private parts = new Map<string, object>();
  private ids = new WeakMap<object, number>();
  private done = new WeakMap<DirectionResult, DirectionResult>();
  /** original part → its shared copy (the engine often reuses one object in many results) */
  private seen = new WeakMap<object, object>();
  private next = 0;

  /** Distinct parts held (the tables only grow: the worker starts a new interner past a bound). */
  get size(): number {
    return this.conns.size + this.lists.size + this.parts.size;
  }

  private id(x: object): number {
    let n = this.ids.get(x);
    if (n === undefined) this.ids.set(x, (n = this.next++));
    return n;
  }

  conn(c: ConnSet): ConnSet {
    let x = this.connOf.get(c);
    if (x) return x;
    const key = `${c.TCP.join()}|${c.UDP.join()}|${c.SCTP.join()}|${c.ICMP ? 1 : 0}`;
    x = this.conns.get(key);
    if (!x) this.conns.set(key, (x = c));
    this.connOf.set(c, x);
    return x;
  }

  private list(l: readonly string[]): readonly string[] {
    const key = l.join('\u0000');
    let x = this.lists.get(key);
    if (!x) this.lists.set(key, (x = l));
    return x;
  }

  private memo<T extends object>(x: T, make: (x: T) => T): T {
    let y = this.seen.get(x) as T | undefined;
    if (!y) this.seen.set(x, (y = make(x)));
    return y;
  }

  private part<T extends object>(key: string, make: () => T): T {
    let x = this.parts.get(key) as T | undefined;
    if (!x) this.parts.set(key, (x = make()));
    return x;
  }

  private rule(r: RuleContribution): RuleContribution {
    const conns = this.conn(r.conns);
    return this.part(`r${r.policy}\u0000${r.direction}\u0000${r.rule}\u0000${this.id(conns)}`, () => ({
      ...r,
      conns,
    }));
  }

  private step(s: TierStep): TierStep {
    const conns = this.conn(s.conns);
    return this.part(
      `s${s.policy}\u0000${s.direction}\u0000${s.rule}\u0000${s.action}\u0000${s.priority ?? ''}\u0000${this.id(conns)}`,
      () => ({ ...s, conns }),
    );
  }

  private tiers(t: TierChain): TierChain {
    const stepList = this.stepList(t.steps);
    const np = this.conn(t.networkPolicy);
    const byDefault = this.conn(t.byDefault);
    const ambiguous = t.ambiguous ? this.list(t.ambiguous) : undefined;
    const key = `t${this.id(stepList)}|${this.id(np)}|${this.id(byDefault)}|${ambiguous?.join('\u0000') ?? ''}`;
    return this.part(key, () => ({
      steps: stepList,
      networkPolicy: np,
      byDefault,
      ...(ambiguous ? { ambiguous } : {}),
    }));
  }

  private stepList(steps: readonly TierStep[]): readonly TierStep[] {
    const shared = steps.map((s) => this.memo(s, (y) => this.step(y)));
    return this.part(`l${shared.map((s) => this.id(s)).join()}`, () => shared);
  }

  /** A cluster tier's part (first matches and what is left), sharing its steps. */
  tierPart(p: TierPart): TierPart {
    return this.memo(p, (x) => {
      const steps = this.stepList(x.steps);
      const left = this.conn(x.left);
      return this.part(`p${this.id(steps)}|${this.id(left)}`, () => ({ steps, left }));
    });
  }

  result(r: DirectionResult): DirectionResult {
    if (!r.isolated) return r;
    let x = this.done.get(r);
    if (!x) {
      x = {
        isolated: true,
        policies: this.memo(r.policies, (l) => this.list(l)),
        rules: this.memo(r.rules, (l) => {
          const rules = l.map((q) => this.memo(q, (y) => this.rule(y)));
          return this.part(`R${rules.map((q) => this.id(q)).join()}`, () => rules);
        }),
        allowed: this.conn(r.allowed),
        ...(r.tiers ? { tiers: this.memo(r.tiers, (t) => this.tiers(t)) } : {}),
      };
      this.done.set(r, x);
    }
    return x;
  }

  /** The answer with each compact network's results sharing their parts. */
  answer<T extends Pick<AnalysisResult, 'compact'>>(result: T): T {
    if (!result.compact) return result;
    const compact: CompactNetwork[] = result.compact.map((c) => ({
      ...c,
      results: c.results.map((r) => this.result(r)),
      parts: c.parts.map((p) => this.tierPart(p)),
    }));
    return { ...result, compact };
  }
}
