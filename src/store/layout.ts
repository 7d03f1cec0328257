import { objectId, type ObjectId } from '../model/ids';
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
}): ObjectId {
  return objectId(e.sourceKind, e.namespace, e.name);
}

/** Lane order: networks with the most workloads first, empty ones last (they are drawn faded). */
export function laneOrder(model: Model): string[] {
  const count = new Map<string, number>();
  for (const n of model.nads) count.set(n.key, 0);
  for (const e of model.endpoints)
    for (const a of e.attachments) count.set(a.nad, (count.get(a.nad) ?? 0) + 1);
  return [...count.keys()].sort(
    (x, y) =>
      (count.get(y) ?? 0) - (count.get(x) ?? 0) ||
      (x === DEFAULT_NETWORK ? -1 : y === DEFAULT_NETWORK ? 1 : x.localeCompare(y)),
  );
}

export const ROW_H = NODE_H + 56;
const COL_W = NODE_W + 30;

/**
 * Automatic layout in lanes: each network is a horizontal bus with the workloads whose first
 * network (in lane order) it is in rows above it, so "which VM is on which network" is seen;
 * a workload on two networks sits above its first bus and drops a line to the second. Externals
 * (no interface) get a row of their own at the top. Rows are sorted by namespace, then name.
 * dagre ranks a graph: it would fight the lanes, and took 12 s for 1,000 workloads.
 */
export function autoLayout(model: Model): Record<string, XY> {
  const out: Record<string, XY> = {};
  const lanes = laneOrder(model);
  const rank = new Map(lanes.map((k, i) => [k, i]));
  const byLane = new Map<string, Model['endpoints'][number][]>();
  for (const e of model.endpoints) {
    let first: string | undefined;
    for (const a of e.attachments)
      if (first === undefined || (rank.get(a.nad) ?? 0) < (rank.get(first) ?? 0)) first = a.nad;
    const lane = first ?? '';
    // push, not a copied array per workload (that was quadratic: 0.2 s at 5,000)
    const list = byLane.get(lane);
    if (list) list.push(e);
    else byLane.set(lane, [e]);
  }
  const n = model.endpoints.length;
  // rows about 1.5 times as wide as the block is tall: six VMs in two rows of three stay readable
  // when fitted into a 1024x768 window's canvas (one row of six was drawn at 40%)
  const perRow =
    n <= 150 ? Math.min(7, Math.max(3, Math.ceil(Math.sqrt(n * 1.5)))) : Math.ceil(Math.sqrt(n * 2));
  let y = 0;
  const rows = (list: Model['endpoints'][number][]): void => {
    const sorted = [...list].sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
    sorted.forEach((e, k) => {
      out[endpointObjectId(e)] = { x: (k % perRow) * COL_W, y: y + Math.floor(k / perRow) * ROW_H };
    });
    y += Math.ceil(sorted.length / perRow) * ROW_H;
  };
  const outside = byLane.get('');
  if (outside?.length) {
    rows(outside);
    y += 40;
  }
  for (const lane of lanes) {
    rows(byLane.get(lane) ?? []);
    out[netNodeId(lane)] = { x: -20, y: y + 10 };
    y += NET_H + 110;
  }
  // (C)UDNs: which namespaces use them is the engine's business, so they get lanes of their own below
  for (const u of model.udns ?? []) {
    out[udnNodeId(u)] = { x: -20, y: y + 10 };
    y += NET_H + 110;
  }
  return out;
}
