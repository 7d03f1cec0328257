import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { atomOf, newAtoms } from './atoms';
import type { ClassCache } from './cache';
import type { IpPeer, LabelGroup } from './features';
import type { Atoms, NetState } from './state';

/** Bring the network's per-member arrays and presence up to date with the members and atoms. */
export function refresh(
  cache: ClassCache,
  st: NetState,
  members: readonly Member[],
  atomsKey: string,
  ipPeers: readonly IpPeer[],
  ctx: EvalContext,
): void {
  const membersChanged = st.members !== members;
  if (membersChanged) {
    st.members = members;
    st.groupOf = Int32Array.from(members, (m) => cache.groupOf(m));
    st.slotOf = Int32Array.from(st.groupOf, (g) => (cache.groups[g] as LabelGroup).slot);
    st.npOf = Int32Array.from(members, (m) => cache.npOf(m));
  }
  const atomsChanged = st.atoms?.key !== atomsKey;
  if (atomsChanged) st.atoms = newAtoms(atomsKey, ipPeers);
  const atoms = st.atoms as Atoms;
  if (!membersChanged && !atomsChanged && st.presence) return;
  st.atomOf = Int32Array.from(members, (m) => atomOf(atoms, m, ctx));
  const keys = new Set<string>();
  const byGroup = new Map<number, number[]>();
  const byGroupN = new Map<number, number[]>();
  const buckets = new Map<string, number[]>();
  const bucketsN = new Map<string, number[]>();
  const push = <K>(map: Map<K, number[]>, k: K, i: number) => {
    const l = map.get(k);
    if (l) l.push(i);
    else map.set(k, [i]);
  };
  const plain: number[] = [];
  const named: number[] = [];
  const prev = st.presence;
  const added: number[] = [];
  members.forEach((_, i) => {
    const g = st.groupOf[i] as number;
    const a = st.atomOf[i] as number;
    const np = st.npOf[i] as number;
    const ga = `${g},${a}`;
    const gan = `${ga},${np}`;
    const bucket = `${a},${st.slotOf[i]}`;
    if (!keys.has(ga)) {
      keys.add(ga);
      plain.push(i);
      push(byGroup, g, i);
      push(buckets, bucket, i);
    }
    if (!keys.has(gan)) {
      keys.add(gan);
      named.push(i);
      push(byGroupN, g, i);
      push(bucketsN, `${bucket},${np}`, i);
      if (prev && prev.atoms === atoms.serial && !prev.keys.has(gan)) added.push(i);
    }
  });
  st.presence = {
    serial: (prev?.serial ?? 0) + 1,
    atoms: atoms.serial,
    keys,
    parent: prev && prev.atoms === atoms.serial ? { serial: prev.serial, added } : undefined,
    plain: { all: Int32Array.from(plain), byGroup, buckets: [...buckets.values()] },
    named: { all: Int32Array.from(named), byGroup: byGroupN, buckets: [...bucketsN.values()] },
    bucketClasses: new Map(),
    peerLists: new Map(),
  };
}
