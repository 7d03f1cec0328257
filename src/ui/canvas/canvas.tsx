import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { objectIdOfRef } from '../../model/ids';
import type { Edge, Node, ReactFlowInstance, Viewport } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../store-context';
import { diffChanges } from '../../store/selectors';
import { buildFlow, LARGE_DESIGN } from './flow-model';
import { FlowSurface } from './flow-surface';
import { CanvasBar } from './canvas-bar';
import { Legend } from './legend';
import { useFit } from './use-fit';
import { useCanvasView } from './view-state';
import { NO_LIGHTS, useLights } from './lights';
import { useNetworks, usePolicy, useReach } from './use-views';
import { useDraftStatus } from '../inspector/draft-status';
import { ConnectButton, useConnectGesture } from '../intent/connect-mode';
import './canvas.css';

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
    dragging: view.dragging,
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
  // the cards read what is lit from the lights; set before the frame is painted
  const lights = reach?.lights ?? NO_LIGHTS;
  useLayoutEffect(() => useLights.setState({ lights }), [lights]);
  // zoomed far out (a 200-card overview) the cards drop their small print: painting it every frame
  // of a pan or drag is what cost the frames (software raster), and it is unreadable at that zoom
  const [far, setFar] = useState(false);
  const onMove = useCallback((_e: unknown, vp: Viewport) => setFar(vp.zoom < FAR_ZOOM), []);
  const [rf, setRf] = useState<ReactFlowInstance<Node, Edge> | null>(null);
  const root = useRef<HTMLDivElement>(null);
  // the topology leaves room above its cards for the arcs a hover or a selection draws
  const arcs = !policy && !reachOn;
  const fit = useFit(rf, root, arcs);
  // fit once the new picture is drawn and measured (edges and chips render after the nodes)
  // (a new network too: its bus was drawn off the right edge)
  const shape = `${policy ? 'p' : mode}|${network}|${model.endpoints.length}|${model.nads.length}|${selection.length === 1 && policy ? selection[0] : ''}`;
  // ... and once more when the engine's answer for it is drawn: the arcs of an added workload
  // come with the answer (a slow one came after the first fit, and they ran off the top)
  const current = analysedRev === rev;
  const fitted = useRef('');
  useEffect(() => {
    if (!rf || model.endpoints.length === 0 || fitted.current === shape) return;
    const t = setTimeout(() => {
      fit();
      if (current) fitted.current = shape;
    }, 120);
    return () => clearTimeout(t);
  }, [rf, shape, current, model.endpoints.length, fit]);

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
      {/* nothing to connect on an empty design (the button covered the welcome's title at 1024 px);
          before the canvas in the page, so Tab reaches it after Fit, where it is drawn */}
      {!policy && model.endpoints.length > 0 && <ConnectButton />}
      <FlowSurface
        built={built}
        reachOn={reachOn}
        policyOpen={!!policy}
        hoverable={!large || reachOn}
        connectOn={connect.on}
        onConnectClick={connect.onNodeClick}
        onInit={setRf}
        onMove={onMove}
        onFit={fit}
      />
      <Legend mode={policy ? 'policy' : mode} />
    </div>
  );
}
