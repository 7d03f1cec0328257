import type { TierMeta, TierPart } from './admin/evaluate';
import type { ConnSet } from './conn';
import type { DirectionResult, RuleContribution, TierChain, TierStep } from './evaluate';
import type { PortSet } from './ports';
import { NumberKeyed } from './wire-keys';

/**
 * The answer's direction results, tier parts and tier metadata as number tables. Structured
 * clone costs per object: at 50,000 endpoints the results were 56,000 objects of 50,000 rule
 * lists, 52,000 rules and 44,000 port sets, and interning them to one object per value
 * (38,000 results, 146 port sets) cost 220-250 ms before a 90 ms copy. As numbers they cross
 * as a few typed arrays, and the page (`readParts`) builds each part once. Parts and lists are
 * numbered by object (the engine's own sharing), port sets by content; every table holds only
 * what this answer names.
 */
export interface WireParts {
  readonly strings: readonly string[];
  /** port set k: ICMP (0 / 1), then per protocol (TCP, UDP, SCTP) a count and lo, hi pairs, from connAt[k] */
  readonly conns: Int32Array;
  readonly connAt: Int32Array;
  /** per rule contribution: policy (string), direction (0 ingress, 1 egress), rule, conns */
  readonly rules: Int32Array;
  /** tier steps (few) as they are, their port sets numbered */
  readonly steps: readonly WireStep[];
  /** list k: refs[listAt[3k] ..] (listAt[3k + 1] of them), of kind listAt[3k + 2] (`LIST`) */
  readonly refs: Int32Array;
  readonly listAt: Int32Array;
  /** per tier chain: steps (list), networkPolicy, byDefault (port sets), ambiguous (list, -1: none) */
  readonly chains: Int32Array;
  /** per isolated result: policies (list), rules (list), allowed (port set), tiers (chain, -1: none) */
  readonly results: Int32Array;
  /** per tier part: steps (list), left (port set) */
  readonly parts: Int32Array;
  /** per tier metadata: npIds (list), ambiguous (list) */
  readonly metas: Int32Array;
}

type WireStep = Omit<TierStep, 'conns'> & { readonly conns: number };

/** What a list's numbers name. */
const LIST = { string: 0, rule: 1, step: 2 } as const;
/** A result that is not isolated (results number from 0). */
export const NOT_ISOLATED_REF = -1;

/** A growing column of int32s. */
class Ints {
  private data = new Int32Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Numbers parts by object: `id` is the part's number, made by `write` the first time. */
class Numbered<T extends object> {
  private readonly ids = new Map<T, number>();
  count = 0;

  constructor(private readonly write: (x: T) => void) {}

  id(x: T): number {
    let n = this.ids.get(x);
    if (n === undefined) {
      // (written before numbered: a part's fields are numbered, and written, before it)
      this.write(x);
      this.ids.set(x, (n = this.count++));
    }
    return n;
  }
}

/**
 * The answer's parts as they are numbered (`pack`, wire-pack.ts). A writer kept across answers
 * (`Interner`, wire.ts) numbers only what is new: an edit's results are mostly the objects of
 * the answer before, found by object.
 */
export class PartsWriter {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly conns = new Ints();
  private readonly connAt = new Ints();
  private readonly rules = new Ints();
  private readonly steps: WireStep[] = [];
  private readonly refs = new Ints();
  private readonly listAt = new Ints();
  private readonly lists = new Map<readonly unknown[], number>();
  private listCount = 0;
  private readonly chains = new Ints();
  private readonly results = new Ints();
  private readonly parts = new Ints();
  private readonly metas = new Ints();
  private readonly connIds = new Map<ConnSet, number>();
  private readonly connKeys = new NumberKeyed();
  private connCount = 0;

  private readonly ruleIds = new Numbered<RuleContribution>((r) => {
    const conns = this.conn(r.conns);
    this.rules.push(this.string(r.policy));
    this.rules.push(r.direction === 'ingress' ? 0 : 1);
    this.rules.push(r.rule);
    this.rules.push(conns);
  });

  private readonly stepIds = new Numbered<TierStep>((s) => {
    this.steps.push({ ...s, conns: this.conn(s.conns) });
  });

  private readonly chainIds = new Numbered<TierChain>((t) => {
    const steps = this.list(LIST.step, t.steps, (s) => this.stepIds.id(s));
    const np = this.conn(t.networkPolicy);
    const byDefault = this.conn(t.byDefault);
    const ambiguous = t.ambiguous ? this.strings_(t.ambiguous) : -1;
    this.chains.push(steps);
    this.chains.push(np);
    this.chains.push(byDefault);
    this.chains.push(ambiguous);
  });

