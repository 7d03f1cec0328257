// Draw to allow (issue 17): the proposal as the page shows it — policy objects added, changed
// and removed with their YAML before and after — and applying it as one undo step.
import type { DesignObject } from '../io/design';
import { dumpObject, objectId } from '../io/design';
import { policyObject } from '../io/policy-k8s';
import type { Json } from '../io/reader';
import {
  proposeChange,
  connsOf,
  offIntent,
  type PairChange,
  type Proposal,
  type Wanted,
} from '../engine/view/propose';
import type { Diagnostic } from '../model/diagnostic';
import type { AppState } from './slices/types';

export { connsOf, offIntent, type PairChange, type Wanted };

/** What intent mode remembers of its last edit: the intent, and the design it produced. */
export interface IntentMemory {
  readonly network: string;
  readonly wanted: Wanted;
  readonly objects: readonly DesignObject[];
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

export interface PolicyEdit {
  readonly id: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** YAML as the design has it today (changed, removed). */
  readonly before?: string;
  /** YAML after the change (added, changed). */
  readonly after?: string;
}

export interface ProposalView extends Proposal {
  readonly edits: readonly PolicyEdit[];
  /** The design's objects once applied. */
  readonly objects: readonly DesignObject[];
  /** The objects it was computed from: a stale proposal is recomputed, never applied. */
  readonly base: readonly DesignObject[];
}

/** The proposal for `changes` on `network`, against the design as it is now. */
export function propose(
  state: Pick<AppState, 'model' | 'objects' | 'intentMemory'>,
  network: string,
  changes: readonly PairChange[],
): { view?: ProposalView; errors: string[] } {
  // in intent mode, the intent of the last edit (if nothing changed since) rather than the verdicts
  const mem = state.intentMemory;
  const base = mem && mem.network === network && mem.objects === state.objects ? mem.wanted : undefined;
  const { proposal, errors } = proposeChange(state.model, network, changes, base);
  if (!proposal) return { errors };
  const gone = new Set<string>(proposal.removed.map((p) => objectId(policyObject(p) as Json)));
  const added = proposal.added.map((p) => {
    const obj = policyObject(p) as Json;
    return { id: objectId(obj), obj };
  });
  const byId = new Map<string, DesignObject>(state.objects.map((o) => [o.id, o]));
  const edits: PolicyEdit[] = [];
  const addedIds = new Set<string>(added.map((o) => o.id));
  for (const o of added) {
    const had = gone.has(o.id) ? byId.get(o.id) : undefined;
    const after = dumpObject(o.obj);
    if (!had) edits.push({ id: o.id, change: 'added', after });
    else {
      const before = dumpObject(had.obj);
      if (before !== after) edits.push({ id: o.id, change: 'changed', before, after });
    }
  }
  for (const id of gone)
    if (!addedIds.has(id)) {
      const had = byId.get(id);
      edits.push({ id, change: 'removed', ...(had ? { before: dumpObject(had.obj) } : {}) });
    }
  // replaced policies keep their place in the list; new ones go last
  const next = new Map(added.map((o) => [o.id, o]));
  const objects: DesignObject[] = [];
  for (const o of state.objects) {
    if (!gone.has(o.id)) objects.push(next.has(o.id) ? (next.get(o.id) as DesignObject) : o);
    else if (next.has(o.id)) objects.push(next.get(o.id) as DesignObject);
    next.delete(o.id);
  }
  objects.push(...next.values());
  return { view: { ...proposal, edits, objects, base: state.objects }, errors: [] };
}

/** Apply a proposal as one undo step; false (nothing done) when the design moved on since. */
export function applyProposal(
  get: () => Pick<AppState, 'objects'>,
  set: (p: Partial<AppState>) => void,
  view: ProposalView,
): boolean {
  if (get().objects !== view.base) return false;
  set({
    objects: view.objects,
    intentMemory: {
      network: view.network,
      wanted: view.wanted,
      objects: view.objects,
      problems: view.problems,
      notes: view.notes,
    },
  });
  return true;
}

/**
 * Intent mode's findings: the last edit's lines that cannot be met exactly, while the design is
 * still the one that edit produced (another edit makes them stale, and the matrix says so).
 */
export function intentFindings(
  on: boolean,
  memory: IntentMemory | undefined,
  objects: readonly DesignObject[],
): Diagnostic[] {
  if (!on || !memory || memory.objects !== objects) return [];
  const where = memory.network === 'default' ? 'the pod network' : memory.network;
  return memory.problems.map((p) => ({
    severity: 'warning',
    code: 'intent-inexact',
    message: `${p} (intent on ${where})`,
  }));
}
