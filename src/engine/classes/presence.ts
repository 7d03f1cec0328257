import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { atomOf, newAtoms } from './atoms';
import type { ClassCache } from './cache';
import type { IpPeer, LabelGroup } from './features';
import type { Atoms, NetState, Presence } from './state';
import { ints } from './ints';

/**
 * Bring the network's per-member arrays and presence up to date with the members and atoms.
 * Members kept from the last layout (same object, or same addresses for the atom) keep their
 * entries: a relabelled workload costs a lookup per member, not a recomputation.
 */
export function refresh(
  cache: ClassCache,
  st: NetState,
  members: readonly Member[],
  atomsKey: string,
  ipPeers: readonly IpPeer[],
  ctx: EvalContext,
): void {
  const held = st.members;
  const membersChanged = held !== members;
  const same = !!held && held.length === members.length;
  if (membersChanged) {
    st.members = members;
    if (same) {
      const groupOf = st.groupOf.slice();
      const slotOf = st.slotOf.slice();
      const npOf = st.npOf.slice();
      for (let i = 0; i < members.length; i++) {
        const m = members[i] as Member;
        if (m === held[i]) continue;
        const g = cache.groupOf(m);
        groupOf[i] = g;
        slotOf[i] = (cache.groups[g] as LabelGroup).slot;
        npOf[i] = cache.npOf(m);
      }
      st.groupOf = groupOf;
      st.slotOf = slotOf;
      st.npOf = npOf;
    } else {
      // (new label groups are numbered namespace by namespace: see `NetState.order`; a layout
      // of the same length keeps its order, a permutation of the same indices)
      st.order = byNamespace(members);
      const n = members.length;
      // the endpoints read in model order (their memory order), the groups numbered in the
      // layout's (a namespace's map and new groups together)
      const keys = new Array<number | string>(n);
      for (let i = 0; i < n; i++) keys[i] = cache.groupKey(members[i] as Member);
      const groupOf = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const i = st.order[k] as number;
        const key = keys[i] as number | string;
        groupOf[i] = typeof key === 'number' ? key : cache.groupOfKey(members[i] as Member, key);
      }
      st.groupOf = groupOf;
      st.slotOf = ints(n, (i) => (cache.groups[groupOf[i] as number] as LabelGroup).slot);
      st.npOf = ints(n, (i) => cache.npOf(members[i] as Member));
    }
  }
  const atomsChanged = st.atoms?.key !== atomsKey;
  if (atomsChanged) st.atoms = newAtoms(atomsKey, ipPeers);
  const atoms = st.atoms as Atoms;
  if (!membersChanged && !atomsChanged && st.presence) return;
  if (!atomsChanged && same && held) {
    // an atom depends on the member's addresses only
    const atomOf_ = st.atomOf.slice();
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as Member;
      if (m.ips !== (held[i] as Member).ips) atomOf_[i] = atomOf(atoms, m, ctx);
    }
    st.atomOf = atomOf_;
  } else st.atomOf = ints(members.length, (i) => atomOf(atoms, members[i] as Member, ctx));
  st.presence = presenceOf(st, atoms, cache.npPorts.length);
}

/** Member indices grouped by namespace: namespaces in order of first appearance, members ascending. */
export function byNamespace(members: readonly Member[]): Int32Array {
  const n = members.length;
  const nsOf = new Int32Array(n);
  const ids = new Map<string, number>();
  let counts = new Int32Array(64);
  for (let i = 0; i < n; i++) {
    const ns = (members[i] as Member).endpoint.namespace;
    let k = ids.get(ns);
    if (k === undefined) {
      k = ids.size;
      ids.set(ns, k);
      if (k === counts.length) {
        const grown = new Int32Array(2 * k);
        grown.set(counts);
        counts = grown;
      }
    }
    nsOf[i] = k;
    counts[k] = (counts[k] as number) + 1;
  }
  // each namespace's first position, then the members in place
  const at = new Int32Array(ids.size);
  for (let k = 1; k < at.length; k++) at[k] = (at[k - 1] as number) + (counts[k - 1] as number);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = nsOf[i] as number;
    out[at[k] as number] = i;
    at[k] = (at[k] as number) + 1;
  }
  return out;
}

/** Numeric keys of (group, atom) and (group, atom, named ports), for a number of atoms and of named-port sets. */
const gaKey = (g: number, a: number, atoms: number) => g * atoms + a;

function presenceOf(st: NetState, atoms: Atoms, nps: number): Presence {
  const { groupOf, atomOf: atomOf_, npOf, slotOf } = st;
  const n = groupOf.length;
  const atomCount = atoms.bits.length;
  const keys = new Set<number>();
  const bySlot = new Map<number, number[]>();
  const bySlotN = new Map<number, number[]>();
  const push = (map: Map<number, number[]>, k: number, i: number) => {
    const l = map.get(k);
    if (l) l.push(i);
    else map.set(k, [i]);
  };
  const plain: number[] = [];
  const named: number[] = [];
  const prev = st.presence;
  const parentOk = !!prev && prev.atoms === atoms.serial;
  const added: number[] = [];
  // keys of the plain combinations are below `plainSpan`; named ones are offset past it
  let maxGroup = 0;
  for (let i = 0; i < n; i++) if ((groupOf[i] as number) > maxGroup) maxGroup = groupOf[i] as number;
  const plainSpan = (maxGroup + 1) * atomCount;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    const a = atomOf_[i] as number;
    const np = npOf[i] as number;
    const ga = gaKey(g, a, atomCount);
    const gan = plainSpan + ga * nps + np;
    const slot = slotOf[i] as number;
    if (!keys.has(ga)) {
      keys.add(ga);
      plain.push(i);
      push(bySlot, slot, i);
    }
    if (!keys.has(gan)) {
      keys.add(gan);
      named.push(i);
      push(bySlotN, slot, i);
      if (parentOk && !(prev as Presence).has(g, a, np)) added.push(i);
    }
  }
  const has = (g: number, a: number, np: number) =>
    g <= maxGroup && a < atomCount && np < nps && keys.has(plainSpan + gaKey(g, a, atomCount) * nps + np);
  return {
    serial: (prev?.serial ?? 0) + 1,
    atoms: atoms.serial,
    has,
    parent: parentOk && prev ? { serial: prev.serial, added } : undefined,
    plain: { all: new Int32Array(plain), bySlot, byKind: new Map() },
    named: { all: new Int32Array(named), bySlot: bySlotN, byKind: new Map() },
    peerLists: new Map(),
  };
}
