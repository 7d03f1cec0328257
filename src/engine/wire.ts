import type { AnalysisResult, CompactNetwork, Connection } from './analyze';
import type { ConnSet } from './conn';
import { equals as samePorts, type PortSet } from './ports';
import type { TierPart } from './admin/evaluate';
import type { DirectionResult, RuleContribution, TierChain, TierStep } from './evaluate';
import { NumberKeyed } from './wire-keys';

/** The kinds of shared parts (the first number of their keys). */
const K = { rule: 0, step: 1, tiers: 2, steps: 3, tierPart: 4, rules: 5, result: 6, list: 7 } as const;

function hashPorts(h: number, ports: PortSet): number {
  let x = Math.imul(h ^ ports.length, 0x01000193);
  for (const [a, b] of ports) x = Math.imul(Math.imul(x ^ a, 0x01000193) ^ b, 0x01000193);
  return x;
}

const sameConns = (a: ConnSet, b: ConnSet): boolean =>
  a.ICMP === b.ICMP && samePorts(a.TCP, b.TCP) && samePorts(a.UDP, b.UDP) && samePorts(a.SCTP, b.SCTP);

/**
 * The worker's answer with its direction results sharing equal parts. A large network's
 * results are many (108,744 at 5,000 endpoints with admin tiers) but made of few distinct
 * parts (a few hundred tier chains, rule contributions and port sets): posting them as they are
 * made the structured clone copy every part once per result (125 MB of JSON, most of the
 * worker's time). Structured clone keeps shared references, so equal parts interned to one
 * object cross once. Results are rebuilt, never mutated (the analyzer's cache holds the
 * originals); an `Interner` kept for the session reuses its work across edits. Keys are numbers
 * (parts and strings numbered), never the parts' text: 17,000 results at 10,000 endpoints are
 * 28,000 port sets, 27,000 rule contributions and 15,000 tier steps, nearly all fresh objects.
 */
export class Interner {
  private conns = new Map<number, ConnSet[]>();
  private connCount = 0;
  private parts = new NumberKeyed();
  /** numbers for shared parts and for the strings keys name (policy ids), kept with the parts */
  private ids = new Map<object, number>();
  private strings = new Map<string, number>();
  private done = new WeakMap<DirectionResult, DirectionResult>();
  /**
   * original part → its shared copy (the engine often reuses one object in many results), and
   * port set → its shared one: for one answer (a Map is much faster than a WeakMap here; across
   * answers, unchanged results are found whole in `done`)
   */
  private seen = new Map<object, object>();
  private connOf = new Map<ConnSet, ConnSet>();
  private next = 0;

  /** Distinct parts held (the tables only grow: the worker starts a new interner past a bound). */
  get size(): number {
    return this.connCount + this.parts.size;
  }

  private id(x: object): number {
    let n = this.ids.get(x);
    if (n === undefined) this.ids.set(x, (n = this.next++));
    return n;
  }

  /** A string as a number: keys of numbers are short, hashed fast. */
  private str(x: string): number {
    let n = this.strings.get(x);
    if (n === undefined) this.strings.set(x, (n = this.strings.size));
    return n;
  }

  /**
   * The shared port set equal to `c`. Port sets are many objects of few values (28,000 and 142
   * at 10,000 endpoints): found by a hash of their numbers, then compared, with no text key.
   */
  conn(c: ConnSet): ConnSet {
    let x = this.connOf.get(c);
    if (x) return x;
    const h = hashPorts(hashPorts(hashPorts(c.ICMP ? 1 : 2, c.TCP), c.UDP), c.SCTP);
    const bucket = this.conns.get(h);
    x = bucket?.find((y) => sameConns(y, c));
    if (!x) {
      x = c;
      if (bucket) bucket.push(c);
      else this.conns.set(h, [c]);
      this.connCount++;
    }
    this.connOf.set(c, x);
    return x;
  }

  private list(l: readonly string[]): readonly string[] {
    const k = this.parts.scratch;
    k.length = 0;
    k.push(K.list);
    for (let i = 0; i < l.length; i++) k.push(this.str(l[i] as string));
    return this.parts.get(k, () => l);
  }

  /** The shared list of shared parts `items` (kind `kind`), keyed by their numbers in the scratch key. */
  private partList<T extends object>(kind: number, items: readonly T[]): readonly T[] {
    const k = this.parts.scratch;
    k.length = 0;
    k.push(kind);
    for (let i = 0; i < items.length; i++) k.push(this.id(items[i] as T));
    return this.parts.get(k, () => items);
  }

