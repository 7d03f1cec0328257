import type { EdgeProps } from '@xyflow/react';

type Passed = 'markerEnd' | 'markerStart' | 'style' | 'labelStyle' | 'labelBgStyle';

/**
 * The edge's own props among `keys` that are set, to spread onto BaseEdge: with
 * exactOptionalPropertyTypes an explicit `undefined` may not be passed on.
 */
export function setEdgeProps<K extends Passed>(
  p: EdgeProps,
  keys: readonly K[],
): Partial<Pick<EdgeProps, K>> {
  const out: Partial<Pick<EdgeProps, K>> = {};
  for (const k of keys) if (p[k]) out[k] = p[k];
  return out;
}
