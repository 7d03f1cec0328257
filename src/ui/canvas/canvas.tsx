import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { objectIdOfRef } from '../../model/ids';
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
} from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../store-context';
import { diffChanges } from '../../store/selectors';
import { buildFlow, LARGE_DESIGN } from './flow-model';
import { stabilise } from './stable-nodes';
import { WorkloadNode } from './workload-node';
import { NetworkNode } from './network-node';
import { ArcEdge } from './arc-edge';
import { DropEdge } from './drop-edge';
import { BundleEdge } from './bundle-edge';
import { GroupCard, NamespaceBox, NamespaceCard } from './group-node';
import { PolicyCard } from './policy-card';
import { CanvasBar } from './canvas-bar';
import { Legend } from './legend';
import { fitAll } from './fit';
import { useCanvasView } from './view-state';
import { useNetworks, usePolicy, useReach } from './use-views';
import { useDraftStatus } from '../inspector/draft-status';
import { ConnectButton, useConnectGesture } from '../intent/connect-mode';
import './canvas.css';

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
/** Below this zoom the cards are drawn as outlines with their titles and counts only. */
const FAR_ZOOM = 0.3;

export function Canvas() {
  const store = useAppStore();
  // what the topology is built from (useShallow: the same object while none of them changed)
  const picture = useApp(
    useShallow((s) => ({
      model: s.model,
      analysis: s.analysis?.result,
      layout: s.layout,
      selection: s.selection,
      showDenied: s.showDenied,
      networkFilter: s.networkFilter,
    })),
  );
  const { model, analysis, selection, showDenied, networkFilter } = picture;
  const { findings, before, rev, analysedRev } = useApp(
    useShallow((s) => ({
      findings: s.analysis?.findings,
      before: s.baseline ? s.baselineAnalysis : undefined,
      rev: s.rev,
      analysedRev: s.analysis?.rev,
    })),
  );
  const view = useCanvasView();
  const connect = useConnectGesture(store);
  const stale = useDraftStatus((s) => Object.keys(s.invalid).length > 0);
  const largeDiff = useApp((s) =>
    s.baseline && s.largeDiff?.baseline === s.baseline && s.largeDiff.rev === s.rev
      ? s.largeDiff.diff
      : undefined,
  );
  const large = model.endpoints.length > LARGE_DESIGN;
  // large designs open grouped (no frame of 5,000 topology cards first) until a view is picked
  const mode = large && !view.picked ? 'reachability' : view.mode;
  const changes = useMemo(
    () =>
      largeDiff ? largeDiff.rows.slice(0, 100) : before && analysis ? diffChanges(before, analysis) : [],
    [largeDiff, before, analysis],
  );
  const findingsByObject = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of findings ?? []) {
      if (!f.object || f.severity === 'info') continue;
      const id = objectIdOfRef(f.object);
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  }, [findings]);

  // while a before/after comparison is staged the topology shows it (gained and lost arcs), so a
  // selected policy is edited there; the policy view returns once the comparison is cleared
  const staged = useApp((s) => s.baseline !== undefined);
  const policy = usePolicy(model, analysis, staged ? [] : selection);
  const networks = useNetworks(analysis);
  const network = networks.find((n) => n.key === networkFilter)?.key ?? networks[0]?.key ?? undefined;
  const reachOn = !policy && mode === 'reachability';
  const reach = useReach(reachOn, model, analysis, network, {
    expanded: view.expanded,
    lit: view.hovered ?? view.pinned,
    focus: view.focus,
    showDenied,
  });
  const topo = useMemo(
    () =>
      policy || reachOn
        ? undefined
        : buildFlow(picture.model, picture.analysis, picture.layout, {
            selection: picture.selection,
            showDenied: picture.showDenied,
            networkFilter: picture.networkFilter,
            findingsByObject,
            changes,
            hovered: view.hovered,
          }),
    [policy, reachOn, picture, findingsByObject, changes, view.hovered],
  );
  const built = (policy ?? reach ?? topo ?? EMPTY) as { nodes: Node[]; edges: Edge[] };
  // the picture drawn: unchanged nodes and edges keep their objects (React Flow redraws what an
  // edit touched), and a drag moves nodes here until it is stored (adjusted while rendering, so
  // a new picture is one commit, not a commit of the old nodes and an effect's second one)
  const [drawn, setDrawn] = useState(() => ({ built, ...stabilise(EMPTY, built) }));
  let flow = drawn;
  if (drawn.built !== built) {
    flow = { built, ...stabilise(drawn, built) };
    setDrawn(flow);
  }
  const nodes = flow.nodes;
  // ids drawn on the canvas: a click adds to these, not to a policy picked in the side list
  const nodeIds = useMemo(() => new Set(built.nodes.map((n) => n.id)), [built.nodes]);
  // zoomed far out (a 200-card overview) the cards drop their small print: painting it every frame
  // of a pan or drag is what cost the frames (software raster), and it is unreadable at that zoom
  const [far, setFar] = useState(false);
  const onMove = useCallback((_e: unknown, vp: { zoom: number }) => setFar(vp.zoom < FAR_ZOOM), []);
  const [rf, setRf] = useState<ReactFlowInstance<Node, Edge> | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const fit = useCallback(() => {
    if (rf) fitAll(rf, root.current);
  }, [rf]);
  // fit once the new picture is drawn and measured (edges and chips render after the nodes)
  const shape = `${policy ? 'p' : mode}|${network}|${model.endpoints.length}|${selection.length === 1 && policy ? selection[0] : ''}`;
  useEffect(() => {
    if (!rf || model.endpoints.length === 0) return;
    const t = setTimeout(() => fitAll(rf, root.current), 120);
    return () => clearTimeout(t);
  }, [rf, shape, model.endpoints.length]);

  const onFound = useCallback(
    (label: string) => {
      const ns = label.includes('/') ? label.split('/')[0] : 'outside';
      useCanvasView.getState().setFocus(label, [`ns:${ns}`]);
      if (!rf) return;
      setTimeout(() => {
        const lit = rf.getNodes().filter((n) => {
          const el = root.current?.querySelector(`[data-id="${CSS.escape(n.id)}"] > *`);
          return el?.className.includes('role-focus') || el?.className.includes('role-lit') || n.selected;
        });
        void rf.fitView({ ...(lit.length ? { nodes: lit } : {}), padding: 0.3, duration: 200 });
      }, 150);
    },
    [rf],
  );

  const onNodesChange = useCallback(
    (ch: NodeChange<Node>[]) => {
      setDrawn((d) => ({ ...d, nodes: applyNodeChanges(ch, d.nodes) }));
      if (reachOn || policy) return;
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
    [store, nodeIds, reachOn, policy],
  );
  // while a card is dragged the cards it passes over do not light up (each would rebuild the picture)
  const dragging = useRef(false);
  const onNodeDragStop = useCallback(
    (_e: unknown, _n: Node, dragged: Node[]) => {
      dragging.current = false;
      if (reachOn || policy) return; // group layouts are computed, not stored
      store
        .getState()
        .moveNodes(
          Object.fromEntries(
            dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
          ),
        );
    },
    [store, reachOn, policy],
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
    if (!policy) store.getState().select([]);
  }, [store, policy]);
  const unitOf = (n: Node): string | undefined =>
    n.type === 'reachgroup' || n.type === 'namespace' ? n.id : n.type === 'workload' ? n.id : undefined;

  return (
    <div
      className={`canvas${stale ? ' is-stale' : ''}${far ? ' is-far' : ''}`}
      data-testid="canvas"
      data-mode={policy ? 'policy' : mode}
      data-analysed={analysis ? 'true' : 'false'}
      data-pending={analysedRev !== undefined && analysedRev < rev ? 'true' : 'false'}
      ref={root}
    >
      <CanvasBar
        networks={networks}
        network={network}
        summary={reach?.summary}
        policyOpen={!!policy}
        onFit={fit}
        onFound={onFound}
      />
      <ReactFlow<Node, Edge>
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onInit={setRf}
        onMove={onMove}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onNodesDelete={onNodesDelete}
        onEdgeClick={onEdgeClick}
        onPaneClick={onPaneClick}
        onNodeDragStart={() => (dragging.current = true)}
        onNodeMouseEnter={(_e, n) =>
          !dragging.current && (!large || reachOn) ? view.setHovered(unitOf(n)) : undefined
        }
        onNodeMouseLeave={() => view.setHovered(undefined)}
        nodesDraggable={!connect.on}
        panOnDrag={!connect.on}
        onNodeClick={(e, n) => {
          if (connect.onNodeClick(n)) return;
          if (reachOn) view.setPinned(n.id);
          // a plain click opens that one object, even when it was part of a picked pair (issue 14)
          else if (!e.shiftKey && !e.metaKey && !e.ctrlKey && (n.type === 'workload' || n.type === 'network'))
            store.getState().select([n.id]);
        }}
        onNodeDoubleClick={(_e, n) => {
          if (n.type === 'namespace' || n.type === 'nsbox') view.toggle(n.id);
          else if (n.type === 'reachgroup') view.toggle((n.data as { toggleId: string }).toggleId);
        }}
        deleteKeyCode={reachOn || policy ? null : ['Delete', 'Backspace']}
        // Tab reaches the workloads, not 20-30 arcs first; every arc's pair is in the matrix grid
        edgesFocusable={false}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionOnDrag={false}
        zoomOnDoubleClick={false}
        // thousands of workload cards: only those in view are in the DOM
        onlyRenderVisibleElements={nodes.length > 1000}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        fitView
      >
        <Background gap={20} size={1} />
        <Controls
          showInteractive={false}
          showFitView={false}
          position="bottom-right"
          style={{ right: nodes.length > 20 ? 150 : 10 }}
        >
          <ControlButton
            onClick={fit}
            title="Fit everything, edges and labels included (F)"
            aria-label="Fit view"
          >
            ⤢
          </ControlButton>
        </Controls>
        {/* a design that fits on screen needs no map (at 1024x768 it took the picture's room) */}
        {nodes.length > 20 && (
          <MiniMap
            pannable
            zoomable
            nodeStrokeWidth={2}
            style={{ width: 140, height: 90 }}
            nodeColor={(n) => (n.type === 'network' ? '#c9d6e3' : n.type === 'nsbox' ? '#e5ecf5' : '#7aa7d9')}
          />
        )}
      </ReactFlow>
      <Legend mode={policy ? 'policy' : mode} />
      {!policy && <ConnectButton />}
    </div>
  );
}
