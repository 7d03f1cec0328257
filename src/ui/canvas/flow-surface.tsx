import { memo, useCallback, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  type Edge,
  type Node,
  type NodeChange,
  type ReactFlowInstance,
  type Viewport,
  type XYPosition,
} from '@xyflow/react';
import { useAppStore } from '../store-context';
import { stabilise } from './stable-nodes';
import { WorkloadNode } from './workload-node';
import { NetworkNode } from './network-node';
import { ArcEdge } from './arc-edge';
import { DropEdge } from './drop-edge';
import { BundleEdge } from './bundle-edge';
import { GroupCard, NamespaceBox, NamespaceCard } from './group-node';
import { PolicyCard } from './policy-card';
import { useCanvasView } from './view-state';

const nodeTypes = {
  workload: WorkloadNode,
  network: NetworkNode,
  reachgroup: GroupCard,
  namespace: NamespaceCard,
  nsbox: NamespaceBox,
  pcard: PolicyCard,
};
const edgeTypes = { arc: ArcEdge, drop: DropEdge, bundle: BundleEdge };
const EMPTY = { nodes: [], edges: [] };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const PRO = { hideAttribution: true };
const MAP_STYLE = { width: 140, height: 90 };
const CONTROLS_BY_MAP = { right: 150 };
const CONTROLS_ALONE = { right: 10 };
const mapColor = (n: Node): string =>
  n.type === 'network' ? '#c9d6e3' : n.type === 'nsbox' ? '#e5ecf5' : '#7aa7d9';
const unitOf = (n: Node): string | undefined =>
  n.type === 'reachgroup' || n.type === 'namespace' || n.type === 'workload' ? n.id : undefined;

/** The picture drawn, with the positions a drag gave cards since the layout was built. */
interface Drawn {
  readonly built: SurfaceProps['built'];
  readonly nodes: Node[];
  readonly edges: Edge[];
  readonly moved?: Readonly<Record<string, XYPosition>>;
}

/** `moved` with the positions of `changes` (a drag's), or nothing when they move no card. */
function movedBy(
  changes: readonly NodeChange<Node>[],
  moved: Drawn['moved'],
): Pick<Drawn, 'moved'> | undefined {
  let out: Record<string, XYPosition> | undefined;
  for (const c of changes) if (c.type === 'position' && c.position) (out ??= { ...moved })[c.id] = c.position;
  return out ? { moved: out } : undefined;
}

/** The layout's nodes with the cards a drag moved at their new place. */
function placed(nodes: readonly Node[], moved: Readonly<Record<string, XYPosition>>): Node[] {
  return nodes.map((n) => {
    const at = moved[n.id];
    return at ? { ...n, position: at } : n;
  });
}

export interface SurfaceProps {
  readonly built: { readonly nodes: Node[]; readonly edges: Edge[] };
  /** The grouped view: its layout is computed (a drag is not stored) and a click pins a card. */
  readonly reachOn: boolean;
  /** The policy view: computed too, and a pane click keeps the policy selected. */
  readonly policyOpen: boolean;
  /** Cards light up under the pointer (not in a large topology: each would rebuild 5,000 cards). */
  readonly hoverable: boolean;
  readonly connectOn: boolean;
  /** The connect gesture's click (true when it consumed it). */
  readonly onConnectClick: (n: Node) => boolean;
  readonly onInit: (rf: ReactFlowInstance<Node, Edge>) => void;
  readonly onMove: (e: unknown, vp: Viewport) => void;
  readonly onFit: () => void;
}

/**
 * React Flow and the picture it draws. Its own component, memoised, with props and handlers that
 * keep their identity: a drag re-renders this (the dragged node's new position) and one node
 * wrapper, not the canvas around it, nor every node (a new handler prop re-renders all of them).
 */
