import { DEFAULT_NETWORK, type NamedPort } from '../../model/types';
import type { AdminRule } from '../admin/compile';
import type { CompiledPeer } from '../compile';
import { peerMatches, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import type { LabelGroup, LintContext } from './context';

/**
 * M28's inputs by label group (admin-shadow.ts): which rules' peers match the members of the
 * default network, worked out per member class, per selector peer and per CIDR once per run,
 * so that a policy costs what its peers match rather than the number of workloads.
 */

/** Which rules' selector peers match a label group, and that as a key ('0110'). */
export interface GroupHits {
  readonly hits: readonly boolean[];
  readonly bits: string;
  /** a rule after the first is hit (else the pattern can shadow nothing) */
  readonly later: boolean;
  /** a number for this object among those of one policy and direction (`HitIds`) */
  readonly id: number;
}

/** Numbers the hit patterns made for one policy and direction. */
export interface HitIds {
  next: number;
}

export function groupHitsOf(hits: readonly boolean[], ids: HitIds): GroupHits {
  // (an indexed loop: `map` and `some` here were inlined for the arrays of one caller and
  // deoptimised on another's, 22 times in a run at 10,000 endpoints)
  let bits = '';
  let later = false;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k] === true;
    bits += h ? '1' : '0';
    if (h && k > 0) later = true;
  }
  return { hits, bits, later, id: ids.next++ };
}

/** A named-port list as a key (memoised: the same lists are keyed for every policy and direction). */
const portKeys = new WeakMap<readonly NamedPort[], string>();
export function portsKey(ports: readonly NamedPort[]): string {
  let k = portKeys.get(ports);
  if (k === undefined) portKeys.set(ports, (k = JSON.stringify(ports)));
  return k;
}

type Ip = Extract<CompiledPeer, { kind: 'ipBlock' }>;

/** Default-network members of one label group with one named-port list: alike for every rule. */
export interface MemberClass {
  readonly index: number;
  readonly group: LabelGroup;
  readonly ports: readonly NamedPort[];
  readonly portsKey: string;
  /** `portsKey` as a number (`Run.portsId`) */
  readonly portsId: number;
  size: number;
}

/** The members of a run by class (one pass, shared by every policy and direction). */
export interface Run {
  readonly classes: readonly MemberClass[];
  /** the classes of each label group (by group index) */
  readonly byGroup: readonly (MemberClass[] | undefined)[];
  /** the members (a member's slot is its position here) and the class at each slot */
  readonly members: readonly Member[];
  readonly classAt: readonly (MemberClass | undefined)[];
  readonly slotOf: ReadonlyMap<Member, number>;
  /** slots of the members an ipBlock peer matches, by `addressed`'s key */
  readonly slotsByCidr: Map<string, Int32Array>;
  /** members without a label group (externals, host-network pods): selectors never match them */
  readonly loose: readonly Member[];
  /** a named-port list's key as a number, and back (`portsKeys`) */
  portsId(key: string): number;
  readonly portsKeys: readonly string[];
  /** `groupHitter`'s tables, one per group, reused by each policy and direction (cleared where used) */
  readonly scratch: HitterScratch;
}

interface HitterScratch {
  readonly bits: Int32Array;
  readonly at: (GroupHits | undefined)[];
  /** the groups the last hitter wrote (its `touched`) */
  readonly touched: number[];
}

