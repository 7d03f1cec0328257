import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { AnalysisResult } from '../engine/analyze';
import type { WorkerDiff } from '../engine/protocol';
import { objectId, parseDesignYaml, serializeDesign, type DesignObject } from '../io/design';
import { parseObjects } from '../io/k8s-to-model';
import { createObject, type NewKind } from '../io/edit/create';
import type { Json } from '../io/reader';
import { autoLayout, type XY } from './layout';

export interface PairSelection {
  readonly from: string;
  readonly to: string;
  readonly network: string;
}

export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

export interface AnalysisState {
  readonly rev: number;
  readonly result: AnalysisResult;
  readonly findings: readonly Diagnostic[];
  readonly ms: number;
}

export interface Baseline {
  readonly label: string;
  readonly objects: readonly DesignObject[];
}

export interface Teaching {
  /** The full design being taught; restored by stopTeaching. */
  readonly full: readonly DesignObject[];
  /** Policy object ids in the order they are applied. */
  readonly order: readonly string[];
  readonly step: number;
}

const isPolicy = (o: DesignObject): boolean =>
  o.obj.kind === 'NetworkPolicy' || o.obj.kind === 'MultiNetworkPolicy';

export interface AppState {
  /** The design: Kubernetes objects, verbatim. The only undoable part. */
  readonly objects: readonly DesignObject[];
  /** Derived from `objects` (see `derive`). */
  readonly model: Model;
  readonly modelDiagnostics: readonly Diagnostic[];
  readonly derivedFrom: readonly DesignObject[] | null;
  readonly rev: number;
  readonly layout: Readonly<Record<string, XY>>;
  readonly selection: readonly string[];
  readonly pair: PairSelection | undefined;
  readonly analysis: AnalysisState | undefined;
  readonly baselineAnalysis: AnalysisResult | undefined;
  readonly baseline: Baseline | undefined;
  /** Before/after diff computed by a worker for designs too large to ship every pair (valid for `baseline` at `rev`). */
  readonly largeDiff:
    { readonly baseline: Baseline; readonly rev: number; readonly diff: WorkerDiff } | undefined;
  readonly engineError: string | undefined;
  readonly importDiagnostics: readonly Diagnostic[];
  readonly notice: Notice | undefined;
  readonly showDenied: boolean;
  readonly networkFilter: string;
  readonly title: string;
  /** The built-in scenario the design was loaded from (its story's probe is shown). */
  readonly scenarioId: string | undefined;
  readonly teaching: Teaching | undefined;

  importYaml: (text: string, mode: 'replace' | 'merge', title?: string) => readonly Diagnostic[];
  addObject: (kind: NewKind, at?: XY) => string;
  updateObject: (id: string, obj: Json) => void;
  removeObjects: (ids: readonly string[]) => void;
  duplicateObjects: (objs: readonly Json[]) => string[];
  /** Add objects as given (a form that builds several at once); an existing id is replaced. */
  addObjects: (objs: readonly Json[]) => string[];
  moveNodes: (positions: Readonly<Record<string, XY>>) => void;
  relayout: () => void;
  select: (ids: readonly string[]) => void;
  selectPair: (p: PairSelection | undefined) => void;
  setAnalysis: (a: AnalysisState) => void;
  setBaselineAnalysis: (a: AnalysisResult | undefined) => void;
  setLargeDiff: (d: AppState['largeDiff']) => void;
  setEngineError: (message: string | undefined) => void;
  setNotice: (n: Notice | undefined) => void;
  setShowDenied: (v: boolean) => void;
  setNetworkFilter: (n: string) => void;
  stageBaseline: (label: string) => void;
  clearBaseline: () => void;
  exportYaml: () => string;
  setScenario: (id: string | undefined) => void;
  startTeaching: () => void;
  teachStep: (step: number) => void;
  stopTeaching: () => void;
}

function uniqueName(objects: readonly DesignObject[], kind: string, base: string, ns: string): string {
  const taken = new Set(objects.map((o) => o.id));
  for (let k = 1; ; k++) {
    const name = `${base}${k}`;
    const id = objectId({ kind, metadata: { name, namespace: ns } });
    if (!taken.has(id)) return name;
  }
}

const BASE_NAME: Record<NewKind, string> = {
  Pod: 'pod',
  VirtualMachine: 'vm',
  ExternalHost: 'host',
  NetworkAttachmentDefinition: 'net',
  Namespace: 'ns',
  NetworkPolicy: 'netpol',
  MultiNetworkPolicy: 'mnp',
  Subnet: 'subnet',
  ClusterUserDefinedNetwork: 'cudn',
};

