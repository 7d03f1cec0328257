import type { IntentLine } from '../../model/intent';
import { DEFAULT_NETWORK, endpointLabel, type Endpoint, type Model } from '../../model/types';
import { analyze, type AnalysisResult, type Connection } from '../analyze';
import { viewOf } from '../view';
import { scanCompact } from './verify-scan';
import * as conn from '../conn';
import { directionAllowed, isSelectable } from '../evaluate';
import { shortReason } from '../explain';
import { layoutNetworks } from '../networks';
import type { Plan } from './index';
import { portsFor } from './plan';
import { labelKey } from './selectors';
import { adminDecision, expectedSide } from './tiers';
import { pairKey, type WantPart } from './types';

const NO_PARTS: readonly WantPart[] = [];

/** One pair whose verdict is not the intent's. */
export interface PairDiff {
  readonly from: string; // ns/name or external name
  readonly to: string;
  readonly network: string; // NAD key or default, as the engine reports it
  readonly intended: conn.ConnSet;
  readonly allowed: conn.ConnSet;
}

export interface LineReport {
  readonly line: IntentLine;
  readonly reasons: readonly string[];
  readonly pairs: readonly PairDiff[];
}

export interface Verification {
  /** Every pair on every covered network allows exactly the intent. */
  readonly exact: boolean;
  /** Inexact intent lines: why, and what is allowed instead. */
  readonly lines: readonly LineReport[];
  /** Differences no intent line explains (a layer the generator does not write, e.g. Subnet ACLs). */
  readonly unexplained: readonly (PairDiff & { readonly why: string })[];
  /** Pairs where the engine disagrees with the generator's own prediction (a generator bug). */
  readonly mispredicted: readonly (PairDiff & { readonly predicted: conn.ConnSet; readonly why: string })[];
  readonly pairsChecked: number;
}

/**
 * The proof: analyse `model` (the manifests with the generated policies, as printed and read
 * back) with the real engine and compare every pair on every covered network with the intent
 * and with the generator's prediction; differences go to the intent lines that caused them.
 */
