import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import { dumpObject, objectId, serializeDesign, type DesignObject } from '../../io/design';
import { parseObjects } from '../../io/k8s-to-model';
import { designCache } from '../derive-cache';
import { createObject, type NewKind } from '../../io/edit/create';
import type { Json } from '../../io/reader';
import { autoLayout, type XY } from '../layout';
import { placeNew } from './layout';
import type { Slice } from './types';

const POLICY_FOR = 'k8s.v1.cni.cncf.io/policy-for';
import { freeSpot } from '../free-space';
import { kubectlReady, schemasNow } from '../schemas';
import { mergeObjects, readImport, type ImportRead } from '../parse/read-import';

/**
 * The design: Kubernetes objects, verbatim — the source of truth and the only undoable part —
 * and the model derived from them (see `withDerived`: derived in the same update).
 */
export interface DesignSlice {
  readonly objects: readonly DesignObject[];
  readonly model: Model;
  readonly modelDiagnostics: readonly Diagnostic[];
  readonly derivedFrom: readonly DesignObject[] | null;
  /** Bumped once per change of the objects: analyses answer for a revision. */
  readonly rev: number;
  readonly importDiagnostics: readonly Diagnostic[];
  readonly title: string;
  /** The built-in scenario the design was loaded from (its story's probe is shown). */
  readonly scenarioId: string | undefined;
  importYaml: (text: string, mode: 'replace' | 'merge', title?: string) => readonly Diagnostic[];
  /**
   * Put a read import into the design (replace or merge): one undo step, one revision. `base`:
   * the objects a merged read's model was derived with (used while the design is still those).
   */
  applyImport: (
    read: ImportRead,
    mode: 'replace' | 'merge',
    title?: string,
    base?: readonly DesignObject[],
  ) => void;
  addObject: (kind: NewKind, at?: XY) => string;
  updateObject: (id: string, obj: Json) => void;
  removeObjects: (ids: readonly string[]) => void;
  duplicateObjects: (objs: readonly Json[]) => string[];
  /** Add objects as given (a form that builds several at once); an existing id is replaced. */
  addObjects: (objs: readonly Json[]) => string[];
  exportYaml: () => string;
  setScenario: (id: string | undefined) => void;
}

/** Recompute the model from the objects (cheap, synchronous: the canvas and forms need it). */
export function derive(
  objects: readonly DesignObject[],
): Pick<DesignSlice, 'model' | 'modelDiagnostics' | 'derivedFrom'> {
  const parsed = parseObjects(
    objects.map((o) => o.obj),
    designCache,
  );
  return {
    model: parsed.model,
    modelDiagnostics: parsed.diagnostics.filter((d) => d.code !== 'kind-ignored'),
    derivedFrom: objects,
  };
}

function withRenamed(layout: Record<string, XY>, id: string, newId: string, at: XY): Record<string, XY> {
  const out = { ...layout, [newId]: at };
  delete out[id];
  return out;
}

function uniqueName(objects: readonly DesignObject[], kind: string, base: string, ns: string): string {
  const taken = new Set<string>(objects.map((o) => o.id));
  for (let k = 1; ; k++) {
    const name = `${base}${k}`;
    if (!taken.has(objectId({ kind, metadata: { name, namespace: ns } }))) return name;
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

export const createDesignSlice =
  (objects0: readonly DesignObject[]): Slice<DesignSlice> =>
  (set, get) => ({
    objects: objects0,
    ...derive(objects0),
    rev: 1,
    importDiagnostics: [],
    title: 'Untitled design',
    scenarioId: undefined,

    importYaml: (text, mode, title) => {
      const read = readImport(text, schemasNow()?.validateStrict);
      get().applyImport(read, mode, title);
      return read.diagnostics;
    },
    applyImport: (read, mode, title, base) => {
      const objects = mode === 'replace' ? [...read.objects] : mergeObjects(get().objects, read.objects);
      // an import comes with its model (derived where it was parsed, maybe a worker) when that
      // model is of these objects: a replace, or a merge into the design as it still is
      const own = mode === 'replace' ? !read.merged : read.merged === true && base === get().objects;
      const d = own
        ? { model: read.model, modelDiagnostics: read.modelDiagnostics, derivedFrom: objects }
        : derive(objects);
      const keep = mode === 'merge' ? get().layout : {};
      set({
        objects,
        ...d,
        rev: get().rev + 1,
        importDiagnostics: read.diagnostics,
        layout: { ...autoLayout(d.model), ...keep },
        selection: [],
        pair: undefined,
        teaching: undefined,
        baseline: undefined,
        baselineAnalysis: undefined,
        scenarioId: undefined,
        ...(title ? { title } : {}),
      });
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
      const created = createObject(kind, name, 'default');
      // the only secondary network is pre-ticked in a new MultiNetworkPolicy (issue 17)
      const nads = get().model.nads.filter((n) => n.role !== 'primary');
      const obj =
        kind === 'MultiNetworkPolicy' && nads.length === 1
          ? {
              ...created,
              metadata: { ...(created.metadata as object), annotations: { [POLICY_FOR]: nads[0]?.key } },
            }
          : created;
      const id = objectId(obj);
      const pos = at ?? placeNew(get().layout, kind);
      set({
        objects: [...get().objects, { id, obj }],
        selection: [id],
        layout: pos ? { ...get().layout, [id]: pos } : get().layout,
      });
      return id;
    },
    updateObject: (id, obj) => {
      const old = get().objects.find((o) => o.id === id);
      if (old && JSON.stringify(old.obj) === JSON.stringify(obj)) return; // no-op edits make no undo step
      const newId = objectId(obj);
      if (newId !== id && get().objects.some((o) => o.id === newId)) {
        set({
          notice: {
            kind: 'error',
            text: `${newId.split('/').filter(Boolean).join(' ')} already exists; choose another name`,
          },
        });
        return;
      }
      // the layout is copied only for a rename (a copy of 10,000 positions took ~8 ms per edit)
      const at = get().layout[id];
      const moved = newId !== id && at ? { layout: withRenamed(get().layout, id, newId, at) } : {};
      const selection = get().selection;
      set({
        objects: get().objects.map((o) => (o.id === id ? { id: newId, obj } : o)),
        ...moved,
        ...(newId !== id ? { selection: selection.map((s) => (s === id ? newId : s)) } : {}),
      });
    },
    removeObjects: (ids) => {
      const drop = new Set(ids);
      set({
        objects: get().objects.filter((o) => !drop.has(o.id)),
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
        if (from) layout[id] = freeSpot(layout, { x: from.x, y: from.y });
      }
      set({ objects, selection: ids, layout });
      return ids;
    },
    addObjects: (objs) => {
      const added = objs.map((obj) => ({ id: objectId(obj), obj }));
      const ids = new Set<string>(added.map((o) => o.id));
      const objects = [...get().objects.filter((o) => !ids.has(o.id)), ...added];
      set({ objects, selection: added.slice(-1).map((o) => o.id) });
      return added.map((o) => o.id);
    },
    exportYaml: () => serializeDesign(get().objects, get().title, (obj) => dumpObject(kubectlReady(obj))),
    setScenario: (scenarioId) => set({ scenarioId }),
  });
