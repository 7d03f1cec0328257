import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  type Edge,
  type NodeChange,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../store-context';
import { diffChanges } from '../../store/selectors';
import { buildFlow, type FlowNode } from './flow-model';
import { WorkloadNode } from './workload-node';
import { NetworkNode } from './network-node';
import { ArcEdge } from './arc-edge';

const nodeTypes = { workload: WorkloadNode, network: NetworkNode };
const edgeTypes = { arc: ArcEdge };

export function Canvas() {
  const store = useAppStore();
  const { model, analysis, layout, selection, showDenied, networkFilter, findings, before } = useApp(
    useShallow((s) => ({
      model: s.model,
      analysis: s.analysis?.result,
      layout: s.layout,
      selection: s.selection,
      showDenied: s.showDenied,
      networkFilter: s.networkFilter,
      findings: s.analysis?.findings,
      before: s.baseline ? s.baselineAnalysis : undefined,
    })),
  );
  const largeDiff = useApp((s) =>
    s.baseline && s.largeDiff?.baseline === s.baseline && s.largeDiff.rev === s.rev
      ? s.largeDiff.diff
      : undefined,
  );
  // large designs: the worker's diff rows, at most 100 arcs on the canvas
  const changes = useMemo(
    () =>
      largeDiff ? largeDiff.rows.slice(0, 100) : before && analysis ? diffChanges(before, analysis) : [],
    [largeDiff, before, analysis],
  );
  const findingsByObject = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of findings ?? []) {
      if (!f.object || f.severity === 'info') continue;
      const id = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  }, [findings]);
  const flow = useMemo(
    () =>
      buildFlow(model, analysis, layout, { selection, showDenied, networkFilter, findingsByObject, changes }),
    [model, analysis, layout, selection, showDenied, networkFilter, findingsByObject, changes],
  );
  const [nodes, setNodes] = useState<FlowNode[]>(flow.nodes);
  // ids drawn on the canvas: a click adds to these, not to a policy picked in the side list
  const nodeIds = useMemo(() => new Set(flow.nodes.map((n) => n.id)), [flow.nodes]);
  useEffect(() => setNodes(flow.nodes), [flow.nodes]);
  const [rf, setRf] = useState<ReactFlowInstance<FlowNode, Edge> | null>(null);
  const count = model.endpoints.length;
  useEffect(() => {
    if (rf && count > 0) void rf.fitView({ padding: 0.15, duration: 0 });
  }, [rf, count]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      const sel = changes.filter((c) => c.type === 'select');
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
    [store, nodeIds],
  );
  const onNodeDragStop = useCallback(
    (_e: unknown, _n: FlowNode, dragged: FlowNode[]) => {
      store
        .getState()
        .moveNodes(
          Object.fromEntries(
            dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
          ),
        );
    },
    [store],
  );
  const onNodesDelete = useCallback(
    (deleted: FlowNode[]) => {
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
  // a plain click opens that one object, even when it was part of a picked pair (issue 14)
  const onNodeClick = useCallback(
    (e: React.MouseEvent, node: FlowNode) => {
      if (!e.shiftKey && !e.metaKey && !e.ctrlKey) store.getState().select([node.id]);
    },
    [store],
  );
  const onPaneClick = useCallback(() => store.getState().select([]), [store]);

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onInit={setRf}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onNodesDelete={onNodesDelete}
        onEdgeClick={onEdgeClick}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        deleteKeyCode={['Delete', 'Backspace']}
        // Tab reaches the workloads, not 20-30 arcs first; every arc's pair is in the matrix grid
        edgesFocusable={false}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionOnDrag={false}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        fitView
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        <MiniMap
          pannable
          zoomable
          nodeStrokeWidth={2}
          style={{ width: 140, height: 90 }}
          nodeColor={(n) => (n.type === 'network' ? '#c9d6e3' : '#7aa7d9')}
        />
      </ReactFlow>
    </div>
  );
}