export function verifyPlan(model: Model, plan: Plan, analysed?: AnalysisResult): Verification {
  // large networks come back as class tables: their pairs are expanded one at a time, never all stored
  const result = analysed ?? analyze(model, { compactAbove: COMPACT_PAIRS });
  const layout = layoutNetworks(model);
  const { resolved } = plan;
  const byId = new Map<string, Endpoint>(model.endpoints.map((e) => [e.id, e]));
  const reports = new Map<number, { reasons: Set<string>; pairs: PairDiff[] }>();
  const unexplained: (PairDiff & { why: string })[] = [];
  const mispredicted: (PairDiff & { predicted: conn.ConnSet; why: string })[] = [];
  const seen = new Set<string>();
  let pairsChecked = 0;
  const widened = resolved.lineConns.map((c) => portsFor(c).conns);
  // a line's pairs, deduplicated by key (an inexact line can name thousands of pairs)
  const reportedPairs = new Map<number, Set<string>>();
  const report = (line: number, reason: string, diff: PairDiff) => {
    let r = reports.get(line);
    if (!r) reports.set(line, (r = { reasons: new Set(), pairs: [] }));
    r.reasons.add(reason);
    let keys = reportedPairs.get(line);
    if (!keys) reportedPairs.set(line, (keys = new Set()));
    const k = `${diff.network}\u0000${diff.from}\u0000${diff.to}`;
    if (!keys.has(k)) {
      keys.add(k);
      r.pairs.push(diff);
    }
  };
  // R5.5: a pair is listed once per NAD key of its network; only networks with several keys repeat it
  const multiKey = new Set([...layout.networks.values()].filter((n) => n.nads.length > 1).map((n) => n.id));
  const netIdOf = (key: string): string | undefined =>
    key === DEFAULT_NETWORK ? DEFAULT_NETWORK : layout.nadToNetwork.get(key);
  /** The pair's intent and prediction against its verdict; undefined when all agree. */
  const judge = (c: Connection, netId: string) => {
    const parts = resolved.nets.get(netId)?.pairs.get(pairKey(c.fromId, c.toId)) ?? NO_PARTS;
    const intended =
      parts.length === 0
        ? conn.NO_CONNS
        : parts.length === 1
          ? (parts[0] as WantPart).conns
          : parts.reduce((a, p) => conn.unionConns(a, p.conns), conn.NO_CONNS);
    const predictions = plan.predicted.get(netId);
    const prediction = predictions?.get(c.fromId, c.toId);
    // the policies' own verdict (other layers such as Subnet ACLs come on top, and are reported as such)
    const byPolicies =
      c.acl || c.udnLock
        ? conn.intersectConns(directionAllowed(c.egress), directionAllowed(c.ingress))
        : c.allowed;
    // a pair the generator never saw (e.g. locked by UDN isolation, SEMANTICS §10) is judged on its verdict alone;
    // the admin tiers decide before the generated NetworkPolicies (R9.6): the prediction goes through them
    const tiered = (c.egress.isolated && c.egress.tiers) || (c.ingress.isolated && c.ingress.tiers);
    const expected = !prediction
      ? undefined
      : !tiered
        ? prediction.allowed
        : conn.intersectConns(
            expectedSide(c.egress, prediction.egress, prediction.egressIsolated),
            expectedSide(c.ingress, prediction.ingress, prediction.ingressIsolated),
          );
    const wrong = !!expected && !conn.equalConns(expected, byPolicies);
    if (!wrong && conn.equalConns(intended, c.allowed)) return undefined;
    return { parts, intended, predictions, expected, wrong };
  };
  const check = (c: Connection): void => {
    const netId = netIdOf(c.network);
    if (!netId || !resolved.covered.has(netId)) return;
    if (multiKey.has(netId)) {
      const key = `${netId}\u0000${pairKey(c.fromId, c.toId)}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    pairsChecked++;
    const judged = judge(c, netId);
    if (!judged) return;
    const { parts, intended, predictions, expected, wrong } = judged;
    const diff: PairDiff = { from: c.from, to: c.to, network: c.network, intended, allowed: c.allowed };
    if (wrong) mispredicted.push({ ...diff, predicted: expected ?? conn.NO_CONNS, why: shortReason(c) });
    if (conn.equalConns(intended, c.allowed)) return;
    const over = conn.subtractConns(c.allowed, intended);
    const missing = conn.subtractConns(intended, c.allowed);
    let explained = false;
    const admin = [adminDecision(c.egress), adminDecision(c.ingress)];
    const adminAllowed = conn.intersectConns(over, conn.unionConns(admin[0]!.allow, admin[1]!.allow));
    const adminDenied = conn.intersectConns(missing, conn.unionConns(admin[0]!.deny, admin[1]!.deny));
    if (!conn.isEmptyConns(adminAllowed) && !wrong) {
      // an Admin-tier Allow is decided before any NetworkPolicy: no generated policy can take it back
      const by = [...new Set(admin.flatMap((a) => a.allowedBy))].join(', ');
      const why = `${by} allows ${conn.formatConns(adminAllowed)} in the Admin tier, before any NetworkPolicy (R9.6): no NetworkPolicy can deny it`;
      const own = parts.length ? parts : [];
      for (const p of own) report(p.line, why, diff);
      if (!own.length) unexplained.push({ ...diff, why });
      explained = true;
    }
    if (!conn.isEmptyConns(adminDenied) && !wrong) {
      const by = [...new Set(admin.flatMap((a) => a.deniedBy))].join(', ');
      for (const p of parts)
        if (!conn.isEmptyConns(conn.intersectConns(p.conns, adminDenied)))
          report(
            p.line,
            `${by} denies ${conn.formatConns(conn.intersectConns(p.conns, adminDenied))} in the Admin tier, before any NetworkPolicy (R9.6): no NetworkPolicy can allow it`,
            diff,
          );
      explained = true;
    }
    if (!conn.isEmptyConns(conn.subtractConns(over, adminAllowed))) {
      // the pair's own lines first (ICMP widening); lines of look-alike endpoints for the rest
      const lines = new Set((predictions?.rules(c.fromId, c.toId) ?? []).flatMap((r) => [...r.lines]));
      const own = [...lines].filter((l) => {
        const e = resolved.ends[l] as { from: string; to: string };
        return (e.from === '*' || e.from === c.fromId) && (e.to === '*' || e.to === c.toId);
      });
      let rest = over;
      for (const l of own) {
        if (conn.isEmptyConns(conn.intersectConns(widened[l] as conn.ConnSet, over))) continue;
        report(l, overReason(resolved.lines[l] as IntentLine, c.fromId, c.toId, byId), diff);
        rest = conn.subtractConns(rest, widened[l] as conn.ConnSet);
        explained = true;
      }
      for (const l of lines) {
        const e = resolved.ends[l] as { from: string; to: string };
        if (own.includes(l) || conn.isEmptyConns(conn.intersectConns(widened[l] as conn.ConnSet, rest)))
          continue;
        if (!twins(e.from, c.fromId, byId) || !twins(e.to, c.toId, byId)) continue;
        report(l, overReason(resolved.lines[l] as IntentLine, c.fromId, c.toId, byId), diff);
        explained = true;
      }
    }
    if (!conn.isEmptyConns(conn.subtractConns(missing, adminDenied)))
      for (const p of parts) {
        if (conn.isEmptyConns(conn.intersectConns(p.conns, conn.subtractConns(missing, adminDenied))))
          continue;
        const ipamless = resolved.nets.get(netId)?.ipamless ?? false;
        const lacking = [c.fromId, c.toId]
          .map((id) => byId.get(id))
          .filter(
            (e): e is Endpoint =>
              !!e &&
              (ipamless || !isSelectable(e)) &&
              !layout.members.get(netId)?.find((m) => m.endpoint.id === e.id)?.ips.length,
          );
        const where = ipamless ? `${c.network}, where selector peers do not work` : c.network;
        report(
          p.line,
          lacking.length
            ? `${lacking.map(endpointLabel).join(' and ')} ${lacking.length > 1 ? 'have' : 'has'} no address on ${where}: no rule can name ${lacking.length > 1 ? 'them' : 'it'}, so the connection stays denied (give it a static IP)`
            : `the engine denies ${conn.formatConns(missing)}: ${shortReason(c)}`,
          diff,
        );
        explained = true;
      }
    if (!explained && !wrong) unexplained.push({ ...diff, why: shortReason(c) });
  };
  for (const c of result.connections) check(c);
  // large networks come back as class tables: pairs alike in verdict, prediction and intent are
  // judged once (see scanCompact); only the pairs that differ become connections
  for (const net of result.compact ?? [])
    scanCompact(net, viewOf(result), {
      netIdOf,
      covered: resolved.covered,
      multiKey,
      plan,
      ok: (c, netId) => !judge(c, netId),
      check,
      counted: () => pairsChecked++,
    });

  const lines = [...reports.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, r]) => ({ line: resolved.lines[k] as IntentLine, reasons: [...r.reasons], pairs: r.pairs }));
  return {
    exact: lines.length === 0 && unexplained.length === 0 && mispredicted.length === 0,
    lines,
    unexplained,
    mispredicted,
    pairsChecked,
  };
}

/** Above this many ordered pairs on a network, the engine answers with class tables (as for the app's worker). */
const COMPACT_PAIRS = 250_000;

/** The same endpoint, or two that no selector tells apart (one namespace, the same labels). */
function twins(a: string, b: string, byId: ReadonlyMap<string, Endpoint>): boolean {
  if (a === '*' || a === b) return true;
  const x = byId.get(a);
  const y = byId.get(b);
  return (
    !!x &&
    !!y &&
    x.kind !== 'External' &&
    y.kind !== 'External' &&
    x.namespace === y.namespace &&
    labelKey(x.labels) === labelKey(y.labels)
  );
}

/** Why a line's rule admits more than asked on the pair (from, to). */
function overReason(line: IntentLine, from: string, to: string, byId: ReadonlyMap<string, Endpoint>): string {
  const label = (id: string) => {
    const e = byId.get(id);
    return e ? endpointLabel(e) : id;
  };
  const twins: string[] = [];
  if (line.from !== '*' && line.from !== label(from)) twins.push(`${label(from)} and ${line.from}`);
  if (line.to !== label(to) && !(line.index < 0)) twins.push(`${label(to)} and ${line.to}`);
  if (twins.length)
    return `${twins.join('; ')} carry the same labels in one namespace (and no address for an ipBlock where that would help): a policy cannot tell them apart`;
  if (line.protocol === 'ICMP')
    return 'ICMP cannot be named in a policy: only a rule without ports admits it, and such a rule admits every protocol and port';
  return 'the connections of another line for this pair need a rule without ports (ICMP), which admits every protocol and port';
}
