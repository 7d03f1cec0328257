import { ALL_CONNS, NO_CONNS, intersectConns, subtractConns, unionConns, type ConnSet } from '../conn';
import { directionAllowed, type DirectionResult, type TierStep } from '../evaluate';

/** What the Admin tier decided on one side (SEMANTICS R9.6): allowed, denied, and by which policies. */
export interface AdminDecision {
  readonly allow: ConnSet;
  readonly deny: ConnSet;
  readonly allowedBy: readonly string[];
  readonly deniedBy: readonly string[];
}

const sum = (steps: readonly TierStep[], action: TierStep['action']) =>
  steps
    .filter((s) => s.tier === 'Admin' && s.action === action)
    .reduce((a, s) => unionConns(a, s.conns), NO_CONNS);
const names = (steps: readonly TierStep[], action: TierStep['action']) => [
  ...new Set(steps.filter((s) => s.tier === 'Admin' && s.action === action).map((s) => s.policy)),
];

export function adminDecision(side: DirectionResult): AdminDecision {
  const steps = (side.isolated ? side.tiers?.steps : undefined) ?? [];
  return {
    allow: sum(steps, 'Allow'),
    deny: sum(steps, 'Deny'),
    allowedBy: names(steps, 'Allow'),
    deniedBy: names(steps, 'Deny'),
  };
}

/**
 * One side as the engine must find it, given what the generated NetworkPolicies allow there: the
 * Admin tier's Allow and Deny first, the NetworkPolicy tier for the rest when the generated
 * policies isolate the side (R9.6 step 2); a side they do not isolate is not the generator's
 * to predict (the Baseline tier or the default decide it), so the engine's verdict stands.
 */
export function expectedSide(side: DirectionResult, predicted: ConnSet, isolated: boolean): ConnSet {
  if (!side.isolated || !side.tiers) return isolated ? predicted : directionAllowed(side);
  if (!isolated) return directionAllowed(side);
  const a = adminDecision(side);
  const rest = subtractConns(subtractConns(ALL_CONNS, a.allow), a.deny);
  return unionConns(a.allow, intersectConns(rest, predicted));
}
