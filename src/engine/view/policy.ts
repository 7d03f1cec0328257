// What one policy does, for the canvas's policy view: the workloads it selects, and per network
// it applies on the peers each of its rules admits (with the ports) and the peers it isolates
// without admitting. Read from the engine's direction results (their rule contributions) and the
// policy's compiled networks; nothing is re-evaluated.
import { endpointLabeler } from '../../model/ids';
import { DEFAULT_NETWORK, type Endpoint, type Model } from '../../model/types';
import type { AnalysisResult } from '../analyze';
import { formatConns, unionConns, type ConnSet } from '../conn';
import type { DirectionResult } from '../evaluate';
import { logicalIdOf } from '../networks';
import { udnNetworkId } from '../udn/plan';
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
  /** The networks it applies on (none when it is not applied), each with what it selects there. */
  readonly networks: readonly PolicyNetworkView[];
  /** Why it applies on no network (the compiled policy's reason). */
  readonly notApplied?: string;
}

/** Subjects scanned against every peer at most (keeps the view fast on 5,000 workloads). */
const SUBJECT_PAIR_BUDGET = 400_000;

/** The parts of the model the view reads: workloads on networks without pairs, NADs of empty networks. */
export interface ViewModel {
  readonly endpoints: Model['endpoints'];
  readonly nads: Model['nads'];
  readonly udns?: Model['udns'] | undefined;
}

/**
 * The policy as the policy view shows it. `model` is the design the analysis was made from: a
 * network with no pair (one workload alone on it) lists nobody in the analysis, so its workloads
 * are read from the model's attachments; without it such a network shows no subject.
 */
export function policyView(a: AnalysisResult, policyId: string, model?: ViewModel): PolicyView | undefined {
  const summary = a.policies.find((p) => p.id === policyId);
  if (!summary) return undefined;
  const selected = new Set(summary.selected);
  const networks: PolicyNetworkView[] = [];
  for (const network of policyKeys(a, summary.networks, model)) {
    const cells = networkCells(a, network);
    const subjects = cells.labels.map((l, i) => ({ l, i })).filter((x) => selected.has(x.l));
    const alone = cells.labels.length === 0 && model ? loneSubjects(a, model, network, selected) : [];
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
      subjects: alone.length ? alone : subjects.map((s) => s.l),
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
    ...(summary.notApplied ? { notApplied: summary.notApplied } : {}),
  };
}

/** The pod network first, then by key (as the view's network tabs are ordered). */
const byKey = (x: string, y: string): number =>
  x === DEFAULT_NETWORK ? -1 : y === DEFAULT_NETWORK ? 1 : x < y ? -1 : x > y ? 1 : 0;

/**
 * The keys the view lists for the policy's logical networks: a network's NAD keys that carry
 * workloads (a NAD of an OVN-K network nobody attaches through is no network of its own, R5.5);
 * all of them when none does, so an empty network the policy applies on is still named.
 */
function policyKeys(a: AnalysisResult, ids: readonly string[], model: ViewModel | undefined): string[] {
  const used = new Set<string>();
  for (const c of a.connections) used.add(c.network);
  for (const net of a.compact ?? [])
    for (const m of net.members) used.add(net.network === DEFAULT_NETWORK ? DEFAULT_NETWORK : m.nad);
  for (const e of model?.endpoints ?? []) for (const k of keysOf(a, e)) used.add(k);
  const out = new Set<string>();
  for (const id of ids) {
    if (id === DEFAULT_NETWORK) {
      out.add(id);
      continue;
    }
    const keys = a.networks.find((n) => n.id === id)?.nads ?? modelKeys(id, model);
    const on = keys.filter((k) => used.has(k));
    for (const k of on.length ? on : keys) out.add(k);
  }
  return [...out].sort(byKey);
}

/** The keys of a logical network no workload is on (the analysis does not list it). */
function modelKeys(id: string, model: ViewModel | undefined): string[] {
  if (!model) return id.startsWith('nad:') ? [id.slice('nad:'.length)] : [];
  return [
    ...model.nads.filter((n) => logicalIdOf(n) === id).map((n) => n.key),
    ...(model.udns ?? []).filter((u) => udnNetworkId(u) === id).map((u) => u.key),
  ];
}

/**
 * The network keys an endpoint attaches to, as the engine places it (SEMANTICS §10): a CUDN
 * named through `ns/NAME` under its key, and a workload's pod network also on its namespace's
 * primary network.
 */
function keysOf(a: AnalysisResult, e: Endpoint): string[] {
  const keys: string[] = [];
  for (const att of e.attachments) {
    if (att.nad !== DEFAULT_NETWORK) keys.push(a.networkKeys?.[att.nad] ?? att.nad);
    else {
      keys.push(DEFAULT_NETWORK);
      const primary = e.kind === 'External' || e.hostNetwork ? undefined : a.primaryNetworks?.[e.namespace];
      if (primary) keys.push(primary);
    }
  }
  return keys;
}

/** The selected workloads on a network that has no pair (one workload, or none). */
function loneSubjects(a: AnalysisResult, model: ViewModel, network: string, selected: Set<string>): string[] {
  const labelOf = endpointLabeler(model.endpoints);
  return model.endpoints
    .filter((e) => selected.has(labelOf(e)) && keysOf(a, e).includes(network))
    .map(labelOf)
    .sort();
}