  private memo<T extends object>(x: T, make: (x: T) => T): T {
    let y = this.seen.get(x) as T | undefined;
    if (!y) this.seen.set(x, (y = make(x)));
    return y;
  }

  /**
   * The shared part for a key of up to five fields (a kind, `K`, then the numbers of its fields),
   * written into the table's scratch key (no array made).
   */
  private part5<T extends object>(
    kind: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    make: () => T,
  ): T {
    const k = this.parts.scratch;
    k.length = 6;
    k[0] = kind;
    k[1] = a;
    k[2] = b;
    k[3] = c;
    k[4] = d;
    k[5] = e;
    return this.parts.get(k, make);
  }

  private rule(r: RuleContribution): RuleContribution {
    const conns = this.conn(r.conns);
    const dir = r.direction === 'ingress' ? 0 : 1;
    return this.part5(K.rule, this.str(r.policy), dir, r.rule, this.id(conns), 0, () => ({ ...r, conns }));
  }

  private step(s: TierStep): TierStep {
    const conns = this.conn(s.conns);
    // (the policy and rule name the step; priority -1: none, as the text key's empty one did)
    const head = this.str(s.policy) * 2 + (s.direction === 'ingress' ? 0 : 1);
    const action = this.str(s.action);
    return this.part5(K.step, head, s.rule, action, s.priority ?? -1, this.id(conns), () => ({
      ...s,
      conns,
    }));
  }

  private tiers(t: TierChain): TierChain {
    const stepList = this.stepList(t.steps);
    const np = this.conn(t.networkPolicy);
    const byDefault = this.conn(t.byDefault);
    const ambiguous = t.ambiguous ? this.list(t.ambiguous) : undefined;
    const amb = ambiguous ? this.id(ambiguous) : -1;
    return this.part5(K.tiers, this.id(stepList), this.id(np), this.id(byDefault), amb, 0, () => ({
      steps: stepList,
      networkPolicy: np,
      byDefault,
      ...(ambiguous ? { ambiguous } : {}),
    }));
  }

  private stepList(steps: readonly TierStep[]): readonly TierStep[] {
    // (not memoised by object: most steps are objects of their own, 11,000 of 15,000 at 10,000
    // endpoints; their content key is cheaper than keeping each in `seen`)
    const shared = steps.map((s) => this.step(s));
    return this.partList(K.steps, shared);
  }

  /** A cluster tier's part (first matches and what is left), sharing its steps. */
  tierPart(p: TierPart): TierPart {
    return this.memo(p, (x) => {
      const steps = this.stepList(x.steps);
      const left = this.conn(x.left);
      return this.part5(K.tierPart, this.id(steps), this.id(left), 0, 0, 0, () => ({ steps, left }));
    });
  }

  result(r: DirectionResult): DirectionResult {
    if (!r.isolated) return r;
    const x = this.done.get(r);
    if (x) return x;
    const policies = this.memo(r.policies, (l) => this.list(l));
    // (each result has a rules array of its own: kept by content, not memoised by object)
    const rules = this.partList(
      K.rules,
      r.rules.map((q) => this.memo(q, (y) => this.rule(y))),
    );
    const allowed = this.conn(r.allowed);
    const tiers = r.tiers ? this.memo(r.tiers, (t) => this.tiers(t)) : undefined;
    // equal results are one object too: 17,000 results at 10,000 endpoints hold 7,000 distinct
    const t = tiers ? this.id(tiers) : -1;
    const y = this.part5<DirectionResult>(
      K.result,
      this.id(policies),
      this.id(rules),
      this.id(allowed),
      t,
      0,
      () => ({
        isolated: true,
        policies,
        rules,
        allowed,
        ...(tiers ? { tiers } : {}),
      }),
    );
    this.done.set(r, y);
    return y;
  }

  /** A listed pair with its direction results and allowed ports shared. */
  private connection(c: Connection): Connection {
    return {
      ...c,
      allowed: this.conn(c.allowed),
      egress: this.result(c.egress),
      ingress: this.result(c.ingress),
    };
  }

  /** The answer with each compact network's results sharing their parts. */
  answer<T extends Pick<AnalysisResult, 'compact' | 'connections'>>(result: T): T {
    if (!result.compact) return result;
    this.seen = new Map();
    this.connOf = new Map();
    const compact: CompactNetwork[] = result.compact.map((c) => ({
      ...c,
      results: c.results.map((r) => this.result(r)),
      parts: c.parts.map((p) => this.tierPart(p)),
    }));
    // the pairs of the small networks listed beside them (888 at 10,000 endpoints) share parts too
    const connections = result.connections.map((c) => this.connection(c));
    return { ...result, compact, connections };
  }
}