  private readonly resultIds = new Numbered<DirectionResult & { isolated: true }>((r) => {
    const policies = this.strings_(r.policies);
    const rules = this.list(LIST.rule, r.rules, (q) => this.ruleIds.id(q));
    const allowed = this.conn(r.allowed);
    const tiers = r.tiers ? this.chainIds.id(r.tiers) : -1;
    this.results.push(policies);
    this.results.push(rules);
    this.results.push(allowed);
    this.results.push(tiers);
  });

  private readonly partIds = new Numbered<TierPart>((p) => {
    const steps = this.list(LIST.step, p.steps, (s) => this.stepIds.id(s));
    const left = this.conn(p.left);
    this.parts.push(steps);
    this.parts.push(left);
  });

  private readonly metaIds = new Numbered<TierMeta>((m) => {
    const np = this.strings_(m.npIds);
    const ambiguous = this.strings_(m.ambiguous);
    this.metas.push(np);
    this.metas.push(ambiguous);
  });

  private ports(key: number[], p: PortSet): void {
    key.push(p.length);
    for (let i = 0; i < p.length; i++) {
      const [lo, hi] = p[i] as readonly [number, number];
      key.push(lo, hi);
    }
  }

  private string(s: string): number {
    let n = this.stringIds.get(s);
    if (n === undefined) this.stringIds.set(s, (n = this.strings.push(s) - 1));
    return n;
  }

  private strings_(l: readonly string[]): number {
    return this.list(LIST.string, l, (s) => this.string(s));
  }

  /**
   * The number of list `l` (of kind `kind`, items numbered by `item`), by object: content keys
   * cost more than the few equal lists they would save (the engine shares the metas' lists).
   */
  private list<T>(kind: number, l: readonly T[], item: (x: T) => number): number {
    let n = this.lists.get(l);
    if (n !== undefined) return n;
    const at = this.refs.length;
    for (let i = 0; i < l.length; i++) this.refs.push(0);
    // (items numbered after their slots are taken: an item's numbering writes no list)
    for (let i = 0; i < l.length; i++) this.refs.set(at + i, item(l[i] as T));
    this.listAt.push(at);
    this.listAt.push(l.length);
    this.listAt.push(kind);
    this.lists.set(l, (n = this.listCount++));
    return n;
  }

  /**
   * A port set's number: by object, then by content (its numbers are its key and its record):
   * the engine makes many objects of few values, 44,000 and 146 at 50,000 endpoints.
   */
  conn(c: ConnSet): number {
    let n = this.connIds.get(c);
    if (n !== undefined) return n;
    const key = this.connKeys.scratch;
    key.length = 0;
    key.push(c.ICMP ? 1 : 0);
    this.ports(key, c.TCP);
    this.ports(key, c.UDP);
    this.ports(key, c.SCTP);
    n = this.connKeys.get(key, () => {
      this.connAt.push(this.conns.length);
      for (let i = 0; i < key.length; i++) this.conns.push(key[i] as number);
      return { id: this.connCount++ };
    }).id;
    this.connIds.set(c, n);
    return n;
  }

  /** A direction result's number (`NOT_ISOLATED_REF` when not isolated). */
  result(r: DirectionResult): number {
    return r.isolated ? this.resultIds.id(r) : NOT_ISOLATED_REF;
  }

  part(p: TierPart): number {
    return this.partIds.id(p);
  }

  meta(m: TierMeta): number {
    return this.metaIds.id(m);
  }

  /**
   * Parts held: results, rules, lists and port sets (a writer kept across answers ships them
   * all: `Interner` bounds it; 180,000 at 50,000 endpoints, under the worker host's bound).
   */
  get size(): number {
    return (this.results.length >> 2) + (this.rules.length >> 2) + this.listCount + this.connCount;
  }

