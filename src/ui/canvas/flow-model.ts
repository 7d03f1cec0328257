import type { Edge, Node } from '@xyflow/react';
import {
  DEFAULT_NETWORK,
  endpointLabel,
  type Endpoint,
  type Model,
  type NetworkAttachmentDefinition,
} from '../../model/types';
import type { AnalysisResult } from '../../store/selectors';
import { endpointObjectId, NET_W, NODE_W, type XY } from '../../store/layout';
import { cellState, formatConns, viewOf, type ChangeRow } from '../../store/selectors';
import { freeSpot } from '../../store/free-space';
import { udnView, type UdnNodeData } from './udn-view';

export interface WorkloadData extends Record<string, unknown> {
  readonly endpoint: Endpoint;
  readonly label: string;
  readonly findings: number;
  readonly role: 'none' | 'selected' | 'reachable' | 'reaches' | 'both' | 'faded';
  /** large designs: a compact node (name and namespace colour) */
  readonly lite: boolean;
}

export interface NetworkData extends Record<string, unknown> {
  readonly nad: NetworkAttachmentDefinition | undefined;
  readonly key: string;
  readonly members: number;
  readonly faded: boolean;
  /** set when the network is an OVN-K (Cluster)UserDefinedNetwork */
  readonly udn?: UdnNodeData;
  readonly policies: number;
}

/** Above this many workloads the canvas draws less (see buildFlow). */
export const LARGE_DESIGN = 150;

export type FlowNode = Node<WorkloadData, 'workload'> | Node<NetworkData, 'network'>;

const PALETTE = ['#1f77b4', '#9467bd', '#2ca02c', '#d62728', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

export function networkColor(key: string, all: readonly string[]): string {
  if (key === DEFAULT_NETWORK) return '#5b6b7c';
  const i = all.indexOf(key);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length] as string;
}

export interface FlowOptions {
  readonly selection: readonly string[];
  readonly showDenied: boolean;
  readonly networkFilter: string;
  readonly findingsByObject: ReadonlyMap<string, number>;
  /** Connections gained/lost against the staged "before" design. */
  readonly changes: readonly ChangeRow[];
  /** The workload the pointer rests on: its arcs are drawn as if it were selected. */
  readonly hovered?: string | undefined;
}

