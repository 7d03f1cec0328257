import type { Edge, Node } from '@xyflow/react';
import {
  DEFAULT_NETWORK,
  endpointLabel,
  type Endpoint,
  type Model,
  type NetworkAttachmentDefinition,
} from '../../model/types';
import type { AnalysisResult } from '../../engine/analyze';
import { endpointObjectId, NET_W, type XY } from '../../store/layout';
import { cellState, formatConns, viewOf, type ChangeRow } from '../../store/selectors';
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
  const selectedEp = model.endpoints.find((e) => o.selection.includes(endpointObjectId(e)));
  const selLabel = selectedEp ? endpointLabel(selectedEp) : undefined;
  // large designs: only the selected workload's row and column are expanded
  const view = analysis ? viewOf(analysis) : undefined;
  const listed = view
    ? (view.all() ?? (o.selection.length ? view.touching(selectedLabel(model, o.selection) ?? '') : []))
    : [];
  const conns = listed.filter((c) => o.networkFilter === 'all' || c.network === o.networkFilter);
  const reaches = new Set<string>();
  const reachedBy = new Set<string>();
  if (selLabel) {
    for (const c of conns) {
      if (cellState(c.allowed) === 'none') continue;
      if (c.from === selLabel) reaches.add(c.to);
      if (c.to === selLabel) reachedBy.add(c.from);
    }
  }
  let fallback = 0;
  const place = (id: string): XY =>
    layout[id] ?? { x: 40 + (fallback++ % 6) * 200, y: 40 + Math.floor(fallback / 6) * 120 };
  const nodes: FlowNode[] = [];
  const large = model.endpoints.length > LARGE_DESIGN;
  for (const key of netKeys) {
    const id = udn.nodeId(key);
    const members = model.endpoints.filter((e) => udn.keysOf(e).includes(key)).length;
    nodes.push({
      id,
      type: 'network',
      position: place(id),
      data: {
        nad: model.nads.find((n) => n.key === key),
        ...udn.dataOf(key),
        key,
        members,
        faded: o.networkFilter !== 'all' && o.networkFilter !== key,
      },
      selected: o.selection.includes(id),
      style: { width: NET_W },
    });
  }
  for (const e of model.endpoints) {
    const id = endpointObjectId(e);
    const label = endpointLabel(e);
    const r = reaches.has(label);
    const b = reachedBy.has(label);
    const role: WorkloadData['role'] = !selLabel
      ? 'none'
      : label === selLabel
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
        type: 'straight',
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
  const idOf = new Map(model.endpoints.map((e) => [endpointLabel(e), endpointObjectId(e)]));
  const showAll =
    !selLabel && o.changes.length === 0 && conns.filter((c) => cellState(c.allowed) !== 'none').length <= 60;
  for (const c of conns) {
    const state = cellState(c.allowed);
    const touches = selLabel !== undefined && (c.from === selLabel || c.to === selLabel);
    if (state === 'none' && !(o.showDenied && (touches || !selLabel))) continue;
    if (state !== 'none' && !showAll && !touches) continue;
    const source = idOf.get(c.from);
    const target = idOf.get(c.to);
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
        opacity: selLabel && !touches ? 0.12 : 0.9,
      },
      labelStyle: { fontSize: 10, fill: color },
      labelBgStyle: { fill: '#fff', fillOpacity: 0.85 },
    });
  }
  for (const ch of o.changes) {
    if (o.networkFilter !== 'all' && ch.network !== o.networkFilter) continue;
    const source = idOf.get(ch.from);
    const target = idOf.get(ch.to);
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

function selectedLabel(model: Model, selection: readonly string[]): string | undefined {
  const e = model.endpoints.find((x) => selection.includes(endpointObjectId(x)));
  return e ? endpointLabel(e) : undefined;
}
