// Reachability groups, group edges and roll-ups for the canvas: computed in engine/view from the
// engine's verdicts; the store only re-exports them for the ui (which never imports the engine).
export {
  reachGroups,
  groupSet,
  rollUp,
  unitEdges,
  GROUP_PAIR_BUDGET,
  type GroupEdge,
  type GroupCell,
  type ReachGroup,
  type ReachGroups,
  type GroupSet,
  type GroupOptions,
} from '../engine/view/groups';
export { policyView, type PolicyView, type PolicyNetworkView, type RulePeers } from '../engine/view/policy';
export type { AnalysisResult } from '../engine/analyze';
