import type { Diagnostic } from '../../model/diagnostic';
import type { Intent, IntentLine } from '../../model/intent';
import { DEFAULT_NETWORK, endpointLabel, type Endpoint, type Model } from '../../model/types';
import { ALL_CONNS, NO_CONNS, connOf, type ConnSet } from '../conn';
import { isSelectable } from '../evaluate';
import type { NetworkLayout } from '../networks';
import { ALL_PORTS, range } from '../ports';
import { pairKey, type NetworkWants, type Resolved, type WantPart } from './types';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_LABELS = { 'k8s-app': 'kube-dns' } as const;

export function lineConns(l: Pick<IntentLine, 'protocol' | 'port' | 'endPort'>): ConnSet {
  switch (l.protocol) {
    case 'any':
      return ALL_CONNS;
    case 'ICMP':
      return { ...NO_CONNS, ICMP: true };
    default:
      return connOf(l.protocol, l.port === undefined ? ALL_PORTS : range(l.port, l.endPort ?? l.port));
  }
}

export function isDnsServer(e: Endpoint): boolean {
  return e.namespace === DNS_NAMESPACE && e.labels['k8s-app'] === DNS_LABELS['k8s-app'];
}

function diag(l: IntentLine, field: string, severity: 'error' | 'warning', message: string): Diagnostic {
  const pos = l.at[field];
  return {
    severity,
    code: severity === 'error' ? 'intent-unresolved' : 'intent-ignored',
    message,
    object: { kind: 'Intent', name: l.file ?? 'intent' },
    field: `allow[${l.index}]${field ? `.${field}` : ''}`,
    ...(l.file !== undefined ? { file: l.file } : {}),
    ...(pos ? { line: pos.line, column: pos.column } : l.line ? { line: l.line } : {}),
  };
}

/**
 * The members a generator writes policies for: on `default`, not the endpoints of namespaces on a
 * primary (C)UDN — their default attachment is locked (R10.6) and their namespace's
 * NetworkPolicies apply on the (C)UDN only (R10.9); their pairs there are judged on the verdict.
 */
function generatorMembers(layout: NetworkLayout, id: string) {
  const all = layout.members.get(id) ?? [];
  const primaryOf = layout.primaryOf;
  if (id !== DEFAULT_NETWORK || !primaryOf?.size) return all;
  return all.filter((m) => m.endpoint.kind === 'External' || !primaryOf.has(m.endpoint.namespace));
}

/**
 * Resolve every line's endpoints and network; add the DNS line when it is kept. Errors (an
 * unknown workload, a network the pair does not share) make the intent unusable: policies
 * written without the line would deny what it meant to allow.
 */