/** Model + analysis + layout → React Flow nodes and edges (view-model only, no verdicts). */
export function buildFlow(
  model: Model,
  analysis: AnalysisResult | undefined,
  layout: Readonly<Record<string, XY>>,
  o: FlowOptions,
): { nodes: FlowNode[]; edges: Edge[] } {
  const udn = udnView(model, analysis);
  const netKeys = [
    ...new Set([...model.nads.map((n) => n.key), ...model.endpoints.flatMap((e) => udn.keysOf(e))]),
  ].sort((a, b) => (a === DEFAULT_NETWORK ? -1 : b === DEFAULT_NETWORK ? 1 : 0));
  const nadKeys = netKeys.filter((k) => k !== DEFAULT_NETWORK);
  const large = model.endpoints.length > LARGE_DESIGN;
  const focusIds = !large && o.hovered ? [...o.selection, o.hovered] : o.selection;
  const selectedEp =
    model.endpoints.find((e) => o.selection.includes(endpointObjectId(e))) ??
    (large ? undefined : model.endpoints.find((e) => endpointObjectId(e) === o.hovered));
  const selId = selectedEp?.id;
  // large designs: only the selected workload's row and column are expanded
  const view = analysis ? viewOf(analysis) : undefined;
  const listed = view
    ? (view.all() ?? (o.selection.length ? view.touching(selectedId(model, focusIds) ?? '') : []))
    : [];
  const conns = listed.filter((c) => o.networkFilter === 'all' || c.network === o.networkFilter);
  const reaches = new Set<string>();
  const reachedBy = new Set<string>();
  if (selId) {
    for (const c of conns) {
      if (cellState(c.allowed) === 'none') continue;
      if (c.fromId === selId) reaches.add(c.toId);
      if (c.toId === selId) reachedBy.add(c.fromId);
    }
  }
  // nodes the layout does not know yet (a network a new workload brought) go to free space
  const placed: Record<string, XY> = { ...layout };
  const place = (id: string): XY => {
    const at = placed[id];
    if (at) return at;
    const isNet =
      id === 'net:default' ||
      id.startsWith('NetworkAttachmentDefinition/') ||
      id.includes('UserDefinedNetwork/');
    const ys = Object.values(placed).map((p) => p.y);
    const spot = isNet ? { x: -20, y: (ys.length ? Math.max(...ys) : 0) + 150 } : freeSpot(placed);
    placed[id] = spot;
    return spot;
  };
  const nodes: FlowNode[] = [];
  // a network is a bus under its workloads: as wide as the rows it carries
  let right = NET_W;
  for (const e of model.endpoints)
    right = Math.max(right, (layout[endpointObjectId(e)]?.x ?? 0) + NODE_W + 20);
  for (const key of netKeys) {
    const id = udn.nodeId(key);
    const members = model.endpoints.filter((e) => udn.keysOf(e).includes(key)).length;
    const at = place(id);
    nodes.push({
      id,
      type: 'network',
      position: at,
      data: {
        nad: model.nads.find((n) => n.key === key),
        ...udn.dataOf(key),
        key,
        members,
        faded: members === 0 || (o.networkFilter !== 'all' && o.networkFilter !== key),
        policies: policiesOn(analysis, key),
      },
      selected: o.selection.includes(id),
      style: { width: Math.max(NET_W, right - at.x) },
    });
  }
  for (const e of model.endpoints) {
    const id = endpointObjectId(e);
    const label = endpointLabel(e);
    const r = reaches.has(e.id);
    const b = reachedBy.has(e.id);
    const role: WorkloadData['role'] = !selId
      ? 'none'
      : e.id === selId
        ? 'selected'
        : r && b
          ? 'both'
          : r
            ? 'reachable'
            : b
              ? 'reaches'
              : 'faded';
    nodes.push({
      id,
      type: 'workload',
      position: place(id),
      data: { endpoint: e, label, findings: o.findingsByObject.get(id) ?? 0, role, lite: large },
      selected: o.selection.includes(id),
    });
  }
  const edges: Edge[] = [];
  // large designs: attachment lines only for the selection (1,000 workloads draw 1,300 lines)
  for (const e of model.endpoints) {
    if (large && !o.selection.includes(endpointObjectId(e))) continue;
    for (const a of udn.attachmentsOf(e)) {
      if (!netKeys.includes(a.nad)) continue;
      const color = networkColor(a.nad, nadKeys);
      edges.push({
        id: `att:${endpointObjectId(e)}:${a.nad}`,
        source: endpointObjectId(e),
        sourceHandle: 'att',
        target: udn.nodeId(a.nad),
        type: 'drop',
        label: a.ips.length ? a.ips.map((ip) => ip.split('/')[0]).join(', ') : undefined,
        className: udn.isLocked(e, a.nad) ? 'edge-attachment edge-locked' : 'edge-attachment',
        style: {
          stroke: color,
          strokeWidth: 1.5,
          opacity: o.networkFilter !== 'all' && o.networkFilter !== a.nad ? 0.15 : 0.7,
          // the locked default-network interface of an endpoint on a primary UDN (R10.6)
          ...(udn.isLocked(e, a.nad) ? { strokeDasharray: '4 4' } : {}),
        },
        labelStyle: { fontSize: 10, fill: '#334' },
        labelBgStyle: { fill: '#fff' },
        selectable: false,
      });
    }
  }
  const idOf = new Map(model.endpoints.map((e) => [e.id, endpointObjectId(e)]));
  for (const c of conns) {
    const state = cellState(c.allowed);
    const touches = selId !== undefined && (c.fromId === selId || c.toId === selId);
    if (state === 'none' && !(o.showDenied && touches)) continue;
    // arcs only for the workload hovered or selected (the Reachability view shows every bundle)
    if (state !== 'none' && !touches) continue;
    const source = idOf.get(c.fromId);
    const target = idOf.get(c.toId);
    if (!source || !target) continue;
    const color = state === 'none' ? '#b42318' : networkColor(c.network, nadKeys);
    edges.push({
      id: `reach:${c.network}:${c.from}->${c.to}`,
      source,
      target,
      sourceHandle: 'out',
      targetHandle: 'in',
      type: 'arc',
      label: state === 'none' ? 'denied' : formatConns(c.allowed),
      className: `edge-reach edge-${state}`,
      data: { from: c.from, to: c.to, network: c.network },
      markerEnd: { type: 'arrowclosed' as never, color },
      style: {
        stroke: color,
        strokeWidth: touches ? 2.2 : 1.3,
        strokeDasharray: state === 'none' ? '5 4' : state === 'some' ? '2 3' : undefined,
        opacity: selId && !touches ? 0.12 : 0.9,
      },
      labelStyle: { fontSize: 10, fill: color },
      labelBgStyle: { fill: '#fff', fillOpacity: 0.85 },
    });
  }
  for (const ch of o.changes) {
    if (o.networkFilter !== 'all' && ch.network !== o.networkFilter) continue;
    const source = idOf.get(ch.fromId);
    const target = idOf.get(ch.toId);
    if (!source || !target) continue;
    const color = ch.change === 'gained' ? '#1a7f37' : '#b42318';
    edges.push({
      id: `diff:${ch.change}:${ch.network}:${ch.from}->${ch.to}`,
      source,
      target,
      sourceHandle: 'out',
      targetHandle: 'in',
      type: 'arc',
      label: `${ch.change === 'gained' ? '+' : '−'} ${ch.text}`,
      className: `edge-diff edge-${ch.change}`,
      data: { from: ch.from, to: ch.to, network: ch.network },
      markerEnd: { type: 'arrowclosed' as never, color },
      style: { stroke: color, strokeWidth: 3, strokeDasharray: ch.change === 'lost' ? '6 4' : undefined },
      labelStyle: { fontSize: 11, fill: color, fontWeight: 700 },
      labelBgStyle: { fill: '#fff', fillOpacity: 0.9 },
    });
  }
  return { nodes, edges };
}

function policiesOn(a: AnalysisResult | undefined, key: string): number {
  const logical = a?.networks.find((n) => n.nads.includes(key))?.id ?? key;
  return (a?.policies ?? []).filter((p) => p.networks.includes(logical)).length;
}

function selectedId(model: Model, selection: readonly string[]): string | undefined {
  return model.endpoints.find((x) => selection.includes(endpointObjectId(x)))?.id;
}
