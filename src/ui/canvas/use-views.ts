import { useMemo, useRef } from 'react';
import type { Endpoint, Model } from '../../model/types';
import { policyView, type AnalysisResult } from '../../store/reach-groups';
import { viewOf } from '../../store/selectors';
import { buildPolicy } from './policy-flow';
import { FOLD_ABOVE, groupsFor, pendingGroups, reachLayout } from './reach-flow';
import { lightUp } from './reach-light';

/** The policy a single selected object id names, if it is one. */
export function selectedPolicy(model: Model, selection: readonly string[]) {
  if (selection.length !== 1) return undefined;
  const [kind, ns, name] = (selection[0] ?? '').split('/');
  if (kind !== 'NetworkPolicy' && kind !== 'MultiNetworkPolicy') return undefined;
  return model.policies.find((p) => p.kind === kind && p.namespace === ns && p.name === name);
}

/** Networks of the analysis with their workload counts, largest first (the pod network on ties). */
export function useNetworks(analysis: AnalysisResult | undefined) {
  return useMemo(() => {
    if (!analysis) return [];
    const v = viewOf(analysis);
    return v.networks
      .map((key) => ({ key, count: v.endpointsOn(key).length }))
      .sort((a, b) => b.count - a.count || (a.key === 'default' ? -1 : b.key === 'default' ? 1 : 0));
  }, [analysis]);
}

/** Same workloads by what the cards show of them (id, name, kind, namespace), in the same order. */
function sameCards(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Endpoint;
    const y = b[i] as Endpoint;
    if (x !== y && (x.id !== y.id || x.name !== y.name || x.kind !== y.kind || x.namespace !== y.namespace))
      return false;
  }
  return true;
}

/**
 * The model as the reach cards read it: the previous one while no workload is added, removed or
 * renamed. An edit of labels, ports or policies then rebuilds no card before the engine answers
 * (at 5,000 workloads rebuilding them was most of the edit's time to screen).
 */
function useCardModel(model: Model): Model {
  const last = useRef(model);
  if (!sameCards(last.current.endpoints, model.endpoints)) last.current = model;
  return last.current;
}

export function useReach(
  enabled: boolean,
  model: Model,
  analysis: AnalysisResult | undefined,
  network: string | undefined,
  o: {
    expanded: ReadonlySet<string>;
    lit: string | undefined;
    focus: string | undefined;
    showDenied: boolean;
    /** A card is dragged: the lit card's bundles are left out until the drop. */
    dragging?: boolean;
  },
) {
  // memoised: endpointsOn builds the network's list, and the canvas renders on every hover
  const count = useMemo(
    () => (network && analysis ? viewOf(analysis).endpointsOn(network).length : 0),
    [analysis, network],
  );
  // before the first answer a large design is drawn folded from the model (the first picture in
  // about the time of the import, not import + analysis); small ones wait the few ms for the engine
  const pending = enabled && (!analysis || !network) && model.endpoints.length > FOLD_ABOVE;
  const fold = pending || count > FOLD_ABOVE;
  const waiting = useMemo(() => (pending ? pendingGroups(model) : undefined), [pending, model]);
  // the groups once per answer: unfolding a namespace reads only its edges (in reachLayout)
  const computed = useMemo(
    () => (enabled && analysis && network ? groupsFor(analysis, network, fold) : undefined),
    [enabled, analysis, network, fold],
  );
  const groups = computed ?? waiting;
  const cards = useCardModel(model);
  // the layout once per groups and unfolds; the pointer's light on it per hover (see reach-light)
  const layout = useMemo(
    () =>
      groups
        ? reachLayout({
            model: cards,
            groups,
            fold,
            pending,
            expanded: o.expanded,
            focus: o.focus,
            showDenied: o.showDenied,
          })
        : undefined,
    [groups, cards, fold, pending, o.expanded, o.focus, o.showDenied],
  );
  const still = !o.dragging;
  return useMemo(() => (layout ? lightUp(layout, o.lit, still) : undefined), [layout, o.lit, still]);
}

export function usePolicy(model: Model, analysis: AnalysisResult | undefined, selection: readonly string[]) {
  const policy = selectedPolicy(model, selection);
  const { endpoints, nads, udns } = model;
  return useMemo(() => {
    if (!policy || !analysis) return undefined;
    // the model's workloads and networks: one alone on a network has no pair in the analysis
    const v = policyView(analysis, policy.id, { endpoints, nads, udns });
    if (!v) return undefined;
    return buildPolicy(policy, v, Math.max(0, endpoints.length - v.selected.length));
  }, [policy, analysis, endpoints, nads, udns]);
}
