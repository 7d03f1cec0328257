// Pair cells of one network as small integers, for views that scan many pairs (groups, roll-ups):
// the engine's verdicts, read from the listed connections or the compact factor tables. Equal ids
// mean equal connection sets.
import type { AnalysisResult, CompactNetwork } from '../analyze';
import { readerOf } from '../classes';
import { formatConns, intersectConns, type ConnSet } from '../conn';
import { directionAllowed, type DirectionResult } from '../evaluate';

export interface NetworkCells {
  readonly network: string;
  /** Endpoint labels on the network, sorted. */
  readonly labels: readonly string[];
  /** Cell id of labels[i] → labels[j], -1 when the pair does not exist (same endpoint, two externals). */
  cell(i: number, j: number): number;
  readonly conns: readonly ConnSet[];
  /** The two direction results of labels[i] → labels[j] (undefined when the pair does not exist). */
  directions(i: number, j: number): { egress: DirectionResult; ingress: DirectionResult } | undefined;
  /** The compact tables of the network, when it is compact. */
  readonly compact: { readonly net: CompactNetwork; readonly index: readonly number[] } | undefined;
}

class ConnIds {
  readonly conns: ConnSet[] = [];
  private readonly ids = new Map<string, number>();
  id(c: ConnSet): number {
    const k = formatConns(c);
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.conns.length;
      this.conns.push(c);
      this.ids.set(k, id);
    }
    return id;
  }
}

function compactOn(a: AnalysisResult, network: string): CompactNetwork | undefined {
  return (a.compact ?? []).find((c) =>
    c.network === 'default' ? network === 'default' : c.members.some((m) => m.nad === network),
  );
}

export function networkCells(a: AnalysisResult, network: string): NetworkCells {
  const ids = new ConnIds();
  const net = compactOn(a, network);
  if (!net) {
    const mine = a.connections.filter((c) => c.network === network);
    const labels = [...new Set(mine.flatMap((c) => [c.from, c.to]))].sort();
    const at = new Map(labels.map((l, k) => [l, k]));
    const n = labels.length;
    const cells = new Int32Array(n * n).fill(-1);
    const byCell = new Map<number, (typeof mine)[number]>();
    for (const c of mine) {
      const k = (at.get(c.from) as number) * n + (at.get(c.to) as number);
      cells[k] = ids.id(c.allowed);
      byCell.set(k, c);
    }
    return {
      network,
      labels,
      cell: (i, j) => cells[i * n + j] as number,
      directions: (i, j) => byCell.get(i * n + j),
      conns: ids.conns,
      compact: undefined,
    };
  }
  const order = net.members.map((m, k) => ({ m, k })).sort((x, y) => (x.m.label < y.m.label ? -1 : 1));
  const labels = order.map((x) => x.m.label);
  const index = order.map((x) => x.k);
  const reader = readerOf(net);
  const results = reader.results;
  const memo = new Map<number, Map<number, number>>();
  const lookup = (i: number, j: number): { egress: number; ingress: number } | undefined => {
    if (i === j) return undefined;
    const si = index[i] as number;
    const dj = index[j] as number;
    const src = net.members[si];
    const dst = net.members[dj];
    if (!src || !dst || (src.external && dst.external)) return undefined;
    if (net.network !== 'default' && network !== src.nad && network !== dst.nad) return undefined;
    return reader.lookup(si, dj);
  };
  return {
    network,
    labels,
    conns: ids.conns,
    compact: { net, index },
    directions(i, j) {
      const r = lookup(i, j);
      if (!r) return undefined;
      const egress = results[r.egress];
      const ingress = results[r.ingress];
      return egress && ingress ? { egress, ingress } : undefined;
    },
    cell(i, j) {
      const r = lookup(i, j);
      if (!r) return -1;
      // (the reader numbers combined results as it makes them: no fixed count to key by)
      let byIngress = memo.get(r.egress);
      if (!byIngress) memo.set(r.egress, (byIngress = new Map()));
      let id = byIngress.get(r.ingress);
      if (id === undefined) {
        const e = results[r.egress];
        const g = results[r.ingress];
        id = e && g ? ids.id(intersectConns(directionAllowed(e), directionAllowed(g))) : -1;
        byIngress.set(r.ingress, id);
      }
      return id;
    },
  };
}