export function resolveIntent(
  model: Model,
  layout: NetworkLayout,
  intent: Intent,
  options: { readonly dns: boolean },
): { resolved?: Resolved; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const known = [...layout.members.keys()];
  const nameOf = (netId: string): string =>
    netId === DEFAULT_NETWORK ? DEFAULT_NETWORK : (layout.networks.get(netId)?.nads[0]?.key ?? netId);
  const netOf = (key: string): string | undefined =>
    key === DEFAULT_NETWORK ? DEFAULT_NETWORK : layout.nadToNetwork.get(key);
  const covered = new Set<string>();
  if (intent.networks) {
    intent.networks.forEach((key, k) => {
      const id = netOf(key);
      if (id) covered.add(id);
      else {
        const pos = intent.networksAt[k];
        diagnostics.push({
          severity: 'error',
          code: 'intent-unresolved',
          message: `no network "${key}" in the manifests (there: ${[DEFAULT_NETWORK, ...layout.nadToNetwork.keys()].join(', ')})`,
          object: { kind: 'Intent', name: intent.file ?? 'intent' },
          field: `networks[${k}]`,
          ...(intent.file !== undefined ? { file: intent.file } : {}),
          ...(pos ? { line: pos.line, column: pos.column } : {}),
        });
      }
    });
  } else for (const id of known) covered.add(id);

  const byLabel = new Map<string, Endpoint>();
  // the VM wins over its launcher pod of the same name (conformance format)
  const rank = (e: Endpoint) => (e.kind === 'VM' ? 0 : e.kind === 'Pod' ? 1 : 2);
  for (const e of model.endpoints) {
    const k = endpointLabel(e);
    const had = byLabel.get(k);
    if (!had || rank(e) < rank(had)) byLabel.set(k, e);
  }
  const memberIds = new Map<string, Set<string>>();
  for (const [id, ms] of layout.members) memberIds.set(id, new Set(ms.map((m) => m.endpoint.id)));
  const networksOf = (e: Endpoint) => known.filter((id) => memberIds.get(id)?.has(e.id));

  const lines: IntentLine[] = [...intent.allow];
  const lineConnList = lines.map(lineConns);
  const ends = lines.map(() => ({ from: '', to: '' }));
  const pairs = new Map<string, Map<string, WantPart[]>>();
  const add = (netId: string, src: string, dst: string, part: WantPart) => {
    let m = pairs.get(netId);
    if (!m) pairs.set(netId, (m = new Map()));
    const k = pairKey(src, dst);
    const list = m.get(k);
    if (list) list.push(part);
    else m.set(k, [part]);
  };
  intent.allow.forEach((l, i) => {
    const find = (field: 'from' | 'to'): Endpoint | undefined => {
      const name = l[field];
      const e = byLabel.get(name);
      if (!e) {
        const hint =
          !name.includes('/') && byLabel.has(`default/${name}`) ? `; did you mean default/${name}?` : '';
        diagnostics.push(
          diag(l, field, 'error', `no workload or external host "${name}" in the manifests${hint}`),
        );
      }
      return e;
    };
    const src = find('from');
    const dst = find('to');
    if (!src || !dst) return;
    if (src.id === dst.id) {
      diagnostics.push(
        diag(l, 'to', 'warning', 'traffic of an endpoint to itself is never restricted; line ignored'),
      );
      return;
    }
    if (src.kind === 'External' && dst.kind === 'External') {
      diagnostics.push(
        diag(l, '', 'warning', 'two external hosts: no policy reaches traffic between them; line ignored'),
      );
      return;
    }
    const shared = networksOf(src).filter((n) => networksOf(dst).includes(n));
    let netId: string | undefined;
    if (l.network !== undefined) {
      netId = netOf(l.network);
      if (!netId) {
        diagnostics.push(diag(l, 'network', 'error', `no network "${l.network}" in the manifests`));
        return;
      }
      if (!shared.includes(netId)) {
        const where = (e: Endpoint) => networksOf(e).map(nameOf).join(', ') || 'no network';
        diagnostics.push(
          diag(
            l,
            'network',
            'error',
            `${l.from} and ${l.to} do not share ${l.network} (${l.from} is on ${where(src)}; ${l.to} on ${where(dst)})`,
          ),
        );
        return;
      }
    } else {
      const candidates = shared.filter((n) => covered.has(n));
      if (candidates.length !== 1) {
        diagnostics.push(
          diag(
            l,
            '',
            'error',
            candidates.length === 0
              ? `${l.from} and ${l.to} share no covered network`
              : `${l.from} and ${l.to} share ${candidates.map(nameOf).join(' and ')}: say which with \`network\``,
          ),
        );
        return;
      }
      netId = candidates[0] as string;
    }
    if (!covered.has(netId)) {
      diagnostics.push(
        diag(l, 'network', 'error', `${l.network ?? nameOf(netId)} is not in the intent's \`networks\``),
      );
      return;
    }
    ends[i] = { from: src.id, to: dst.id };
    add(netId, src.id, dst.id, { line: i, conns: lineConnList[i] as ConnSet });
  });

  let dnsLine: number | undefined;
  if (options.dns && covered.has(DEFAULT_NETWORK)) {
    dnsLine = lines.length;
    lines.push({
      index: -1,
      from: '*',
      to: `${DNS_NAMESPACE}/kube-dns`,
      network: DEFAULT_NETWORK,
      protocol: 'UDP',
      port: 53,
      line: 0,
      at: {},
    });
    const dnsConns: ConnSet = { ...NO_CONNS, UDP: range(53), TCP: range(53) };
    lineConnList.push(dnsConns);
    ends.push({ from: '*', to: '*' });
    const members = generatorMembers(layout, DEFAULT_NETWORK);
    for (const k of members.filter((m) => isDnsServer(m.endpoint)))
      for (const w of members)
        if (isSelectable(w.endpoint) && w.endpoint.id !== k.endpoint.id)
          add(DEFAULT_NETWORK, w.endpoint.id, k.endpoint.id, { line: dnsLine, conns: dnsConns });
  }

  const nets = new Map<string, NetworkWants>();
  for (const id of covered)
    nets.set(id, {
      netId: id,
      members: generatorMembers(layout, id),
      pairs: pairs.get(id) ?? new Map(),
      ipamless: layout.networks.get(id)?.ipamless ?? false,
      primary: layout.networks.get(id)?.primary ?? false,
    });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    resolved: {
      covered,
      nets,
      lines,
      ends,
      lineConns: lineConnList,
      ...(dnsLine !== undefined ? { dnsLine } : {}),
    },
    diagnostics,
  };
}
