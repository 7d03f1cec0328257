import { describe, expect, it } from 'vitest';
import { parseDesignYaml, serializeDesign } from '../io/design';
import { MAIN_SLOT, TabSession, designYaml, slotKey, type StorageLike } from './persistence';

class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

const snap = (yaml: string, title = 'T') => ({ yaml, layout: {}, title, objects: 1 });
let n = 0;
const ids = () => `id${++n}`;

describe('autosave per tab session (issue 20 items 1-5)', () => {
  it('two tabs on one design: the second writer never overwrites the first, it gets its own slot', async () => {
    const local = new MemoryStorage();
    const a = new TabSession(local, new MemoryStorage(), ids);
    a.load();
    expect(a.save(snap('A1'), 1)).toEqual({ kind: 'saved' });
    const b = new TabSession(local, new MemoryStorage(), ids);
    expect(b.id).toBe(a.id);
    b.load();
    expect(b.save(snap('B1'), 2)).toEqual({ kind: 'saved' });
    // tab a (idle since, or closing) saves a change: tab b's write is newer, so a forks
    const r = await a.save(snap('A2'), 3);
    expect(r.kind).toBe('forked');
    expect(JSON.parse(local.getItem(slotKey(MAIN_SLOT)) ?? '').yaml).toBe('B1');
    expect(JSON.parse(local.getItem(slotKey(a.id)) ?? '').yaml).toBe('A2');
    expect(a.recent().map((e) => e.id)).toEqual([a.id, MAIN_SLOT]);
  });

  it('a reload keeps the tab on its own design', () => {
    const local = new MemoryStorage();
    const session = new MemoryStorage();
    const a = new TabSession(local, session, ids);
    a.moveToNewSlot();
    a.save(snap('shared'), 5);
    const other = new TabSession(local, new MemoryStorage(), ids);
    other.moveToNewSlot();
    other.save(snap('other'), 9); // now the most recent design
    const reloaded = new TabSession(local, session, ids);
    expect(reloaded.id).toBe(a.id);
    expect(reloaded.load()).toMatchObject({ ok: true, design: { yaml: 'shared' } });
  });

  it('an unreadable or newer autosave is left alone: the tab saves into a new slot', () => {
    const local = new MemoryStorage();
    const newer = JSON.stringify({ v: 99, yaml: 'x', layout: {} });
    local.setItem(slotKey(MAIN_SLOT), newer);
    const a = new TabSession(local, new MemoryStorage(), ids);
    expect(a.load()).toMatchObject({ ok: false });
    expect(a.id).not.toBe(MAIN_SLOT);
    a.save(snap('mine'), 1);
    expect(local.getItem(slotKey(MAIN_SLOT))).toBe(newer);
  });

  it('recent designs list the saved slots newest first, at most 12, older slots removed', () => {
    const local = new MemoryStorage();
    const a = new TabSession(local, new MemoryStorage(), ids);
    const made: string[] = [];
    for (let k = 0; k < 14; k++) {
      made.push(a.moveToNewSlot());
      a.save(snap(`d${k}`, `design ${k}`), k);
    }
    const recent = a.recent();
    expect(recent.length).toBe(12);
    expect(recent[0]).toMatchObject({ title: 'design 13', id: made[13] });
    expect(local.getItem(slotKey(made[0] ?? ''))).toBeNull();
    expect(a.open(made[5] ?? '')).toMatchObject({ ok: true, design: { yaml: 'd5' } });
  });

  it('tells a foreign write to its slot from its own', () => {
    const local = new MemoryStorage();
    const a = new TabSession(local, new MemoryStorage(), ids);
    a.save(snap('x'), 1);
    const own = local.getItem(slotKey(a.id));
    expect(a.isForeignWrite(slotKey(a.id), own)).toBe(false);
    expect(a.isForeignWrite(slotKey(a.id), JSON.stringify({ writer: 'other' }))).toBe(true);
    expect(a.isForeignWrite('unrelated', JSON.stringify({ writer: 'other' }))).toBe(false);
  });
});

describe('designYaml (the autosave text from memoised per-object dumps)', () => {
  const objs = parseDesignYaml(
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: web}}\nspec: {}',
      'apiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: dns}\nspec: {cidrs: [10.0.0.53/32]}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}',
    ].join('\n---\n'),
    't.yaml',
  ).objects;

  it('writes exactly what serializeDesign writes, before and after an edit replaces one object', () => {
    expect(designYaml(objs, 'Shop')).toBe(serializeDesign(objs, 'Shop'));
    const pod = objs[0] as (typeof objs)[number];
    const edited = [
      { id: pod.id, obj: { ...pod.obj, metadata: { name: 'a', namespace: 'x', labels: { app: 'db' } } } },
      ...objs.slice(1),
    ];
    const yaml = designYaml(edited, 'Shop');
    expect(yaml).toBe(serializeDesign(edited, 'Shop'));
    expect(yaml).toContain('app: db');
    expect(yaml).not.toContain('app: web');
  });
});