  /** The tables as they stand (copies: a writer kept across answers goes on growing them). */
  done(): WireParts {
    return {
      strings: this.strings.slice(),
      conns: this.conns.done(),
      connAt: this.connAt.done(),
      rules: this.rules.done(),
      steps: this.steps.slice(),
      refs: this.refs.done(),
      listAt: this.listAt.done(),
      chains: this.chains.done(),
      results: this.results.done(),
      parts: this.parts.done(),
      metas: this.metas.done(),
    };
  }
}

/** The page's parts, each distinct one built once (`PartsWriter` undone). */
export interface PartsRead {
  readonly conns: readonly ConnSet[];
  readonly results: readonly DirectionResult[];
  readonly parts: readonly TierPart[];
  readonly metas: readonly TierMeta[];
  /** result `k` (`NOT_ISOLATED_REF`: not isolated) */
  result(k: number): DirectionResult;
}

const NOT_ISOLATED: DirectionResult = { isolated: false };

export function readParts(w: WireParts): PartsRead {
  const conns = readConns(w);
  const at = w.listAt;
  const lists = new Array<readonly unknown[]>(at.length / 3);
  const rules = new Array<RuleContribution>(w.rules.length / 4);
  for (let k = 0; k < rules.length; k++) {
    const r = 4 * k;
    rules[k] = {
      policy: w.strings[w.rules[r] as number] as string,
      direction: w.rules[r + 1] === 0 ? 'ingress' : 'egress',
      rule: w.rules[r + 2] as number,
      conns: conns[w.rules[r + 3] as number] as ConnSet,
    };
  }
  const steps = w.steps.map((s): TierStep => ({ ...s, conns: conns[s.conns] as ConnSet }));
  const items: readonly (readonly unknown[])[] = [w.strings, rules, steps];
  for (let k = 0; k < lists.length; k++) {
    const from = at[3 * k] as number;
    const xs = new Array<unknown>(at[3 * k + 1] as number);
    const of = items[at[3 * k + 2] as number] as readonly unknown[];
    for (let i = 0; i < xs.length; i++) xs[i] = of[w.refs[from + i] as number];
    lists[k] = xs;
  }
  const list = <T>(k: number) => lists[k] as readonly T[];
  const chains = new Array<TierChain>(w.chains.length / 4);
  for (let k = 0; k < chains.length; k++) {
    const c = 4 * k;
    const ambiguous = w.chains[c + 3] as number;
    const head = {
      steps: list<TierStep>(w.chains[c] as number),
      networkPolicy: conns[w.chains[c + 1] as number] as ConnSet,
      byDefault: conns[w.chains[c + 2] as number] as ConnSet,
    };
    chains[k] = ambiguous < 0 ? head : { ...head, ambiguous: list<string>(ambiguous) };
  }
  const results = new Array<DirectionResult>(w.results.length / 4);
  for (let k = 0; k < results.length; k++) {
    const r = 4 * k;
    const tiers = w.results[r + 3] as number;
    // (two literal shapes, with and without tiers, as the interner makes them)
    const policies = list<string>(w.results[r] as number);
    const rs = list<RuleContribution>(w.results[r + 1] as number);
    const allowed = conns[w.results[r + 2] as number] as ConnSet;
    results[k] =
      tiers < 0
        ? { isolated: true, policies, rules: rs, allowed }
        : { isolated: true, policies, rules: rs, allowed, tiers: chains[tiers] as TierChain };
  }
  const parts = new Array<TierPart>(w.parts.length / 2);
  for (let k = 0; k < parts.length; k++)
    parts[k] = {
      steps: list<TierStep>(w.parts[2 * k] as number),
      left: conns[w.parts[2 * k + 1] as number] as ConnSet,
    };
  const metas = new Array<TierMeta>(w.metas.length / 2);
  for (let k = 0; k < metas.length; k++)
    metas[k] = {
      npIds: list<string>(w.metas[2 * k] as number),
      ambiguous: list<string>(w.metas[2 * k + 1] as number),
    };
  return {
    conns,
    results,
    parts,
    metas,
    result: (k) => (k < 0 ? NOT_ISOLATED : (results[k] as DirectionResult)),
  };
}

function readConns(w: WireParts): ConnSet[] {
  const d = w.conns;
  const out = new Array<ConnSet>(w.connAt.length);
  for (let k = 0; k < out.length; k++) {
    let i = w.connAt[k] as number;
    const ICMP = d[i++] === 1;
    const ports = (): PortSet => {
      const n = d[i++] as number;
      const p = new Array<readonly [number, number]>(n);
      for (let j = 0; j < n; j++, i += 2) p[j] = [d[i] as number, d[i + 1] as number];
      return p;
    };
    const TCP = ports();
    const UDP = ports();
    const SCTP = ports();
    out[k] = { TCP, UDP, SCTP, ICMP };
  }
  return out;
}
