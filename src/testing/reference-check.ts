import { analyze } from '../engine/analyze';
import { allows } from '../engine/conn';
import { parseObjects } from '../io/k8s-to-model';
import { endpointLabel, type Protocol } from '../model/types';
import { logicalNetworkOf, referenceAllows } from './reference';

const PROBES: [Protocol | 'ICMP', number | undefined][] = [
  ['ICMP', undefined],
  ['TCP', 1],
  ['TCP', 53],
  ['TCP', 80],
  ['TCP', 5431],
  ['TCP', 5432],
  ['TCP', 7999],
  ['TCP', 8000],
  ['TCP', 8080],
  ['TCP', 8100],
  ['TCP', 8101],
  ['TCP', 9090],
  ['TCP', 9100],
  ['TCP', 65535],
  ['UDP', 53],
  ['UDP', 54],
  ['UDP', 8080],
  ['SCTP', 1],
  ['SCTP', 9100],
];

/** Every verdict the engine gives, compared with the reference; the first disagreement. */
export function firstDisagreement(objs: readonly unknown[]): string | undefined {
  const model = parseObjects(objs).model;
  const result = analyze(model);
  const byLabel = new Map(model.endpoints.map((e) => [endpointLabel(e), e]));
  for (const c of result.connections) {
    const src = byLabel.get(c.from);
    const dst = byLabel.get(c.to);
    const net = logicalNetworkOf(model, c.network);
    if (!src || !dst || !net) return `unknown entry ${c.from} -> ${c.to} on ${c.network}`;
    for (const [proto, port] of PROBES) {
      const e = allows(c.allowed, proto, port);
      const r = referenceAllows(model, src, dst, net, proto, port);
      if (e !== r)
        return `${c.from} -> ${c.to} on ${c.network} ${proto}${port ? `/${port}` : ''}: engine ${e ? 'allows' : 'denies'}, reference ${r ? 'allows' : 'denies'}`;
    }
  }
  return undefined;
}