/** Where a new node goes: workloads at the end of the top row, networks on a row below. */
function placeNew(layout: Readonly<Record<string, XY>>, kind: NewKind): XY | undefined {
  const isNet = kind === 'NetworkAttachmentDefinition';
  if (!isNet && kind !== 'Pod' && kind !== 'VirtualMachine' && kind !== 'ExternalHost') return undefined;
  const entries = Object.entries(layout);
  const nets = entries
    .filter(([id]) => id.startsWith('NetworkAttachmentDefinition/') || id === 'net:default')
    .map(([, p]) => p);
  const wls = entries
    .filter(([id]) => !id.startsWith('NetworkAttachmentDefinition/') && id !== 'net:default')
    .map(([, p]) => p);
  const top = wls.length ? Math.min(...wls.map((p) => p.y)) : 40;
  const bottom = wls.length ? Math.max(...wls.map((p) => p.y)) : 40;
  if (isNet)
    return {
      x: nets.length ? Math.max(...nets.map((p) => p.x)) + 260 : 40,
      y: nets.length ? (nets[0]?.y ?? bottom + 200) : bottom + 200,
    };
  return { x: wls.length ? Math.max(...wls.filter((p) => p.y === top).map((p) => p.x)) + 200 : 40, y: top };
}

/** Recompute the model from the objects (cheap, synchronous: the canvas and forms need it). */
export function derive(
  objects: readonly DesignObject[],
): Pick<AppState, 'model' | 'modelDiagnostics' | 'derivedFrom'> {
  const parsed = parseObjects(objects.map((o) => o.obj));
  return {
    model: parsed.model,
    modelDiagnostics: parsed.diagnostics.filter((d) => d.code !== 'kind-ignored'),
    derivedFrom: objects,
  };
}

