import { DEFAULT_NETWORK, type NamedPort } from '../../model/types';
import type { AdminRule } from '../admin/compile';
import type { CompiledPeer } from '../compile';
import { peerMatches, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import type { LintContext } from './context';

/**
 * M28's inputs (admin-shadow.ts): which rules' peers match the members of the default network,
 * worked out once per run by kind of member (`kindsOf`), so that a policy and direction costs
 * its rules times the kinds rather than the label groups or workloads its peers match.
 */

/**
 * A named-port list as a key: each port's name (length-prefixed), number and protocol. Made
 * afresh each time (cheaper than keeping one per list object: 50,000 workloads, each its own list).
 */
export function portsKey(ports: readonly NamedPort[]): string {
  let k = '';
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i] as NamedPort;
    k += `${p.name.length}:${p.name}:${p.port}:${p.protocol};`;
  }
  return k;
}

type Ip = Extract<CompiledPeer, { kind: 'ipBlock' }>;
type Sel = Extract<CompiledPeer, { kind: 'selector' }>;

/** The default network's members as M28 reads them (one pass, shared by every policy and direction). */
export interface Run {
  /** the members (a member's slot is its position here, as in `LintIndex.positions`) */
  readonly members: readonly Member[];
  /** per slot: the member's label group (-1: none, for externals and host-network pods, whom selectors never match) */
  readonly groupAt: Int32Array;
  /** per slot: the member's named-port list as a number (`portsKeys`) */
  readonly portsAt: Int32Array;
  /** slots of the members an ipBlock peer matches, by `addressed`'s key */
  readonly slotsByCidr: Map<string, Int32Array>;
  /** members without a label group */
  readonly loose: readonly Member[];
  /** the named-port lists' keys, by number, a list with each key, and the label groups (ascending) with a member having it */
  readonly portsKeys: readonly string[];
  readonly portsLists: readonly (readonly NamedPort[])[];
  readonly groupsWithPorts: readonly Int32Array[];
}

export function runOf(ctx: LintContext, members: readonly Member[]): Run {
  const loose: Member[] = [];
  const groupAt = new Int32Array(members.length);
  const portsAt = new Int32Array(members.length);
  // lists by key: workloads mostly share few lists
  const byKey = new Map<string, number>();
  const portsKeys: string[] = [];
  const portsLists: (readonly NamedPort[])[] = [];
  for (let slot = 0; slot < members.length; slot++) {
    const m = members[slot] as Member;
    const group = ctx.index.memberGroup(m);
    groupAt[slot] = group ? group.index : -1;
    if (!group) loose.push(m);
    const list = m.endpoint.namedPorts;
    const key = portsKey(list);
    let id = byKey.get(key);
    if (id === undefined) {
      byKey.set(key, (id = portsKeys.length));
      portsKeys.push(key);
      portsLists.push(list);
    }
    portsAt[slot] = id;
  }
  // per list, the groups with a member having it, ascending: (group, list) pairs sorted, each once
  const P = portsKeys.length;
  const pairs = new Float64Array(members.length - loose.length);
  for (let slot = 0, i = 0; slot < members.length; slot++) {
    const g = groupAt[slot] as number;
    if (g >= 0) pairs[i++] = g * P + (portsAt[slot] as number);
  }
  pairs.sort();
  const lists: number[][] = portsKeys.map(() => []);
  for (let i = 0; i < pairs.length; i++) {
    const x = pairs[i] as number;
    if (i > 0 && x === pairs[i - 1]) continue;
    (lists[x % P] as number[]).push(Math.floor(x / P));
  }
  const groupsWithPorts = lists.map((l) => new Int32Array(l));
  return { members, groupAt, portsAt, slotsByCidr: new Map(), loose, portsKeys, portsLists, groupsWithPorts };
}

const cidrKey = (x: Ip): string => {
  const { family, start, end } = x.cidr;
  return `shadow-ip ${family} ${start} ${end} ${x.except.map((e) => `${e.family} ${e.start} ${e.end}`).join()}`;
};

/**
 * The slots (in the run) of the default-network members an ipBlock peer matches (R9.8), in
 * address order: once per CIDR and exceptions per run.
 */
export function addressedSlots(ctx: LintContext, run: Run, x: Ip, ectx: EvalContext): Int32Array {
  const key = cidrKey(x);
  let slots = run.slotsByCidr.get(key);
  if (!slots) {
    const inside = (m: Member) => peerMatches(x, '', m, ectx);
    slots = ctx.index.addresses(DEFAULT_NETWORK).slotsIn(x.cidr.family, x.cidr.start, x.cidr.end, 0, inside);
    run.slotsByCidr.set(key, slots);
  }
  return slots;
}

/** The label groups (indices, ascending) a selector peer matches: once per selector contents and run. */
function peerGroups(ctx: LintContext, x: Sel, key: string): Int32Array {
  const ix = ctx.index;
  const nsSel = x.namespaceSelector;
  let out = ix.memo.get(key) as Int32Array | undefined;
  if (!out) {
    // a cluster peer without namespaces would match in the policy's namespace, '' (none)
    out = nsSel ? ix.groupsWhere(ix.namespaceMask(nsSel), x.podSelector) : new Int32Array(0);
    ix.memo.set(key, out);
  }
  return out;
}

/** A selector peer's key: its namespace and pod selectors by content. */
function selKey(ctx: LintContext, x: Sel): string {
  const ix = ctx.index;
  const nsSel = x.namespaceSelector;
  return `shadow-peer ${nsSel ? ix.space.keyOf(nsSel) : '-'} ${x.podSelector ? ix.space.keyOf(x.podSelector) : '-'}`;
}