export function runOf(ctx: LintContext, members: readonly Member[]): Run {
  const classes: MemberClass[] = [];
  const classAt = new Array<MemberClass | undefined>(members.length).fill(undefined);
  const slotOf = new Map<Member, number>();
  const loose: Member[] = [];
  const byGroup = new Array<MemberClass[] | undefined>(ctx.index.space.groups.length).fill(undefined);
  const ids = new Map<string, number>();
  const portsKeys: string[] = [];
  const portsId = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = portsKeys.length));
      portsKeys.push(key);
    }
    return id;
  };
  for (let slot = 0; slot < members.length; slot++) {
    const m = members[slot] as Member;
    slotOf.set(m, slot);
    const group = ctx.index.groupOf(m.endpoint);
    if (!group) {
      loose.push(m);
      continue;
    }
    const ports = portsKey(m.endpoint.namedPorts);
    // a group's workloads mostly share one list: its classes are few
    const l = byGroup[group.index];
    let c = l?.find((x) => x.portsKey === ports);
    if (!c) {
      c = {
        index: classes.length,
        group,
        ports: m.endpoint.namedPorts,
        portsKey: ports,
        portsId: portsId(ports),
        size: 0,
      };
      classes.push(c);
      if (l) l.push(c);
      else byGroup[group.index] = [c];
    }
    c.size++;
    classAt[slot] = c;
  }
  const groups = ctx.index.space.groups.length;
  const scratch = {
    bits: new Int32Array(groups),
    at: new Array<GroupHits | undefined>(groups).fill(undefined),
    touched: [],
  };
  return {
    classes,
    byGroup,
    members,
    classAt,
    slotOf,
    slotsByCidr: new Map(),
    loose,
    portsId,
    portsKeys,
    scratch,
  };
}

const cidrKey = (x: Ip): string => {
  const { family, start, end } = x.cidr;
  return `shadow-ip ${family} ${start} ${end} ${x.except.map((e) => `${e.family} ${e.start} ${e.end}`).join()}`;
};

/** Default-network members an ipBlock peer matches (R9.8), once per CIDR and exceptions per run. */
export function addressed(ctx: LintContext, x: Ip, ectx: EvalContext): readonly Member[] {
  const key = cidrKey(x);
  let hit = ctx.index.memo.get(key) as readonly Member[] | undefined;
  if (!hit) {
    const inside = (m: Member) => peerMatches(x, '', m, ectx);
    hit = ctx.index.membersIn(DEFAULT_NETWORK, x.cidr.family, x.cidr.start, x.cidr.end, inside);
    ctx.index.memo.set(key, hit);
  }
  return hit;
}

/** `addressed` as slots of the run (the default network's members), in the same order. */
export function addressedSlots(ctx: LintContext, run: Run, x: Ip, ectx: EvalContext): Int32Array {
  const key = cidrKey(x);
  let slots = run.slotsByCidr.get(key);
  if (!slots) {
    slots = Int32Array.from(addressed(ctx, x, ectx), (m) => run.slotOf.get(m) as number);
    run.slotsByCidr.set(key, slots);
  }
  return slots;
}

/** The label groups (indices, ascending) a selector peer matches: once per selector contents and run. */
function peerGroups(ctx: LintContext, x: Extract<CompiledPeer, { kind: 'selector' }>): readonly number[] {
  const ix = ctx.index;
  const nsSel = x.namespaceSelector;
  const key = `shadow-peer ${nsSel ? ix.space.keyOf(nsSel) : '-'} ${x.podSelector ? ix.space.keyOf(x.podSelector) : '-'}`;
  let out = ix.memo.get(key) as number[] | undefined;
  if (!out) {
    out = [];
    // a cluster peer without namespaces would match in the policy's namespace, '' (none)
    const namespaces = nsSel ? ix.namespacesMatching(nsSel) : [];
    const pods = x.podSelector ? ix.space.matcher(x.podSelector) : () => true;
    const sets = x.podSelector && namespaces.length ? ix.postings.candidates(x.podSelector) : undefined;
    let scan = 0;
    if (sets) for (const ns of namespaces) scan += ix.groups(ns).length;
    if (sets && sets.length < scan) {
      // from the label sets the pod selector can match, their groups in those namespaces
      const inNs = new Set(namespaces);
      for (let i = 0; i < sets.length; i++) {
        const ls = sets[i] as number;
        if (!pods(ls)) continue;
        const gs = ix.postings.groupsOfSet[ls] as readonly number[];
        for (let j = 0; j < gs.length; j++)
          if (inNs.has((ix.space.groups[gs[j] as number] as LabelGroup).namespace)) out.push(gs[j] as number);
      }
      out.sort((a, b) => a - b);
    } else
      for (const ns of namespaces) {
        const gs = ix.groups(ns);
        for (let j = 0; j < gs.length; j++) {
          const g = gs[j] as LabelGroup;
          if (pods(g.labelSet)) out.push(g.index);
        }
      }
    ix.memo.set(key, out);
  }
  return out;
}

