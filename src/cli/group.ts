import type { EndpointId } from '../model/ids';
import type { Backend, BackendOptions } from '../engine/admin/backend';
import { Analyzer, type AnalysisResult, type Connection } from '../engine/analyze';
import type { NetworkVerdicts } from '../engine/classes';
import { intersectConns, type ConnSet } from '../engine/conn';
import { directionAllowed, type DirectionResult } from '../engine/evaluate';
import { shortReason } from '../engine/explain';
import type { Diagnostic } from '../model/diagnostic';
import { endpointLabel, type Model } from '../model/types';
import type { Focus } from './args';
import { split, type ReachGroups } from '../engine/view/groups';
import { focusConns, networkMatches, sideMatches, verdictMatches } from './focus';

/**
 * Sources to destinations with one allowed set and one reason: the grouped report's row, on a
 * network as the engine's groups name it; `pairs`: the ordered pairs it stands for (self pairs
 * and external-to-external left out).
 */
export type GroupRow = Pick<ReachGroups, 'network'> &
  Readonly<{ sources: readonly string[]; destinations: readonly string[] }> &
  Readonly<{ allowed: ConnSet; why: string; pairs: number }>;

export interface Networks {
  /** per logical network: its name (NAD keys) and member labels */
  readonly list: readonly {
    readonly id: string;
    readonly name: string;
    readonly members: readonly string[];
  }[];
  /** ordered pairs over all networks */
  readonly pairs: number;
  readonly analyzer: Analyzer;
  readonly verdicts: readonly { readonly classes: NetworkVerdicts; readonly hasAcls: boolean }[];
  /** compile diagnostics (invalid fields, policies not applied) */
  readonly diagnostics: readonly Diagnostic[];
}

const nameOf = (v: NetworkVerdicts): string => [...new Set(v.members.map((m) => m.nad))].sort().join(' + ');

/** Classify once: the pair count decides grouped or pair-by-pair output before any pair is listed. */
export function classifyNetworks(
  model: Model,
  backend: Backend = 'api',
  options: BackendOptions = {},
): Networks {
  const analyzer = new Analyzer(backend, options);
  const { compiled, classes } = analyzer.classes(model);
  let pairs = 0;
  const list = classes.map(({ classes: v }) => {
    pairs += v.members.length * (v.members.length - 1);
    return { id: v.network, name: nameOf(v), members: v.members.map((m) => endpointLabel(m.endpoint)) };
  });
  return { list, pairs, analyzer, verdicts: classes, diagnostics: compiled.diagnostics };
}

const connKey = (a: ConnSet) => JSON.stringify([a.TCP, a.UDP, a.SCTP, a.ICMP]);

/**
 * Pairs collapsed by class: endpoints no policy tells apart (same egress row, same class in
 * every ingress row; the reverse for destinations) form one group, so the rows grow with the
 * classes, not with the pairs. Networks with Subnet ACLs decide by exact address: their pairs
 * come from `pairs()` and are merged per source.
 */
export function groupRows(nets: Networks, focus: Focus, pairs: () => AnalysisResult): GroupRow[] {
  const out: GroupRow[] = [];
  for (const { classes: v, hasAcls } of nets.verdicts) {
    const keys = [...new Set(v.members.map((m) => m.nad)), v.network];
    if (!networkMatches(focus, keys)) continue;
    if (hasAcls)
      out.push(
        ...aclRows(
          pairs().connections.filter((c) => keys.includes(c.network)),
          focus,
          nameOf(v),
        ),
      );
    else {
      const labels = v.members.map((m) => endpointLabel(m.endpoint));
      const hit = labels.map((l) => sideMatches(focus, l));
      const all = labels.map(() => true);
      const anyFocus = focus.workloads.length > 0 || !!focus.namespace;
      if (!anyFocus) out.push(...classRows(v, focus, all, all));
      else {
        // focused sources to anyone, then everyone else to focused destinations (no pair twice)
        if (focus.direction !== 'ingress') out.push(...classRows(v, focus, hit, all));
        if (focus.direction !== 'egress')
          out.push(...classRows(v, focus, focus.direction ? all : hit.map((h) => !h), hit));
      }
    }
  }
  return out;
}

