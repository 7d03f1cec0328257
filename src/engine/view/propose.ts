// Draw to allow (issue 17 in the app): the policy change that makes one network allow exactly
// today's verdicts plus (or minus) the pairs a person drew, written by the generator and proved
// by the engine. The store calls this (engine/view is its door); the page shows the diff.
import { describeIntentLine, type Intent, type IntentLine, type IntentProtocol } from '../../model/intent';
import { endpointLabel, PROTOCOLS, type Model, type Policy } from '../../model/types';
import { analyze, type AnalysisResult } from '../analyze';
import {
  NO_CONNS,
  formatConns,
  isAllConns,
  isEmptyConns,
  subtractConns,
  equalConns,
  unionConns,
  type ConnSet,
} from '../conn';
import { changeRow, diffAnalyses } from '../diff';
import { applyPolicies, generatePlan, printedPolicies } from '../generate/index';
import { lineConns } from '../generate/resolve';
import { verifyPlan } from '../generate/verify';
import type { DiffRow } from '../protocol';

/** What a protocol and optional port range name (`any`: everything, ICMP included). */
export const connsOf = lineConns;

/** One pair the person wants changed: allow adds `conns`, deny removes them. */
export interface PairChange {
  readonly fromId: string;
  readonly toId: string;
  /** `default` or the NAD key, as the matrix names networks. */
  readonly network: string;
  readonly conns: ConnSet;
  readonly mode: 'allow' | 'deny';
}

export interface Proposal {
  readonly network: string;
  /** The design's policies the change replaces (every policy on the network). */
  readonly removed: readonly Policy[];
  /** What replaces them (re-issued narrowed ones first, then the generated ones). */
  readonly added: readonly Policy[];
  /** Pairs whose verdict changes, computed by the engine on the result. */
  readonly changes: readonly DiffRow[];
  /** The result allows exactly the intent on every pair, protocol and port. */
  readonly exact: boolean;
  /** Per inexact intent line: what it asked, why it cannot be met, and what is allowed instead. */
  readonly problems: readonly string[];
  /** What the person should know (DNS, ipBlocks instead of selectors, narrowed policies). */
  readonly notes: readonly string[];
  /** The intent the proposal realises: one line per allowed (pair, protocol, port range). */
  readonly intent: Intent;
  readonly wanted: Wanted;
}

/** Intent lines for one pair's connections: `any` when everything, else one line per protocol range. */
export function connLines(
  from: string,
  to: string,
  network: string,
  c: ConnSet,
): Omit<IntentLine, 'index' | 'line' | 'at'>[] {
  if (isEmptyConns(c)) return [];
  const base = { from, to, network };
  if (isAllConns(c)) return [{ ...base, protocol: 'any' as IntentProtocol }];
  const out: Omit<IntentLine, 'index' | 'line' | 'at'>[] = [];
  for (const p of PROTOCOLS)
    for (const [lo, hi] of c[p])
      out.push(
        lo === 1 && hi === 65535
          ? { ...base, protocol: p }
          : { ...base, protocol: p, port: lo, ...(hi > lo ? { endPort: hi } : {}) },
      );
  if (c.ICMP) out.push({ ...base, protocol: 'ICMP' });
  return out;
}

/** The intent of one network as pairs: `from\0to` (endpoint ids) → what should be allowed. */
export type Wanted = ReadonlyMap<
  string,
  { readonly from: string; readonly to: string; readonly conns: ConnSet }
>;

/**
 * Today's verdicts on `network` (or `base`, the intent an earlier proposal realised, so an
 * inexact line does not turn its over-allowance into intent) with the changes applied.
 */
export function wantedOf(
  before: AnalysisResult,
  network: string,
  changes: readonly PairChange[],
  base?: Wanted,
): Wanted {
  const key = (f: string, t: string) => `${f}\u0000${t}`;
  const wanted = new Map(base ?? []);
  if (!base)
    for (const c of before.connections) {
      if (c.network !== network || wanted.has(key(c.fromId, c.toId))) continue;
      wanted.set(key(c.fromId, c.toId), { from: c.fromId, to: c.toId, conns: c.allowed });
    }
  for (const ch of changes) {
    if (ch.network !== network) continue;
    const k = key(ch.fromId, ch.toId);
    const had = wanted.get(k)?.conns ?? NO_CONNS;
    const conns = ch.mode === 'allow' ? unionConns(had, ch.conns) : subtractConns(had, ch.conns);
    wanted.set(k, { from: ch.fromId, to: ch.toId, conns });
  }
  return wanted;
}

/** The wanted pairs as an intent covering that one network. */
export function intentOf(model: Model, network: string, wanted: Wanted): Intent {
  const label = new Map(model.endpoints.map((e) => [e.id as string, endpointLabel(e)]));
  const allow: IntentLine[] = [];
  for (const w of wanted.values()) {
    const from = label.get(w.from);
    const to = label.get(w.to);
    if (!from || !to) continue;
    for (const l of connLines(from, to, network, w.conns))
      allow.push({ ...l, index: allow.length, line: 0, at: {} });
  }
  return { networks: [network], networksAt: {}, allow };
}

/**
 * The change on one network that allows today's verdicts with `changes` applied: the generator
 * writes it (DNS as today: it is in the verdicts already), the engine proves it, and the diff
 * names every pair whose verdict moves.
 */
export function proposeChange(
  model: Model,
  network: string,
  changes: readonly PairChange[],
  base?: Wanted,
  before: AnalysisResult = analyze(model),
): { proposal?: Proposal; errors: string[] } {
  const wanted = wantedOf(before, network, changes, base);
  const intent = intentOf(model, network, wanted);
  const { plan, diagnostics } = generatePlan(model, intent, { dns: false });
  if (!plan) return { errors: diagnostics.filter((d) => d.severity === 'error').map((d) => d.message) };
  const added = printedPolicies(plan);
  const after = applyPolicies(model, plan, added);
  const result = analyze(after);
  const verification = verifyPlan(after, plan, result);
  const problems = [
    ...verification.lines.map(
      (l) =>
        `${describeIntentLine(l.line)}: ${l.reasons.join('; ')} (allowed instead: ${l.pairs
          .map((p) => `${p.from} → ${p.to} ${formatConns(p.allowed)}`)
          .join(', ')})`,
    ),
    ...verification.unexplained.map((p) => `${p.from} → ${p.to}: ${formatConns(p.allowed)} (${p.why})`),
    ...verification.mispredicted.map(
      (p) =>
        `${p.from} → ${p.to}: the generator expected ${formatConns(p.predicted)}, the engine says ${formatConns(p.allowed)} (${p.why})`,
    ),
  ];
  return {
    proposal: {
      network,
      removed: plan.replaced,
      added,
      changes: diffAnalyses(before, result).map(changeRow),
      exact: verification.exact,
      problems,
      notes: [...plan.notes, ...diagnostics].map((d) => d.message),
      intent,
      wanted,
    },
    errors: [],
  };
}

/** Whether a pair's verdict differs from what the intent wanted (intent mode marks those cells). */
export function offIntent(wanted: Wanted, fromId: string, toId: string, allowed: ConnSet): boolean {
  return !equalConns(wanted.get(`${fromId}\u0000${toId}`)?.conns ?? NO_CONNS, allowed);
}
