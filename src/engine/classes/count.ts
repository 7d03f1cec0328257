import type { ClassCache } from './cache';
import { intern, type Feature } from './features';
import type { Atoms, Factor, NetState } from './state';

/**
 * Global equivalence classes: endpoints no policy can tell apart, as subject (the same factors
 * and named ports) and as peer (the same class for every factor). A factor's class of a peer is
 * which of its selector, namespace-wide and ipBlock peers match it, so the classes of all
 * factors together are the members split by every such peer once — not factor by factor over
 * every member, which grows with factors x members (1.6 billion steps at 50,000 endpoints).
 */
export function countClasses(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  n: number,
  subject: (i: number) => string,
  tables: readonly Factor<unknown>[],
): number {
  const ids = new Map<string, number>();
  const part = Int32Array.from({ length: n }, (_, i) => intern(ids, subject(i)));
  let next = ids.size;
  /** the members in `hit` leave their classes (each class's hit members form a new one) */
  const split = (hit: Iterable<number>) => {
    const fresh = new Map<number, number>();
    for (const i of hit) {
      const old = part[i] as number;
      let id = fresh.get(old);
      if (id === undefined) fresh.set(old, (id = next++));
      part[i] = id;
    }
  };
  const byGroup = new Map<number, number[]>();
  const bySlot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    for (const [by, k] of [
      [byGroup, st.groupOf[i] as number],
      [bySlot, st.slotOf[i] as number],
    ] as const) {
      const list = by.get(k);
      if (list) list.push(i);
      else by.set(k, [i]);
    }
  }
  const sel = new Set<Feature>();
  const nsw = new Set<Feature>();
  const ip = new Set<string>();
  for (const f of tables) {
    f.sel.forEach((x) => sel.add(x));
    f.nsw.forEach((x) => nsw.add(x));
    f.ip.forEach((x) => ip.add(x));
  }
  // peers of one namespace list their groups; cross-namespace ones match by kind (kinds.ts)
  const byKind = new Map<number, number[]>();
  for (const [g, list] of byGroup) {
    const k = cache.kinds.of[g] as number;
    const l = byKind.get(k);
    if (l) l.push(...list);
    else byKind.set(k, [...list]);
  }
  for (const x of sel) {
    if (x.ownNs !== undefined) split(x.groups.flatMap((g) => byGroup.get(g) ?? []));
    else
      split(
        [...byKind].flatMap(([k, list]) =>
          k > 0 && cache.matches(x, cache.kinds.rep[k] as number) ? list : [],
        ),
      );
  }
  for (const x of nsw) {
    const admits = cache.admitsBySlot(x);
    split([...bySlot].flatMap(([s, list]) => (s > 0 && admits[s] ? list : [])));
  }
  for (const key of ip) {
    const at = atoms.index.get(key) as number;
    const hit: number[] = [];
    for (let i = 0; i < n; i++) if ((atoms.bits[st.atomOf[i] as number] as string)[at] === '1') hit.push(i);
    split(hit);
  }
  return new Set(part).size;
}
