import { create } from 'zustand';
import type { UnitRole } from './group-node';

/**
 * What the Reachability view lights up: the card the pointer rests on (or the card of the workload
 * a search found), the cards it shares allowed pairs with, the rest dimmed. Cards read their role
 * here rather than from their node data, so a hover re-renders the cards whose look changes and
 * not React Flow's nodes (at 200 cards that pass was 0.1-0.2 s of main thread per hover).
 */
export interface Lights {
  readonly lit: string | undefined;
  readonly focus: string | undefined;
  readonly near: ReadonlySet<string>;
  /** The groups' edges were all scanned: a dimmed card still knows whom it reaches. */
  readonly complete: boolean;
}

export const NO_LIGHTS: Lights = { lit: undefined, focus: undefined, near: new Set(), complete: true };

export function roleOf(l: Lights, unit: string): UnitRole {
  if (!l.lit) return 'none';
  if (unit === l.focus) return 'focus';
  return unit === l.lit || l.near.has(unit) ? 'lit' : 'dim';
}

export const useLights = create<{ lights: Lights }>()(() => ({ lights: NO_LIGHTS }));

/** A card's role (re-renders the card only when it changes). */
export const useRole = (unit: string): UnitRole => useLights((s) => roleOf(s.lights, unit));