/**
 * The default network's members split into kinds: members of one kind have the same named
 * ports, and every selector and CIDR peer of the cluster policies matches
 * all of them or none. Built once per run from the peers' label groups and addresses (one pass
 * over each peer's matches), so each policy and direction reads its rules' hits per kind (94 at
 * 10,000 endpoints) rather than per label group (9,000) or member.
 */
export interface Kinds {
  readonly count: number;
  /** per kind: its members' named ports, and their number in the run (`Run.portsId`) */
  readonly ports: readonly (readonly NamedPort[])[];
  readonly portsId: Int32Array;
  /** per kind, 1 where a selector or ipBlock peer matches its members (others: none) */
  hits(x: CompiledPeer): Uint8Array | undefined;
}

/**
 * Splits ids: the entries at `slots` (each listed once) of an id get a new id, the same for all
 * of them (`parent` says which id a new one came from). `to` and `round` are scratch tables
 * indexed by id, big enough for every id made. Returns the next free id.
 */
function refine(
  ids: Int32Array,
  slots: ArrayLike<number>,
  next: number,
  parent: Int32Array,
  scratch: { to: Int32Array; round: Int32Array; n: number },
): number {
  const r = ++scratch.n;
  const { to, round } = scratch;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as number;
    const o = ids[s] as number;
    if (round[o] !== r) {
      round[o] = r;
      to[o] = next;
      parent[next] = parent[o] as number;
      next++;
    }
    ids[s] = to[o] as number;
  }
  return next;
}

/** Ids made dense (0..count-1, in order of first use), in place; the old id of each new one. */
function dense(ids: Int32Array, bound: number): number[] {
  const to = new Int32Array(bound).fill(-1);
  const old: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const o = ids[i] as number;
    let n = to[o] as number;
    if (n < 0) {
      to[o] = n = old.length;
      old.push(o);
    }
    ids[i] = n;
  }
  return old;
}

/** Kinds of `run`'s members for the peers of `rules`. */
export function kindsOf(
  ctx: LintContext,
  run: Run,
  rules: readonly (readonly AdminRule[])[],
  ectx: EvalContext,
): Kinds {
  const sels = new Map<string, Int32Array>();
  const ips = new Map<string, Int32Array>();
  const addSel = (x: Sel) => {
    const k = selKey(ctx, x);
    if (!sels.has(k)) sels.set(k, peerGroups(ctx, x, k));
  };
  for (const list of rules)
    for (const r of list)
      for (const x of r.peers)
        if (x.kind === 'selector') addSel(x);
        else if (x.kind === 'ipBlock') {
          const k = cidrKey(x);
          if (!ips.has(k)) ips.set(k, addressedSlots(ctx, run, x, ectx));
        }
  // label groups split by each selector's groups
  const G = ctx.index.space.groups.length;
  const groupKind = new Int32Array(G);
  let bound = 1;
  for (const gs of sels.values()) bound += gs.length;
  let scratch = { to: new Int32Array(bound), round: new Int32Array(bound), n: 0 };
  let next = 1;
  const unused = new Int32Array(bound);
  for (const gs of sels.values()) next = refine(groupKind, gs, next, unused, scratch);
  const groupKinds = dense(groupKind, bound).length;
  // members: their group's kind and named ports (no group: a kind of its own), split by each CIDR's members
  const P = run.portsKeys.length;
  const ids = new Int32Array(run.members.length);
  for (let s = 0; s < ids.length; s++) {
    const g = run.groupAt[s] as number;
    ids[s] = (g < 0 ? groupKinds : (groupKind[g] as number)) * P + (run.portsAt[s] as number);
  }
  next = (groupKinds + 1) * P;
  bound = next;
  for (const slots of ips.values()) bound += slots.length;
  scratch = { to: new Int32Array(bound), round: new Int32Array(bound), n: 0 };
  const parent = new Int32Array(bound);
  for (let k = 0; k < next; k++) parent[k] = k;
  for (const slots of ips.values()) next = refine(ids, slots, next, parent, scratch);
  const old = dense(ids, bound);
  const count = old.length;
  // per kind: its members' group kind (groupKinds: none), a member's ports
  const from = new Int32Array(count);
  const ports = new Array<readonly NamedPort[]>(count);
  const portsId = new Int32Array(count);
  for (let s = 0; s < ids.length; s++) {
    const k = ids[s] as number;
    if (ports[k]) continue;
    ports[k] = (run.members[s] as Member).endpoint.namedPorts;
    portsId[k] = run.portsAt[s] as number;
    from[k] = Math.floor((parent[old[k] as number] as number) / P);
  }
  const table = new Map<string, Uint8Array>();
  for (const [k, gs] of sels) {
    const byGroupKind = new Uint8Array(groupKinds + 1);
    for (let i = 0; i < gs.length; i++) byGroupKind[groupKind[gs[i] as number] as number] = 1;
    const hit = new Uint8Array(count);
    for (let i = 0; i < count; i++) hit[i] = byGroupKind[from[i] as number] as number;
    table.set(k, hit);
  }
  for (const [k, slots] of ips) {
    const hit = new Uint8Array(count);
    for (let i = 0; i < slots.length; i++) hit[ids[slots[i] as number] as number] = 1;
    table.set(k, hit);
  }
  return {
    count,
    ports,
    portsId,
    hits: (x) =>
      x.kind === 'selector'
        ? table.get(selKey(ctx, x))
        : x.kind === 'ipBlock'
          ? table.get(cidrKey(x))
          : undefined,
  };
}
