import type { DirectionResult } from '../evaluate';
import type { CompactFactor, CompactTables } from './types';

export const NOT_ISOLATED: DirectionResult = { isolated: false };

/** Numbers direction results for tables: 0 is "not isolated", each isolated result its own number. */
export function resultNumbering(): {
  readonly results: DirectionResult[];
  idOf: (r: DirectionResult) => number;
} {
  const results: DirectionResult[] = [NOT_ISOLATED];
  const ids = new Map<DirectionResult, number>();
  return {
    results,
    idOf(r) {
      if (!r.isolated) return 0;
      let id = ids.get(r);
      if (id === undefined) {
        id = results.length;
        results.push(r);
        ids.set(r, id);
      }
      return id;
    },
  };
}
/** Result keys are class * NP + named-port signature. */
export const NP = 1 << 16;

export function classKey(ip: number, nsSpan: number, ns: number, selSpan: number, sel: number): number {
  return (ip * nsSpan + ns) * selSpan + sel;
}

/** The two direction results of member i → member j from compact tables, as result indices (0: not isolated). */
export function compactLookup(
  t: CompactTables,
  i: number,
  j: number,
  selMaps: WeakMap<CompactFactor, Map<number, number>>,
  resultMaps: WeakMap<CompactFactor, Map<number, number>>,
): { egress: number; ingress: number } {
  const look = (fi: number, peer: number, dst: number): number => {
    if (fi < 0) return 0;
    const f = t.factors[fi] as CompactFactor;
    let sel = selMaps.get(f);
    if (!sel) {
      sel = new Map();
      for (let k = 0; k < f.sel.length; k += 2) sel.set(f.sel[k] as number, f.sel[k + 1] as number);
      selMaps.set(f, sel);
    }
    let res = resultMaps.get(f);
    if (!res) {
      res = new Map();
      for (let k = 0; k < f.keys.length; k++) res.set(f.keys[k] as number, f.values[k] as number);
      resultMaps.set(f, res);
    }
    const cls = classKey(
      f.ip[t.atomOf[peer] as number] as number,
      f.nsSpan,
      f.ns[t.slotOf[peer] as number] ?? 0,
      f.selSpan,
      sel.get(t.groupOf[peer] as number) ?? 0,
    );
    return res.get(cls * NP + (f.usesNamed ? (t.npOf[dst] as number) : 0)) ?? 0;
  };
  return { egress: look(t.egressOf[i] as number, j, j), ingress: look(t.ingressOf[j] as number, i, j) };
}
