import { describe, expect, it } from 'vitest';
import { objectId, type DesignObject } from '../io/design';
import type { Json } from '../io/reader';

type Obj = Record<string, unknown>;
import { generateCluster, Rng } from '../testing/generate';
import { patchDerived } from './derive-patch';
import { derive } from './slices/design';

const design = (objs: readonly object[]): DesignObject[] =>
  objs.map((o) => ({ id: objectId(o as Json), obj: o as Json }));

/** The design with object `k` replaced by `edit` of a copy of it. */
function edited(objects: readonly DesignObject[], k: number, edit: (o: Json) => void): DesignObject[] {
  const obj = structuredClone(objects[k]?.obj) as Json;
  edit(obj);
  return objects.map((o, j) => (j === k ? { id: objectId(obj), obj } : o));
}

const meta = (o: Json) => o.metadata as { name: string; labels?: Record<string, string> };
const indexOf = (objects: readonly DesignObject[], kind: string, nth = 0) =>
  objects.map((o, k) => (o.obj.kind === kind ? k : -1)).filter((k) => k >= 0)[nth] as number;

const base = design(generateCluster(7, { endpoints: 300, policies: 60, adminPolicies: 3 }));

describe('patchDerived: an edit in place swaps the edited values, as the full derive would', () => {
  it('a pod label, a policy selector, a namespace label, a cluster policy: patched, equal to the full derive', () => {
    const edits: [string, (o: Json) => void][] = [
      ['Pod', (o) => (meta(o).labels = { ...meta(o).labels, extra: 'x' })],
      ['NetworkPolicy', (o) => ((o.spec as Obj).podSelector = { matchLabels: { app: 'db' } })],
      ['Namespace', (o) => (meta(o).labels = { team: 'z' })],
      ['VirtualMachineInstance', (o) => (meta(o).labels = { extra: 'y' })],
      ['AdminNetworkPolicy', (o) => ((o.spec as Obj).priority = 42)],
    ];
    for (const [kind, edit] of edits) {
      const prev = derive(base);
      const k = indexOf(base, kind);
      expect(k, kind).toBeGreaterThanOrEqual(0);
      const next = edited(base, k, edit);
      const patched = patchDerived(prev, next);
      expect(patched, kind).toBeDefined();
      expect(patched?.model, kind).toEqual(derive(next).model);
      expect(patched?.modelDiagnostics, kind).toEqual(derive(next).modelDiagnostics);
      // only the edited kind's list is new: the engine's delta compares the rest by identity
      const same = Object.keys(prev.model).filter(
        (f) => prev.model[f as keyof typeof prev.model] === patched?.model[f as keyof typeof prev.model],
      );
      expect(same.length, kind).toBe(Object.keys(prev.model).length - 1);
    }
  });

  it('a rename, a new diagnostic, a merged VM and VMI, a removed object: left to the full derive', () => {
    const prev = derive(base);
    const pod = indexOf(base, 'Pod');
    expect(
      patchDerived(
        prev,
        edited(base, pod, (o) => (meta(o).name = 'renamed')),
      ),
    ).toBeUndefined();
    const bad = edited(base, pod, (o) => (meta(o).labels = { 'bad key!': 'x' }));
    expect(derive(bad).modelDiagnostics.length).toBeGreaterThan(prev.modelDiagnostics.length);
    expect(patchDerived(prev, bad)).toBeUndefined();
    expect(patchDerived(prev, base.slice(1))).toBeUndefined();
    // a VM whose VMI reports its IPs: the model's endpoint is the two merged
    const vmi = base[indexOf(base, 'VirtualMachineInstance')]?.obj as Json;
    const vm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: meta(vmi).name, namespace: (vmi.metadata as Json).namespace },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: vmi.spec } },
    };
    const withVm = [...base, ...design([vm])];
    const merged = derive(withVm);
    expect(merged.modelDiagnostics).toEqual(prev.modelDiagnostics);
    const edit = edited(withVm, withVm.length - 1, (o) => (meta(o).labels = { extra: 'v' }));
    expect(patchDerived(merged, edit)).toBeUndefined();
    expect(derive(edit).model.endpoints.length).toBe(prev.model.endpoints.length);
  });

  it('a design with a duplicate object: left to the full derive', () => {
    const pod = indexOf(base, 'Pod');
    const dup = [...base, { ...(base[pod] as DesignObject), obj: structuredClone(base[pod]?.obj) as Json }];
    const prev = derive(dup);
    expect(prev.modelDiagnostics.some((d) => d.code === 'duplicate-object')).toBe(true);
    expect(
      patchDerived(
        prev,
        edited(dup, indexOf(dup, 'Pod', 3), (o) => (meta(o).labels = {})),
      ),
    ).toBeUndefined();
  });

  it('300 random edits (one to three objects each, undo included): every patched model is the full one', () => {
    const r = new Rng(5);
    let objects = base;
    let prev = derive(objects);
    let patched = 0;
    const history: DesignObject[][] = [];
    for (let step = 0; step < 300; step++) {
      let next = objects;
      if (history.length && r.chance(0.1)) next = history.pop() as DesignObject[];
      else
        for (let n = 1 + r.int(3); n > 0; n--) {
          const k = r.int(next.length);
          next = edited(next, k, (o) => {
            const m = meta(o);
            const roll = r.int(4);
            if (roll === 0) m.labels = { ...m.labels, [`l${r.int(3)}`]: `v${r.int(3)}` };
            else if (roll === 1) m.labels = {};
            else if (roll === 2 && o.spec)
              (o.spec as Obj).podSelector = { matchLabels: { app: r.pick(['web', 'db']) } };
            else m.name = `${m.name}-${r.int(2)}`; // sometimes a rename onto another object's name
          });
        }
      const full = derive(next);
      const p = patchDerived(prev, next);
      if (p) {
        patched++;
        expect(p.model).toEqual(full.model);
        expect(p.modelDiagnostics).toEqual(full.modelDiagnostics);
      }
      history.push([...objects]);
      objects = next;
      prev = p ?? full;
    }
    // most edits are label and selector edits in place
    expect(patched).toBeGreaterThan(100);
  });
});