function classRows(v: NetworkVerdicts, focus: Focus, srcOk: boolean[], dstOk: boolean[]): GroupRow[] {
  const { egressRow, ingressRow, rows, results } = v.directionRows();
  const labels = v.members.map((m) => endpointLabel(m.endpoint));
  const ext = v.members.map((m) => m.endpoint.kind === 'External');
  const distinct = (rowOf: Int32Array, ok: boolean[]) => [
    ...new Set([...rowOf].filter((r, k) => r >= 0 && ok[k])),
  ];
  const inRows = distinct(ingressRow, dstOk);
  const egRows = distinct(egressRow, srcOk);
  const all = [...labels.keys()];
  const groupBy = (ok: boolean[], sig: (k: number) => string) => split([all.filter((k) => ok[k])], sig);
  const srcGroups = groupBy(
    srcOk,
    (i) => `${ext[i]}|${egressRow[i]}|${inRows.map((r) => rows[r]?.[i]).join(',')}`,
  );
  const dstGroups = groupBy(
    dstOk,
    (j) => `${ext[j]}|${ingressRow[j]}|${egRows.map((r) => rows[r]?.[j]).join(',')}`,
  );
  const index = (row: number, k: number): number => (row < 0 ? 0 : (rows[row]?.[k] ?? 0));
  // per source group: destinations merged by allowed set; one verdict per pair of direction results
  type Cell = { dst: number[]; allowed: ConnSet; reasons: Map<number, [DirectionResult, DirectionResult]> };
  const verdicts = new Map<number, { allowed: ConnSet; key: string }>();
  const width = results.length;
  const bySources = new Map<string, { sources: number[]; cells: Map<string, Cell> }>();
  for (const S of srcGroups) {
    const i = S[0] as number;
    const cells = new Map<string, Cell>();
    for (const D of dstGroups) {
      const j = D.find((x) => x !== i) ?? (S.length > 1 ? (D[0] as number) : -1);
      if (j < 0 || (ext[i] && ext[j])) continue;
      const a = S.length > 1 && j === i ? (S[1] as number) : i;
      const e = index(egressRow[a] as number, j);
      const n = index(ingressRow[j] as number, a);
      const k = e * width + n;
      let verdict = verdicts.get(k);
      if (!verdict) {
        const both = intersectConns(
          directionAllowed(results[e] as DirectionResult),
          directionAllowed(results[n] as DirectionResult),
        );
        const allowed = focusConns(focus, both);
        verdicts.set(k, (verdict = { allowed, key: connKey(allowed) }));
      }
      if (!verdictMatches(focus, verdict.allowed)) continue;
      let cell = cells.get(verdict.key);
      if (!cell) cells.set(verdict.key, (cell = { dst: [], allowed: verdict.allowed, reasons: new Map() }));
      cell.dst.push(...D);
      if (!cell.reasons.has(k))
        cell.reasons.set(k, [results[e] as DirectionResult, results[n] as DirectionResult]);
    }
    const sig = [...cells.entries()].map(([k, c]) => `${k}>${c.dst.join(',')}`).join(';');
    const same = bySources.get(sig);
    if (same) {
      same.sources.push(...S);
      for (const [k, c] of cells) for (const [r, d] of c.reasons) same.cells.get(k)?.reasons.set(r, d);
    } else bySources.set(sig, { sources: [...S], cells });
  }
  /** The reason of the row's pairs; when they differ, the first and how many there are. */
  const why = (c: Cell): string => {
    const [egress, ingress] = c.reasons.values().next().value as [DirectionResult, DirectionResult];
    const first = shortReason({
      from: '',
      to: '',
      fromId: '' as EndpointId,
      toId: '' as EndpointId,
      network: v.network,
      allowed: c.allowed,
      egress,
      ingress,
    });
    return c.reasons.size === 1
      ? first
      : `${c.reasons.size} different reasons (probe a pair for its own), e.g. ${first}`;
  };
  const network = nameOf(v);
  const out: GroupRow[] = [];
  for (const { sources, cells } of bySources.values())
    for (const c of cells.values()) {
      let pairs = 0;
      for (const s of sources) for (const d of c.dst) if (s !== d && !(ext[s] && ext[d])) pairs++;
      if (pairs === 0) continue;
      out.push({
        network,
        sources: sources.map((k) => labels[k] as string).sort(),
        destinations: c.dst.map((k) => labels[k] as string).sort(),
        allowed: c.allowed,
        why: why(c),
        pairs,
      });
    }
  return out;
}

function aclRows(cs: readonly Connection[], focus: Focus, network: string): GroupRow[] {
  const rows = new Map<
    string,
    { sources: string[]; destinations: string[]; allowed: ConnSet; why: string }
  >();
  for (const c of cs) {
    if (
      !(focus.direction === 'ingress'
        ? sideMatches(focus, c.to)
        : focus.direction === 'egress'
          ? sideMatches(focus, c.from)
          : sideMatches(focus, c.from) || sideMatches(focus, c.to))
    )
      continue;
    const allowed = focusConns(focus, c.allowed);
    if (!verdictMatches(focus, allowed)) continue;
    const why = shortReason(c);
    const key = `${c.from}|${connKey(allowed)}|${why}`;
    const r = rows.get(key);
    if (r) r.destinations.push(c.to);
    else rows.set(key, { sources: [c.from], destinations: [c.to], allowed, why });
  }
  return [...rows.values()].map((r) => ({ network, ...r, pairs: r.destinations.length }));
}
