import type { ClassCache } from './cache';
import { ipOf, ipText } from './factors';
import type { Atoms, Factor, KindReps, NetState, Representatives } from './state';

/**
 * Members standing for every (kind, ipBlock class, named ports) combination on the network:
 * outside a factor's own namespaces a member's classes follow from these (kinds.ts), so its
 * list of peers needs one member of each (peers.ts). Built from the members' (kind, CIDR atom,
 * named ports) combinations once per layout and kind numbering, then merged once per factor
 * partition of the atoms. The lists carry each entry's slot and each combination's
 * class: reading them is sequential, not a look-up per member in the network's arrays.
 */

/** Members kept per combination, each in another namespace slot. */
export const KIND_REPS = 3;

/**
 * Per (kind, ipBlock class of factor `f`, named ports when `named`) present on the network, up
 * to KIND_REPS members of it in different namespace slots.
 */
export function kindReps(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  reps: Representatives,
  f: Factor<unknown>,
  named: boolean,
  npCount: number,
): KindReps {
  const serial = `${cache.kinds.serial}`;
  // factors telling atoms apart alike share a list
  const key = [serial, '|', ipText(f, atoms)].join('');
  let list = reps.byKind.get(key);
  if (list) return list;
  const nps = named ? Math.max(1, npCount) : 1;
  const kinds = cache.kinds.count;
  let combos = reps.byKind.get(serial);
  if (!combos) reps.byKind.set(serial, (combos = combosOf(cache, st, atoms, reps.all, named, nps)));
  const ip = ipOf(f, atoms);
  const ipSpan = f.ipIds.size + 1;
  const out = new Builder(kinds * ipSpan * nps, combos.members.length);
  const { kind, cls, np, members, slot } = combos;
  for (let t = 0, e = 0; t < kind.length; t++, e += KIND_REPS) {
    const k = kind[t] as number;
    const c = ip[cls[t] as number] as number;
    const n = np[t] as number;
    const at = out.entry((k * ipSpan + c) * nps + n, k, c, n);
    if (out.full(at)) continue; // (most are soon: many atoms fall in one class)
    for (let r = 0; r < KIND_REPS; r++) {
      const m = members[e + r] as number;
      if (m < 0) break;
      out.add(at, m, slot[e + r] as number);
    }
  }
  reps.byKind.set(key, (list = out.done()));
  return list;
}

/** The members' (kind, CIDR atom, named ports when `named`) combinations, with their representatives. */
function combosOf(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  all: Int32Array,
  named: boolean,
  nps: number,
): KindReps {
  const kindOf = cache.kinds.of;
  const { groupOf, atomOf, npOf, slotOf } = st;
  const atomCount = atoms.bits.length;
  const out = new Builder(cache.kinds.count * atomCount * nps, KIND_REPS * all.length);
  for (let i = 0; i < all.length; i++) {
    const m = all[i] as number;
    const g = groupOf[m] as number;
    const k = kindOf[g] as number;
    const a = atomOf[m] as number;
    const n = named ? (npOf[m] as number) : 0;
    out.add(out.entry((k * atomCount + a) * nps + n, k, a, n), m, slotOf[m] as number);
  }
  return out.done();
}

/** `Builder`'s index of keys when their space is small: entry by key, valid at its round. */
let indexAt = new Int32Array(0);
let indexStamp = new Int32Array(0);
let indexRound = 0;

/** `Builder`'s work space, reused (builds do not overlap): per entry, then per combination. */
const none = new Int32Array(0);
const scratch = { room: 0, members: none, slot: none, kind: none, cls: none, np: none };

/** A `KindReps` under construction: entries found by key, representatives added to them. */
class Builder {
  private readonly index: Map<number, number> | undefined;
  private readonly round: number;
  private n = 0;
  private readonly members: Int32Array;
  private readonly slot: Int32Array;
  private readonly kind: Int32Array;
  private readonly cls: Int32Array;
  private readonly np: Int32Array;

  /** `space`: keys are below it; `room`: entries at most (KIND_REPS per combination). */
  constructor(space: number, room: number) {
    const dense = space <= 1 << 20; // (at most 8 MiB of index kept between builds)
    if (dense && indexAt.length < space) {
      indexAt = new Int32Array(Math.max(space, 2 * indexAt.length));
      indexStamp = new Int32Array(indexAt.length);
    }
    this.index = dense ? undefined : new Map();
    this.round = ++indexRound;
    const s = scratch;
    if (s.room < room) {
      s.room = Math.max(room, 2 * s.room);
      const combos = Math.ceil(s.room / KIND_REPS);
      s.members = new Int32Array(s.room);
      s.slot = new Int32Array(s.room);
      s.kind = new Int32Array(combos);
      s.cls = new Int32Array(combos);
      s.np = new Int32Array(combos);
    }
    ({ members: this.members, slot: this.slot } = s);
    ({ kind: this.kind, cls: this.cls, np: this.np } = s);
  }

  /** The first entry of the combination with `key`, made when new. */
  entry(key: number, kind: number, cls: number, np: number): number {
    const found = this.index
      ? this.index.get(key)
      : indexStamp[key] === this.round
        ? indexAt[key]
        : undefined;
    if (found !== undefined) return found;
    const e = this.n;
    if (this.index) this.index.set(key, e);
    else {
      indexStamp[key] = this.round;
      indexAt[key] = e;
    }
    this.members.fill(-1, e, e + KIND_REPS);
    const t = e / KIND_REPS;
    this.kind[t] = kind;
    this.cls[t] = cls;
    this.np[t] = np;
    this.n += KIND_REPS;
    return e;
  }

  /** Whether the combination at `e` has all its members. */
  full(e: number): boolean {
    return this.members[e + KIND_REPS - 1] !== -1;
  }

  /** Keep member `m` for the combination at `e` unless one in its slot is kept or it is full. */
  add(e: number, m: number, slot: number): void {
    for (let r = e; r < e + KIND_REPS; r++) {
      if (this.members[r] === -1) {
        this.members[r] = m;
        this.slot[r] = slot;
        return;
      }
      if (this.slot[r] === slot) return;
    }
  }

  done(): KindReps {
    const n = this.n;
    const t = n / KIND_REPS;
    return {
      members: this.members.slice(0, n),
      slot: this.slot.slice(0, n),
      kind: this.kind.slice(0, t),
      cls: this.cls.slice(0, t),
      np: this.np.slice(0, t),
    };
  }
}
