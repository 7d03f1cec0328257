import dagre from '@dagrejs/dagre';
import { DEFAULT_NETWORK, type Model } from '../model/types';

export interface XY {
  readonly x: number;
  readonly y: number;
}

export const NODE_W = 170;
export const NODE_H = 64;
export const NET_W = 220;
export const NET_H = 46;

/** Canvas id of a network node. */
export const netNodeId = (nad: string): string =>
  nad === DEFAULT_NETWORK ? 'net:default' : `NetworkAttachmentDefinition/${nad}`;

/** Canvas id of a (C)UDN network node: its design object's id, so a click opens its form. */
export const udnNodeId = (u: { kind: string; namespace: string; name: string }): string =>
  `${u.kind}/${u.kind === 'ClusterUserDefinedNetwork' ? '' : u.namespace}/${u.name}`;

/** Design-object id of an endpoint (the node id on the canvas). */
export function endpointObjectId(e: {
  kind: string;
  sourceKind: string;
  namespace: string;
  name: string;
}): string {
  return e.kind === 'External' ? `ExternalHost//${e.name}` : `${e.sourceKind}/${e.namespace}/${e.name}`;
}

/**
 * Automatic layout (dagre, top to bottom): workloads above the networks they attach to.
 * Only positions of ids in `only` (default: all) are returned, so a person's placement of
 * other nodes is kept.
 */
export function autoLayout(model: Model): Record<string, XY> {
  // dagre lays one long row (and takes 12 s for 1,000 workloads): larger designs get a grid.
  if (model.endpoints.length > GRID_ABOVE) return gridLayout(model);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 120, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const nets = new Set<string>();
  for (const e of model.endpoints) for (const a of e.attachments) nets.add(a.nad);
  for (const n of model.nads) nets.add(n.key);
  for (const n of nets) g.setNode(netNodeId(n), { width: NET_W, height: NET_H });
  // (C)UDNs: a UDN serves its own namespace (which CUDN namespaces match is the engine's business)
  for (const u of model.udns ?? []) g.setNode(udnNodeId(u), { width: NET_W, height: NET_H });
  for (const e of model.endpoints) {
    const id = endpointObjectId(e);
    g.setNode(id, { width: NODE_W, height: NODE_H });
    for (const a of e.attachments) g.setEdge(id, netNodeId(a.nad));
    const own = model.udns?.find((u) => u.kind === 'UserDefinedNetwork' && u.namespace === e.namespace);
    if (own && e.kind !== 'External') g.setEdge(id, udnNodeId(own));
  }
  dagre.layout(g);
  const out: Record<string, XY> = {};
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number } | undefined;
    if (n) out[id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}

/** Above this many workloads one dagre row gets too wide (and dagre too slow past ~150). */
export const GRID_ABOVE = 10;

/** Workloads in rows grouped by namespace, networks in a row below: instant at any size. */
export function gridLayout(model: Model): Record<string, XY> {
  const out: Record<string, XY> = {};
  const n = model.endpoints.length;
  const perRow =
    n <= 150 ? Math.min(8, Math.max(4, Math.ceil(Math.sqrt(n * 1.6)))) : Math.ceil(Math.sqrt(n * 2));
  const sorted = [...model.endpoints].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  sorted.forEach((e, k) => {
    out[endpointObjectId(e)] = { x: (k % perRow) * (NODE_W + 30), y: Math.floor(k / perRow) * (NODE_H + 40) };
  });
  const rows = Math.ceil(sorted.length / perRow);
  const nets = [
    ...new Set([
      ...model.endpoints.flatMap((e) => e.attachments.map((a) => a.nad)),
      ...model.nads.map((n) => n.key),
    ]),
  ];
  const ids = [...nets.map(netNodeId), ...(model.udns ?? []).map(udnNodeId)];
  ids.forEach((id, k) => {
    out[id] = { x: k * (NET_W + 60), y: rows * (NODE_H + 40) + 120 };
  });
  return out;
}
