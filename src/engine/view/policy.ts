// What one policy does, for the canvas's policy view: the workloads it selects, and per network
// the peers each of its rules admits (with the ports) and the peers it isolates without admitting.
// Read from the engine's direction results (their rule contributions); nothing is re-evaluated.
import type { AnalysisResult } from '../analyze';
import { formatConns, unionConns, type ConnSet } from '../conn';
import type { DirectionResult } from '../evaluate';
import { networkCells } from './pairs';

export interface RulePeers {
  readonly direction: 'ingress' | 'egress';
  readonly rule: number;
  /** Peers admitted by this rule towards (or from) at least one subject, with the union of ports. */
  readonly peers: readonly { readonly label: string; readonly text: string }[];
  readonly text: string;
}

export interface PolicyNetworkView {
  readonly network: string;
  readonly subjects: readonly string[];
  readonly rules: readonly RulePeers[];
  /** Peers the policy isolates a subject from, admitted by none of its rules. */
  readonly notAdmitted: { readonly ingress: readonly string[]; readonly egress: readonly string[] };
}

export interface PolicyView {
  readonly policy: string;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly selected: readonly string[];
  readonly networks: readonly PolicyNetworkView[];
}

/** Subjects scanned against every peer at most (keeps the view fast on 5,000 workloads). */
const SUBJECT_PAIR_BUDGET = 400_000;

export function policyView(a: AnalysisResult, policyId: string): PolicyView | undefined {
  const summary = a.policies.find((p) => p.id === policyId);
  if (!summary) return undefined;
  const selected = new Set(summary.selected);
  const nets = [
    ...new Set([
      ...a.connections.map((c) => c.network),
      ...(a.compact ?? []).flatMap((c) =>
        c.network === 'default' ? ['default'] : c.members.map((m) => m.nad),
      ),
    ]),
  ];
  const networks: PolicyNetworkView[] = [];
  for (const network of nets) {
    const cells = networkCells(a, network);
    const subjects = cells.labels.map((l, i) => ({ l, i })).filter((x) => selected.has(x.l));
    if (subjects.length === 0) continue;
    const per = new Map<string, Map<string, ConnSet>>();
    const blocked = { ingress: new Set<string>(), egress: new Set<string>() };
    const note = (dir: 'ingress' | 'egress', r: DirectionResult, peer: string): void => {
      if (!r.isolated || !r.policies.includes(policyId)) return;
      const mine = r.rules.filter((x) => x.policy === policyId && x.direction === dir);
      if (mine.length === 0) blocked[dir].add(peer);
      for (const x of mine) {
        const k = `${dir}:${x.rule}`;
        const m = per.get(k) ?? new Map<string, ConnSet>();
        const cur = m.get(peer);
        m.set(peer, cur ? unionConns(cur, x.conns) : x.conns);
        per.set(k, m);
      }
    };
    const n = cells.labels.length;
    const budget = Math.max(1, Math.floor(SUBJECT_PAIR_BUDGET / Math.max(1, n)));
    for (const s of subjects.slice(0, budget)) {
      for (let j = 0; j < n; j++) {
        if (j === s.i) continue;
        const peer = cells.labels[j] as string;
        const inn = cells.directions(j, s.i);
        if (inn && summary.ingress) note('ingress', inn.ingress, peer);
        const out = cells.directions(s.i, j);
        if (out && summary.egress) note('egress', out.egress, peer);
      }
    }
    const rules: RulePeers[] = [...per.entries()]
      .map(([k, m]) => {
        const [dir, rule] = k.split(':') as ['ingress' | 'egress', string];
        const all = [...m.values()].reduce(unionConns);
        return {
          direction: dir,
          rule: Number(rule),
          peers: [...m.entries()]
            .sort(([x], [y]) => (x < y ? -1 : 1))
            .map(([label, c]) => ({ label, text: formatConns(c) })),
          text: formatConns(all),
        };
      })
      .sort((x, y) => x.direction.localeCompare(y.direction) || x.rule - y.rule);
    // a peer admitted by one rule for one subject is not "not admitted" for another: keep it listed once
    const admitted = (dir: 'ingress' | 'egress') =>
      new Set(rules.filter((r) => r.direction === dir).flatMap((r) => r.peers.map((p) => p.label)));
    const inA = admitted('ingress');
    const outA = admitted('egress');
    networks.push({
      network,
      subjects: subjects.map((s) => s.l),
      rules,
      notAdmitted: {
        ingress: [...blocked.ingress].filter((p) => !inA.has(p)).sort(),
        egress: [...blocked.egress].filter((p) => !outA.has(p)).sort(),
      },
    });
  }
  return {
    policy: policyId,
    ingress: summary.ingress,
    egress: summary.egress,
    selected: summary.selected,
    networks,
  };
}