export const FlowSurface = memo(function FlowSurface(p: SurfaceProps) {
  const store = useAppStore();
  const { built, reachOn, policyOpen, hoverable } = p;
  const computed = reachOn || policyOpen;
  // the picture drawn: unchanged nodes and edges keep their objects (React Flow redraws what an
  // edit touched), and a drag moves nodes here until it is stored (adjusted while rendering, so
  // a new picture is one commit, not a commit of the old nodes and an effect's second one)
  const [drawn, setDrawn] = useState<Drawn>(() => ({ built, ...stabilise(EMPTY, built) }));
  let flow = drawn;
  if (drawn.built !== built) {
    // the same layout with other bundles or lights (a drag's start and drop): the cards a drag
    // moved stay where they are; anything else of React Flow's follows the picture, as on a
    // new layout (which drops the moves: a computed layout is not stored)
    const same = drawn.built.nodes === built.nodes && drawn.moved;
    const next = stabilise(drawn, same ? { nodes: placed(built.nodes, same), edges: built.edges } : built);
    flow = { built, ...next, ...(same ? { moved: same } : {}) };
    setDrawn(flow);
  }
  const nodes = flow.nodes;
  // ids drawn on the canvas: a click adds to these, not to a policy picked in the side list
  const nodeIds = useMemo(() => new Set(built.nodes.map((n) => n.id)), [built.nodes]);

  const onNodesChange = useCallback(
    (ch: NodeChange<Node>[]) => {
      setDrawn((d) => ({ ...d, nodes: applyNodeChanges(ch, d.nodes), ...movedBy(ch, d.moved) }));
      if (computed) return;
      const sel = ch.filter((c) => c.type === 'select');
      if (sel.length) {
        const current = new Set(store.getState().selection.filter((id) => nodeIds.has(id)));
        for (const c of sel) {
          if (c.type !== 'select') continue;
          if (c.selected) current.add(c.id);
          else current.delete(c.id);
        }
        store.getState().select([...current]);
      }
    },
    [store, nodeIds, computed],
  );
  // while a card is dragged the cards it passes over do not light up (each would rebuild the picture)
  const dragging = useRef(false);
  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
    useCanvasView.getState().setDragging(true);
  }, []);
  const onNodeDragStop = useCallback(
    (_e: unknown, _n: Node, dragged: Node[]) => {
      dragging.current = false;
      useCanvasView.getState().setDragging(false);
      if (computed) return; // group layouts are computed, not stored
      store
        .getState()
        .moveNodes(
          Object.fromEntries(
            dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
          ),
        );
    },
    [store, computed],
  );
  const onNodesDelete = useCallback(
    (deleted: Node[]) => {
      const ids = deleted.map((n) => n.id).filter((id) => store.getState().objects.some((o) => o.id === id));
      if (ids.length) store.getState().removeObjects(ids);
    },
    [store],
  );
  const onEdgeClick = useCallback(
    (_e: unknown, edge: Edge) => {
      const d = edge.data as { from?: string; to?: string; network?: string } | undefined;
      if (d?.from && d.to && d.network)
        store.getState().selectPair({ from: d.from, to: d.to, network: d.network });
    },
    [store],
  );
  const onPaneClick = useCallback(() => {
    useCanvasView.getState().setPinned(undefined);
    if (!policyOpen) store.getState().select([]);
  }, [store, policyOpen]);
  const onNodeMouseEnter = useCallback(
    (_e: MouseEvent, n: Node) => {
      if (!dragging.current && hoverable) useCanvasView.getState().setHovered(unitOf(n));
    },
    [hoverable],
  );
  // a press that starts a drag makes the browser report the pointer out of the pressed card (10,000
  // workloads: un-lighting every card then cost the press a 100-150 ms frame); the card stays lit
  const onNodeMouseLeave = useCallback((e: MouseEvent) => {
    if (e.buttons & 1) return;
    useCanvasView.getState().setHovered(undefined);
  }, []);
  // ... so the pointer back on the pane (the browser may not report leaving that card) clears it
  const onPaneMouseMove = useCallback((e: MouseEvent) => {
    if (e.buttons & 1 || useCanvasView.getState().hovered === undefined) return;
    if (!(e.target as Element).closest('.react-flow__node')) useCanvasView.getState().setHovered(undefined);
  }, []);
  const { onConnectClick } = p;
  const onNodeClick = useCallback(
    (e: MouseEvent, n: Node) => {
      if (onConnectClick(n)) return;
      if (reachOn) useCanvasView.getState().setPinned(n.id);
      // a plain click opens that one object, even when it was part of a picked pair (issue 14)
      else if (!e.shiftKey && !e.metaKey && !e.ctrlKey && (n.type === 'workload' || n.type === 'network'))
        store.getState().select([n.id]);
    },
    [store, reachOn, onConnectClick],
  );
  const onNodeDoubleClick = useCallback((_e: MouseEvent, n: Node) => {
    const view = useCanvasView.getState();
    if (n.type === 'namespace' || n.type === 'nsbox') view.toggle(n.id);
    else if (n.type === 'reachgroup') view.toggle((n.data as { toggleId: string }).toggleId);
  }, []);

  return (
    <ReactFlow<Node, Edge>
      nodes={nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onInit={p.onInit}
      onMove={p.onMove}
      onNodesChange={onNodesChange}
      onNodeDragStart={onNodeDragStart}
      onNodeDragStop={onNodeDragStop}
      onNodesDelete={onNodesDelete}
      onEdgeClick={onEdgeClick}
      onPaneClick={onPaneClick}
      onNodeMouseEnter={onNodeMouseEnter}
      onNodeMouseLeave={onNodeMouseLeave}
      onPaneMouseMove={onPaneMouseMove}
      nodesDraggable={!p.connectOn}
      panOnDrag={!p.connectOn}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      deleteKeyCode={computed ? null : DELETE_KEYS}
      // Tab reaches the workloads, not 20-30 arcs first; every arc's pair is in the matrix grid
      edgesFocusable={false}
      multiSelectionKeyCode={MULTI_KEYS}
      selectionOnDrag={false}
      zoomOnDoubleClick={false}
      // thousands of workload cards: only those in view are in the DOM
      onlyRenderVisibleElements={nodes.length > 1000}
      minZoom={0.05}
      maxZoom={2}
      proOptions={PRO}
      fitView
    >
      <Background gap={20} size={1} />
      <Controls
        showInteractive={false}
        showFitView={false}
        position="bottom-right"
        style={nodes.length > 20 ? CONTROLS_BY_MAP : CONTROLS_ALONE}
      >
        <ControlButton
          onClick={p.onFit}
          title="Fit everything, edges and labels included (F)"
          aria-label="Fit view"
        >
          ⤢
        </ControlButton>
      </Controls>
      {/* a design that fits on screen needs no map (at 1024x768 it took the picture's room) */}
      {nodes.length > 20 && (
        <MiniMap pannable zoomable nodeStrokeWidth={2} style={MAP_STYLE} nodeColor={mapColor} />
      )}
    </ReactFlow>
  );
});
