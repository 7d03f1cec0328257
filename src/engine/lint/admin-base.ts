import type { DiagnosticCode } from '../../model/diagnostic-codes';
import type { Severity } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import type { CompiledClusterPolicy } from '../admin/compile';
import type { CompiledPolicy } from '../compile';
import type { Compiled } from '../analyze';
import type { LabelSpace } from '../label-space';
import type { LabelGroup, LintContext } from './context';

/** What the cluster-policy rules (admin.ts, admin-dns.ts) share. */

export function finding(
  ctx: LintContext,
  p: CompiledClusterPolicy,
  severity: Severity,
  code: DiagnosticCode,
  field: string,
  message: string,
): void {
  ctx.out.push(
    diagnosticAt(
      { kind: p.policy.kind, name: p.policy.name },
      p.cluster.origin,
      severity,
      code,
      field,
      message,
    ),
  );
}

export const applied = (ctx: LintContext) => ctx.compiled.clusterPolicies.filter((p) => !p.notApplied);

/**
 * Every NetworkPolicy of the compiled model selecting each label group (in model order), found
 * once per group: per compiled model (policies) and label space (workloads), so the rules of
 * one run (M4 DNS, M27/M29 tiers, cluster DNS) share it.
 */
const everySelecting = new WeakMap<Compiled, WeakMap<LabelSpace, Selecting>>();
type Selecting = (g: LabelGroup) => readonly CompiledPolicy[];

function selectingAny(ctx: LintContext): Selecting {
  const space = ctx.index.space;
  let bySpace = everySelecting.get(ctx.compiled);
  if (!bySpace) everySelecting.set(ctx.compiled, (bySpace = new WeakMap()));
  let f = bySpace.get(space);
  if (f) return f;
  const byNs = new Map<string, { n: CompiledPolicy; pods: (ls: number) => boolean }[]>();
  for (const n of ctx.compiled.policies) {
    const x = { n, pods: space.matcher(n.policy.podSelector) };
    const l = byNs.get(n.policy.namespace);
    if (l) l.push(x);
    else byNs.set(n.policy.namespace, [x]);
  }
  const memo = new Array<readonly CompiledPolicy[] | undefined>(space.groups.length).fill(undefined);
  f = (g) => {
    let found = memo[g.index];
    if (found === undefined) {
      // a group is selectable workloads of one namespace: `selects` is the pod selector on its labels
      const out: CompiledPolicy[] = [];
      const xs = byNs.get(g.namespace);
      if (xs)
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i] as { n: CompiledPolicy; pods: (ls: number) => boolean };
          if (x.pods(g.labelSet)) out.push(x.n);
        }
      memo[g.index] = found = out;
    }
    return found;
  };
  bySpace.set(space, f);
  return f;
}

export /**
 * The NetworkPolicies of `nps` (a filter of the compiled model's, in order) selecting a label
 * group's workloads: the same answer as `nps.filter((n) => selects(n, e))` for each of them,
 * computed once per group (from `selectingAny`, shared by the rules of a run).
 */
function selectingPolicies(
  ctx: LintContext,
  nps: readonly CompiledPolicy[],
): (g: LabelGroup) => readonly CompiledPolicy[] {
  const all = selectingAny(ctx);
  const wanted = new Set(nps);
  const memo = new Array<readonly CompiledPolicy[] | undefined>(ctx.index.space.groups.length).fill(
    undefined,
  );
  return (g) => {
    let found = memo[g.index];
    if (found === undefined) {
      const every = all(g);
      let k = 0;
      while (k < every.length && wanted.has(every[k] as CompiledPolicy)) k++;
      memo[g.index] = found = k === every.length ? every : every.filter((p) => wanted.has(p));
    }
    return found;
  };
}

export const sameList = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * Lists of objects numbered by content (the same objects in the same order, the same number),
 * without building a text key: a trie by object identity, one step per item.
 */
export class ListIds<T> {
  private readonly root: ListNode<T> = { id: 0 };
  private next = 1;

  /** How many distinct lists were numbered (the empty list among them once met). */
  get size(): number {
    return this.next;
  }

  id(list: ArrayLike<T>): number {
    let node = this.root;
    for (let i = 0; i < list.length; i++) {
      const x = list[i] as T;
      node.next ??= new Map();
      let n = node.next.get(x);
      if (!n) node.next.set(x, (n = { id: this.next++ }));
      node = n;
    }
    return node.id;
  }
}

interface ListNode<T> {
  readonly id: number;
  next?: Map<T, ListNode<T>>;
}