function merge(existing: readonly DesignObject[], incoming: readonly DesignObject[]): DesignObject[] {
  const byId = new Map(existing.map((o) => [o.id, o]));
  for (const o of incoming) byId.set(o.id, o);
  return [...byId.values()];
}

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(
  initial: { objects?: readonly DesignObject[]; layout?: Record<string, XY> } = {},
) {
  const objects0 = initial.objects ?? [];
  const store = createStore<AppState>()(
    temporal(
      (set, get) => ({
        objects: objects0,
        ...derive(objects0),
        rev: 1,
        layout: initial.layout ?? {},
        selection: [],
        pair: undefined,
        analysis: undefined,
        baselineAnalysis: undefined,
        largeDiff: undefined,
        baseline: undefined,
        engineError: undefined,
        importDiagnostics: [],
        notice: undefined,
        showDenied: false,
        networkFilter: 'all',
        title: 'Untitled design',
        scenarioId: undefined,
        teaching: undefined,

        importYaml: (text, mode, title) => {
          const parsed = parseDesignYaml(text, 'import');
          const objects = mode === 'replace' ? [...parsed.objects] : merge(get().objects, parsed.objects);
          const d = derive(objects);
          const keep = mode === 'merge' ? get().layout : {};
          set({
            objects,
            ...d,
            rev: get().rev + 1,
            importDiagnostics: parsed.diagnostics,
            layout: { ...autoLayout(d.model), ...keep },
            selection: [],
            pair: undefined,
            teaching: undefined,
            baseline: undefined,
            baselineAnalysis: undefined,
            scenarioId: undefined,
            ...(title ? { title } : {}),
          });
          return parsed.diagnostics;
        },
        addObject: (kind, at) => {
          const ns =
            kind === 'Namespace' ||
            kind === 'ExternalHost' ||
            kind === 'Subnet' ||
            kind === 'ClusterUserDefinedNetwork'
              ? ''
              : 'default';
          const name = uniqueName(get().objects, kind, BASE_NAME[kind], ns || 'default');
          const obj = createObject(kind, name, 'default');
          const id = objectId(obj);
          const objects = [...get().objects, { id, obj }];
          const pos = at ?? placeNew(get().layout, kind);
          set({
            objects,
            rev: get().rev + 1,
            selection: [id],
            layout: pos ? { ...get().layout, [id]: pos } : get().layout,
          });
          return id;
        },
        updateObject: (id, obj) => {
          const old = get().objects.find((o) => o.id === id);
          if (old && JSON.stringify(old.obj) === JSON.stringify(obj)) return; // no-op edits make no undo step
          const newId = objectId(obj);
          const objects = get().objects.map((o) => (o.id === id ? { id: newId, obj } : o));
          if (newId !== id && get().objects.some((o) => o.id === newId)) {
            set({
              notice: {
                kind: 'error',
                text: `${newId.split('/').filter(Boolean).join(' ')} already exists; choose another name`,
              },
            });
            return;
          }
          const layout = { ...get().layout };
          if (newId !== id && layout[id]) {
            layout[newId] = layout[id] as XY;
            delete layout[id];
          }
          set({
            objects,
            rev: get().rev + 1,
            layout,
            selection: get().selection.map((s) => (s === id ? newId : s)),
          });
        },
        removeObjects: (ids) => {
          const drop = new Set(ids);
          set({
            objects: get().objects.filter((o) => !drop.has(o.id)),
            rev: get().rev + 1,
            selection: get().selection.filter((s) => !drop.has(s)),
          });
        },
        duplicateObjects: (objs) => {
          let objects = [...get().objects];
          const ids: string[] = [];
          const layout = { ...get().layout };
          for (const src of objs) {
            const kind = String(src.kind);
            const meta = (src.metadata ?? {}) as Record<string, unknown>;
            const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
            const name = uniqueName(objects, kind, `${String(meta.name ?? 'copy')}-copy`, ns);
            const obj = structuredClone({ ...src, metadata: { ...meta, name } }) as Json;
            const id = objectId(obj);
            objects = [...objects, { id, obj }];
            ids.push(id);
            const from = get().layout[objectId(src)];
            if (from) layout[id] = { x: from.x + 40, y: from.y + 40 };
          }
          set({ objects, rev: get().rev + 1, selection: ids, layout });
          return ids;
        },
        addObjects: (objs) => {
          const added = objs.map((obj) => ({ id: objectId(obj), obj }));
          const ids = new Set(added.map((o) => o.id));
          const objects = [...get().objects.filter((o) => !ids.has(o.id)), ...added];
          set({ objects, rev: get().rev + 1, selection: added.slice(-1).map((o) => o.id) });
          return added.map((o) => o.id);
        },
        moveNodes: (positions) => set({ layout: { ...get().layout, ...positions } }),
        relayout: () => set({ layout: autoLayout(get().model) }),
        select: (selection) => set({ selection }),
        selectPair: (pair) => set({ pair }),
        setAnalysis: (a) => {
          // A late answer never overwrites a newer one.
          if (a.rev > get().rev || (get().analysis?.rev ?? -1) > a.rev) return;
          set({ analysis: a, engineError: undefined });
        },
        setBaselineAnalysis: (baselineAnalysis) => set({ baselineAnalysis }),
        setLargeDiff: (largeDiff) => set({ largeDiff }),
        setEngineError: (engineError) => set({ engineError }),
        setNotice: (notice) => set({ notice }),
        setShowDenied: (showDenied) => set({ showDenied }),
        setNetworkFilter: (networkFilter) => set({ networkFilter }),
        stageBaseline: (label) =>
          set({
            baseline: { label, objects: get().objects },
            baselineAnalysis: get().analysis?.rev === get().rev ? get().analysis?.result : undefined,
          }),
        clearBaseline: () => set({ baseline: undefined, baselineAnalysis: undefined }),
        exportYaml: () => serializeDesign(get().objects, get().title),
        setScenario: (scenarioId) => set({ scenarioId }),
        startTeaching: () => {
          const full = get().objects;
          const order = full.filter(isPolicy).map((o) => o.id);
          set({ teaching: { full, order, step: 0 } });
          get().teachStep(0);
        },
        teachStep: (step) => {
          const t = get().teaching;
          if (!t) return;
          const k = Math.max(0, Math.min(step, t.order.length));
          const upTo = (n: number): DesignObject[] => {
            const on = new Set(t.order.slice(0, n));
            return t.full.filter((o) => !isPolicy(o) || on.has(o.id));
          };
          const before = k === 0 ? upTo(0) : upTo(k - 1);
          set({
            teaching: { ...t, step: k },
            objects: upTo(k),
            baseline: { label: k === 0 ? 'no policies' : `step ${k - 1}`, objects: before },
            baselineAnalysis: undefined,
          });
        },
        stopTeaching: () => {
          const t = get().teaching;
          if (!t) return;
          set({ teaching: undefined, objects: t.full, baseline: undefined, baselineAnalysis: undefined });
        },
      }),
      {
        partialize: (s) => ({ objects: s.objects }),
        equality: (a, b) => a.objects === b.objects,
        limit: 200,
      },
    ),
  );
  // Keep the derived model in step with the objects (also after undo/redo).
  store.subscribe((s) => {
    if (s.derivedFrom !== s.objects) store.setState({ ...derive(s.objects), rev: s.rev + 1 });
  });
  return store;
}
