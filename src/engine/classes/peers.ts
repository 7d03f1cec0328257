import type { ClassCache } from './cache';
import { classKey, NP } from './compact';
import { ipOf } from './factors';
import { KIND_REPS, kindReps } from './kind-reps';
import { selClass, selClassByKind } from './sel-table';
import type { Atoms, Factor, NetState, Presence } from './state';

/**
 * One peer of every class of a factor: the members `prepareAll` evaluates. Members of the
 * factor's own namespaces one by one; elsewhere one per kind combination (kinds.ts).
 */

/** What `allPeers` asks: one peer per class of factor `f` (named: per named-port signature too). */
export interface PeerQuery {
  readonly cache: ClassCache;
  readonly st: NetState;
  readonly atoms: Atoms;
  readonly presence: Presence;
  readonly f: Factor<unknown>;
  readonly named: boolean;
  readonly npCount: number;
}

/**
 * One peer of every class of the factor (named: of every class and named-port signature). The
 * list depends only on the factor's selector table, ipBlock and namespace-wide peers: factors
 * alike in those share it (per layout).
 */
export function allPeers(q: PeerQuery): readonly number[] {
  const { presence, f, named } = q;
  let bySel = presence.peerLists.get(f.selTable);
  if (!bySel) presence.peerLists.set(f.selTable, (bySel = new Map()));
  // the factor's ipBlock and namespace-wide peers: with the selector table, all a list depends on
  // (kept keys are joined, not concatenated: one flat string each, not a chain)
  f.peerSig ??= [f.ip.join(';'), '|', f.nsw.map((x) => x.key).join(';')].join('');
  const sig = named ? `n${f.peerSig}` : f.peerSig;
  let out = bySel.get(sig);
  if (!out) bySel.set(sig, (out = peersOf(q)));
  return out;
}

/** Deduplication of class keys: stamps when the key space is small, else a set. */
let seenStamp = new Int32Array(1 << 12);
let seenRound = 0;

function peersOf(q: PeerQuery): number[] {
  const { cache, st, atoms, presence, f, named, npCount } = q;
  const out: number[] = [];
  const reps = named ? presence.named : presence.plain;
  const ip = ipOf(f, atoms);
  const nsSpan = f.nsKeys.size;
  const nps = named ? Math.max(1, npCount) : 1;
  const space = (f.ipIds.size + 1) * nsSpan * f.selSpan * nps;
  const { atomOf, slotOf, groupOf, npOf } = st;
  const { selTable, nsOf, selSpan } = f;
  const stamps = space <= 1 << 22;
  if (stamps && seenStamp.length < space) seenStamp = new Int32Array(Math.max(space, 2 * seenStamp.length));
  const round = ++seenRound;
  const seen = stamps ? undefined : new Set<number>();
  // member m of class `cls` and named-port signature `np` (0 unless named), unless one was kept
  const keep = (m: number, cls: number, np: number) => {
    if (seen) {
      const key = cls * NP + np;
      if (seen.has(key)) return;
      seen.add(key);
    } else {
      const key = cls * nps + np;
      if (seenStamp[key] === round) return;
      seenStamp[key] = round;
    }
    out.push(m);
  };
  const take = (m: number) =>
    keep(
      m,
      classKey(
        ip[atomOf[m] as number] as number,
        nsSpan,
        nsOf[slotOf[m] as number] as number,
        selSpan,
        selClass(selTable, groupOf[m] as number),
      ),
      named ? (npOf[m] as number) : 0,
    );
  // the namespaces of its peers without a namespaceSelector: their members one by one (those
  // peers tell them apart by group) …
  const local: number[] = [];
  for (const x of [...f.sel, ...f.nsw]) {
    const slot = x.ownNs === undefined ? undefined : cache.slots.get(x.ownNs);
    if (slot !== undefined && !local.includes(slot)) local.push(slot);
  }
  if (local.length >= KIND_REPS) {
    for (const m of reps.all) take(m);
    return out;
  }
  for (const slot of local) for (const m of reps.bySlot.get(slot) ?? []) take(m);
  // … elsewhere a member's classes follow from its kind, ipBlock class and named ports: one
  // member of each such combination, outside those namespaces
  // (read from the list: a member's slot, ipBlock class and named ports are in it; a member
  // outside `local` is in no namespace of the table's listed groups: its kind's class)
  const list = kindReps(cache, st, atoms, reps, f, named, npCount);
  const { members, slot, cls, np } = list;
  for (let t = 0, e = 0; t < cls.length; t++, e += KIND_REPS)
    for (let r = e; r < e + KIND_REPS; r++) {
      const m = members[r] as number;
      if (m < 0) break;
      const s = slot[r] as number;
      if (!local.includes(s)) {
        const c = classKey(
          cls[t] as number,
          nsSpan,
          nsOf[s] as number,
          selSpan,
          selClassByKind(selTable, groupOf[m] as number),
        );
        keep(m, c, np[t] as number);
        break;
      }
    }
  return out;
}