/** Rule hits by label group: those a later rule hits (`touched`), and any group's (`of`). */
export interface Hitter {
  readonly touched: readonly number[];
  readonly at: readonly (GroupHits | undefined)[];
  readonly of: (g: LabelGroup) => GroupHits;
}

/**
 * Rule hits of the label groups some selector peer of the rules matches (the others hit none):
 * each peer's groups come from `peerGroups`, so a policy costs what its peers match. Only
 * groups a rule after the first hits can make a pattern; the first rule's hits are added to
 * those (and asked for directly by members an ipBlock peer hits).
 */
export function groupHitter(
  ctx: LintContext,
  run: Run,
  rules: readonly AdminRule[],
  none: GroupHits,
  ids: HitIds,
): Hitter {
  const n = ctx.index.space.groups.length;
  // the run's tables, cleared where the previous hitter wrote (100 hitters at 10,000 endpoints,
  // 8,000 groups each: fresh tables were a third of M28's allocation); that hitter is done
  const { scratch } = run;
  const at = scratch.at;
  for (let i = 0; i < scratch.touched.length; i++) {
    const g = scratch.touched[i] as number;
    scratch.bits[g] = 0;
    at[g] = undefined;
  }
  const touched = scratch.touched;
  touched.length = 0;
  // the rules hitting each group, as bits (up to 31 rules) or lists
  const bits = rules.length <= 31 ? scratch.bits : undefined;
  const lists = new Map<number, number[]>();
  for (let k = rules.length - 1; k >= 0; k--)
    for (const x of (rules[k] as AdminRule).peers) {
      if (x.kind !== 'selector') continue;
      const gs = peerGroups(ctx, x);
      for (let i = 0; i < gs.length; i++) {
        const g = gs[i] as number;
        if (bits) {
          if (bits[g] === 0) {
            if (k === 0) continue;
            touched.push(g);
          }
          bits[g] = (bits[g] as number) | (1 << k);
        } else {
          const l = lists.get(g);
          if (!l) {
            if (k === 0) continue;
            touched.push(g);
            lists.set(g, [k]);
          } else if (l[0] !== k) l.unshift(k);
        }
      }
    }
  const byKey = new Map<number | string, GroupHits>();
  // groups in a row mostly have the same hits: the last pattern is tried before the table
  let lastBits = -1;
  let last: GroupHits | undefined;
  for (let i = 0; i < touched.length; i++) {
    const g = touched[i] as number;
    const b = bits ? (bits[g] as number) : undefined;
    if (b !== undefined && b === lastBits) {
      at[g] = last;
      continue;
    }
    const l = bits ? undefined : (lists.get(g) as number[]);
    const key = b ?? (l as number[]).join();
    let h = byKey.get(key);
    if (!h) {
      const hits = rules.map((_, k) =>
        b !== undefined ? ((b >> k) & 1) === 1 : (l as number[]).includes(k),
      );
      byKey.set(key, (h = groupHitsOf(hits, ids)));
    }
    at[g] = h;
    if (b !== undefined) {
      lastBits = b;
      last = h;
    }
  }
  // a group only the first rule hits (members an ipBlock peer hits too need it)
  let first: Uint8Array | undefined;
  const onlyFirst = groupHitsOf(
    rules.map((_, k) => k === 0),
    ids,
  );
  const of = (g: LabelGroup): GroupHits => {
    const h = at[g.index];
    if (h) return h;
    if (!first) {
      first = new Uint8Array(n);
      for (const x of (rules[0] as AdminRule).peers)
        if (x.kind === 'selector') for (const i of peerGroups(ctx, x)) first[i] = 1;
    }
    return first[g.index] ? onlyFirst : none;
  };
  return { touched, at, of };
}
