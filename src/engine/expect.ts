import type { AnalysisResult, Connection } from './analyze';
import { allows } from './conn';
import { explainConnection } from './explain';

/** One expected verdict, in the conformance-case format. */
export interface Expectation {
  readonly from: string;
  readonly to: string;
  readonly network: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
  readonly port?: number;
  readonly allowed: boolean;
}

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly ok: boolean;
  readonly actual: boolean | undefined; // undefined: no such pair on that network
  readonly why: readonly string[];
}

export function describeExpectation(e: Expectation): string {
  return `${e.from} -> ${e.to} on ${e.network} ${e.protocol}${e.port !== undefined ? `/${e.port}` : ''}`;
}

/** Check expected verdicts against an analysis; each failure carries the engine's reason. */
export function checkExpectations(
  result: AnalysisResult,
  expectations: readonly Expectation[],
): ExpectationResult[] {
  const index = new Map<string, Connection>(
    result.connections.map((c) => [`${c.network}\u0000${c.fromId}\u0000${c.toId}`, c]),
  );
  const idOf = endpointIdsByName(result.connections);
  return expectations.map((e) => {
    const c = index.get(`${e.network}\u0000${idOf(e.from)}\u0000${idOf(e.to)}`);
    if (!c) {
      const onNet = [
        ...new Set(result.connections.filter((x) => x.network === e.network).flatMap((x) => [x.from, x.to])),
      ];
      const why =
        onNet.length === 0
          ? [`no endpoint is on network ${e.network}`]
          : [
              `${[e.from, e.to].filter((n) => !onNet.includes(n)).join(' and ') || 'the pair'} is not on ${e.network} (there: ${onNet.slice(0, 8).join(', ')})`,
            ];
      return { expectation: e, ok: false, actual: undefined, why };
    }
    const actual = allows(c.allowed, e.protocol, e.port);
    return { expectation: e, ok: actual === e.allowed, actual, why: explainConnection(c) };
  });
}

/**
 * An expectation names an endpoint by its label (`ns/name`, `ns/name (VM)` when a Pod and a VM
 * share it), or by its endpoint id; pairs are looked up by id.
 */
function endpointIdsByName(connections: readonly Connection[]): (name: string) => string {
  const ids = new Map<string, string>();
  for (const c of connections) {
    ids.set(c.from, c.fromId).set(c.to, c.toId);
    ids.set(c.fromId, c.fromId).set(c.toId, c.toId);
  }
  return (name) => ids.get(name) ?? name;
}
