import type { AddrRange } from '../cidr';
import { peerMatches, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { intern, type IpPeer } from './features';
import type { Atoms } from './state';

/** CIDR atoms: the address space cut at every ipBlock boundary of a network's policies. */

let nextAtoms = 1;

export function slot(cuts: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cuts[mid] as bigint) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function newAtoms(key: string, peers: readonly IpPeer[]): Atoms {
  const c4 = new Set<bigint>();
  const c6 = new Set<bigint>();
  const add = (r: AddrRange) => {
    const s = r.family === 4 ? c4 : c6;
    s.add(r.start);
    s.add(r.end + 1n);
  };
  for (const { peer } of peers) {
    add(peer.cidr);
    peer.except.forEach(add);
  }
  const sort = (s: Set<bigint>) => [...s].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return {
    key,
    serial: nextAtoms++,
    peers,
    index: new Map(peers.map((p, k) => [p.key, k])),
    cuts4: sort(c4),
    cuts6: sort(c6),
    ids: new Map(),
    bits: [],
  };
}

export function atomOf(atoms: Atoms, m: Member, ctx: EvalContext): number {
  let k = '';
  if (atoms.peers.length) {
    const slots = m.ips.map(
      (ip) => `${ip.family}:${slot(ip.family === 4 ? atoms.cuts4 : atoms.cuts6, ip.value)}`,
    );
    k = slots.length > 1 ? slots.sort().join(',') : (slots[0] ?? '');
  }
  const id = intern(atoms.ids, k);
  if (id === atoms.bits.length)
    atoms.bits.push(atoms.peers.map((x) => (peerMatches(x.peer, x.ns, m, ctx) ? '1' : '0')).join(''));
  return id;
}
