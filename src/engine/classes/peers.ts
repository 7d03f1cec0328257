import type { ClassCache } from './cache';
import { classKey, NP } from './compact';
import { ipOf, ipText } from './factors';
import { selClass } from './sel-table';
import type { Atoms, Factor, NetState, Presence, Representatives } from './state';

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

/** Members kept per kind combination, each in another namespace slot (see `kindReps`). */
const KIND_REPS = 3;

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
  const take = (m: number) => {
    const cls = classKey(
      ip[atomOf[m] as number] as number,
      nsSpan,
      nsOf[slotOf[m] as number] as number,
      selSpan,
      selClass(selTable, groupOf[m] as number),
    );
    const np = named ? (npOf[m] as number) : 0;
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
  const list = kindReps(cache, st, atoms, reps, f, named, npCount);
  for (let e = 0; e < list.length; e += KIND_REPS)
    for (let r = 0; r < KIND_REPS; r++) {
      const m = list[e + r] as number;
      if (m < 0) break;
      if (!local.includes(slotOf[m] as number)) {
        take(m);
        break;
      }
    }
  return out;
}

/**
 * Per (kind, ipBlock class of factor `f`, named ports when `named`) present on the network, up
 * to KIND_REPS members of it in different namespace slots (-1 when fewer), flat. Built from the
 * (kind, CIDR atom, named ports) combinations, once per layout and kind numbering; then once per
 * set of ipBlock peers.
 */
function kindReps(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  reps: Representatives,
  f: Factor<unknown>,
  named: boolean,
  npCount: number,
): Int32Array {
  const serial = `${cache.kinds.serial}`;
  // factors telling atoms apart alike share a list
  const ip = ipOf(f, atoms);
  const key = [serial, '|', ipText(f, atoms)].join('');
  let list = reps.byKind.get(key);
  if (list) return list;
  let combos = reps.byKind.get(serial);
  const kindOf = cache.kinds.of;
  const kinds = cache.kinds.count;
  const { groupOf, atomOf, npOf } = st;
  const atomCount = atoms.bits.length;
  const nps = named ? Math.max(1, npCount) : 1;
  if (!combos) {
    combos = gather(
      st,
      reps.all,
      (m) =>
        ((kindOf[groupOf[m] as number] as number) * atomCount + (atomOf[m] as number)) * nps +
        (named ? (npOf[m] as number) : 0),
      kinds * atomCount * nps,
    );
    reps.byKind.set(serial, combos);
  }
  const ipSpan = f.ipIds.size + 1;
  const merged = gather(
    st,
    combos,
    (m) =>
      ((kindOf[groupOf[m] as number] as number) * ipSpan + (ip[atomOf[m] as number] as number)) * nps +
      (named ? (npOf[m] as number) : 0),
    kinds * ipSpan * nps,
    KIND_REPS,
  );
  reps.byKind.set(key, (list = merged));
  return list;
}

/** `gather`'s index of keys when their space is small: position + 1 by key, valid at its round. */
let gatherAt = new Int32Array(0);
let gatherStamp = new Int32Array(0);
let gatherRound = 0;
let gatherOut = new Int32Array(0);

/**
 * Members (-1: none) by `keyOf` (below `space`): per key up to KIND_REPS of them in different
 * slots, flat. `run`: members come in runs of that length sharing a key (a list `gather` made:
 * the key is taken once per run, from its first member).
 */
function gather(
  st: NetState,
  members: Int32Array,
  keyOf: (m: number) => number,
  space: number,
  run = 1,
): Int32Array {
  const dense = space <= 1 << 20; // (at most 8 MiB of index kept between calls)
  if (dense && gatherAt.length < space) {
    gatherAt = new Int32Array(Math.max(space, 2 * gatherAt.length));
    gatherStamp = new Int32Array(gatherAt.length);
  }
  const round = ++gatherRound;
  const index = dense ? undefined : new Map<number, number>();
  // (a reused buffer: the list is at most three entries per member)
  if (gatherOut.length < 3 * members.length) gatherOut = new Int32Array(3 * members.length);
  const out = gatherOut;
  let n = 0;
  let k = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as number;
    if (m < 0) continue;
    if (run === 1 || i % run === 0) k = keyOf(m);
    const e = index ? index.get(k) : gatherStamp[k] === round ? (gatherAt[k] as number) : undefined;
    if (e === undefined) {
      if (index) index.set(k, n);
      else {
        gatherStamp[k] = round;
        gatherAt[k] = n;
      }
      out[n++] = m;
      out[n++] = -1;
      out[n++] = -1;
      continue;
    }
    const slot = st.slotOf[m] as number;
    for (let r = 0; r < KIND_REPS; r++) {
      const x = out[e + r] as number;
      if (x === -1) {
        out[e + r] = m;
        break;
      }
      if (st.slotOf[x] === slot) break;
    }
  }
  return out.slice(0, n);
}
