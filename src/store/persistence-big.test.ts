import { describe, expect, it } from 'vitest';
import { parseDesignYaml } from '../io/design';
import { designYaml, designYamlInSlices } from './design-yaml';
import {
  LOCAL_MAX_CHARS,
  TabSession,
  journalKey,
  slotKey,
  type BodyStore,
  type SavedBody,
  type StorageLike,
} from './persistence';

/** localStorage with a quota (in characters, keys and values), as browsers have. */
class QuotaStorage implements StorageLike {
  readonly data = new Map<string, string>();
  constructor(private readonly quota = 5_000_000) {}
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    const used = [...this.data].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

class MemoryBodies implements BodyStore {
  readonly data = new Map<string, SavedBody>();
  failing = false;
  put(k: string, b: SavedBody): Promise<void> {
    if (this.failing) return Promise.reject(new DOMException('disk full', 'QuotaExceededError'));
    this.data.set(k, structuredClone(b));
    return Promise.resolve();
  }
  get(k: string): Promise<SavedBody | undefined> {
    return Promise.resolve(this.data.get(k));
  }
  delete(k: string): Promise<void> {
    this.data.delete(k);
    return Promise.resolve();
  }
}

let n = 0;
const ids = () => `big${++n}`;
const big = 'x'.repeat(10 * 1024 * 1024);
const snap = (yaml: string) => ({ yaml, layout: { 'Pod/a/b': { x: 1, y: 2 } }, title: 'Big', objects: 2500 });

describe('autosave of designs too big for localStorage', () => {
  it('a 10 MB design: its text in the body store, a small record in localStorage; it loads back', async () => {
    const local = new QuotaStorage();
    const bodies = new MemoryBodies();
    const a = new TabSession(local, new QuotaStorage(), ids, bodies);
    a.load();
    expect(await a.save(snap(big), 1)).toEqual({ kind: 'saved' });
    const record = local.getItem(slotKey(a.id)) ?? '';
    expect(record.length).toBeLessThan(300);
    expect(JSON.parse(record)).toMatchObject({ body: 'store', rev: 1, yaml: '', title: 'Big' });
    expect(bodies.data.get(slotKey(a.id))?.yaml).toBe(big);
    expect(a.recent()[0]).toMatchObject({ id: a.id, title: 'Big', objects: 2500 });

    const reloaded = new TabSession(local, new QuotaStorage(), ids, bodies);
    const d = reloaded.load();
    expect(d).toBeInstanceOf(Promise);
    expect(await d).toEqual({ ok: true, design: { v: 1, yaml: big, layout: { 'Pod/a/b': { x: 1, y: 2 } } } });
    // the revision checks work as for small designs: a second tab's write makes this one fork
    expect(await reloaded.save(snap(`${big}!`), 2)).toEqual({ kind: 'saved' });
    expect((await a.save(snap(big), 3)).kind).toBe('forked');
    expect(bodies.data.get(slotKey(reloaded.id))?.yaml).toBe(`${big}!`);
  });

  it('a small design refused by a full localStorage goes to the body store; shrunk, it comes back', async () => {
    const local = new QuotaStorage(2000);
    const bodies = new MemoryBodies();
    const a = new TabSession(local, undefined, ids, bodies);
    const medium = 'y'.repeat(3000);
    expect(medium.length).toBeLessThan(LOCAL_MAX_CHARS);
    expect(await a.save(snap(medium), 1)).toEqual({ kind: 'saved' });
    expect(bodies.data.get(slotKey(a.id))?.yaml).toBe(medium);
    expect(await a.save(snap('small'), 2)).toEqual({ kind: 'saved' });
    expect(JSON.parse(local.getItem(slotKey(a.id)) ?? '')).toMatchObject({ yaml: 'small', rev: 2 });
    expect(bodies.data.size).toBe(0);
  });

  it('a failed big save says so and leaves what was saved before as it was', async () => {
    const local = new QuotaStorage();
    const bodies = new MemoryBodies();
    const a = new TabSession(local, undefined, ids, bodies);
    expect(await a.save(snap(big), 1)).toEqual({ kind: 'saved' });
    const before = local.getItem(slotKey(a.id));
    bodies.failing = true;
    const r = await a.save(snap(`${big}?`), 2);
    expect(r.kind).toBe('failed');
    expect(local.getItem(slotKey(a.id))).toBe(before);
    expect(bodies.data.get(slotKey(a.id))?.yaml).toBe(big);
    // without a body store (IndexedDB blocked) a big design fails as before: quota exceeded
    const none = new TabSession(new QuotaStorage(), undefined, ids);
    const failed = await none.save(snap(big), 1);
    expect(failed.kind === 'failed' && (failed.error as DOMException).name).toBe('QuotaExceededError');
  });

  it('a record whose body is gone: the tab is told why and saves elsewhere, the record stays', async () => {
    const local = new QuotaStorage();
    const bodies = new MemoryBodies();
    const a = new TabSession(local, undefined, ids, bodies);
    await a.save(snap(big), 1);
    const slot = a.id;
    bodies.data.clear();
    const b = new TabSession(local, undefined, ids, bodies);
    expect(b.open(slot) instanceof Promise && (await b.open(slot))).toEqual({
      ok: false,
      message: "its text is missing from the browser's database (IndexedDB)",
    });
    expect(b.id).not.toBe(slot);
    expect(local.getItem(slotKey(slot))).not.toBeNull();
  });
});

describe('the journal of a big design (its changes while the body is written)', () => {
  const edited = `${big.slice(0, 5000)}kind: Namespace${big.slice(5000)}`;
  const moved = { 'Pod/a/b': { x: 40, y: 2 } };

  it('a page left before the body write finished: the reload has the edit and the layout', async () => {
    const local = new QuotaStorage();
    const bodies = new MemoryBodies();
    const a = new TabSession(local, new QuotaStorage(), ids, bodies);
    a.load();
    await a.save(snap(big), 1);
    // the page goes: the journal is written, the body's write never ends
    expect(a.saveJournal({ yaml: edited, layout: moved })).toBe(true);
    expect((local.getItem(journalKey(a.id)) ?? '').length).toBeLessThan(300);
    bodies.put = () => new Promise<void>(() => undefined);
    void a.save({ ...snap(edited), layout: moved }, 2);

    const reloaded = new TabSession(local, undefined, ids, bodies);
    const d = await reloaded.open(a.id);
    expect(d).toEqual({ ok: true, design: { v: 1, yaml: edited, layout: moved } });
    expect(reloaded.journaled).toBe(true);
  });

  it('once the body is written the journal is dropped; a journal for another body is ignored', async () => {
    const local = new QuotaStorage();
    const bodies = new MemoryBodies();
    const a = new TabSession(local, undefined, ids, bodies);
    await a.save(snap(big), 1);
    expect(a.saveJournal({ yaml: edited, layout: moved })).toBe(true);
    await a.save({ ...snap(edited), layout: moved }, 2);
    expect(local.getItem(journalKey(a.id))).toBeNull();
    // a journal left against revision 1 while the body is at 2 (its write ended after all)
    local.setItem(journalKey(a.id), JSON.stringify({ base: 1, head: 0, tail: 0, text: 'stale', layout: {} }));
    const b = new TabSession(local, undefined, ids, bodies);
    expect(await b.open(a.id)).toEqual({ ok: true, design: { v: 1, yaml: edited, layout: moved } });
    expect(b.journaled).toBe(false);
    // a design never written to the body store has nothing to journal against
    expect(new TabSession(new QuotaStorage(), undefined, ids, bodies).saveJournal(snap('x'))).toBe(false);
  });
});

describe('designYamlInSlices (the autosave text without holding the main thread)', () => {
  const text = Array.from(
    { length: 300 },
    (_, k) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${k}, namespace: s}\nspec: {}`,
  ).join('\n---\n');

  it('yields between slices and writes exactly what designYaml writes', async () => {
    const objs = parseDesignYaml(text, 't').objects;
    let ticks = 0;
    const tick = setInterval(() => ticks++, 0);
    const yaml = await designYamlInSlices(objs, 'T', () => false, 0);
    clearInterval(tick);
    expect(ticks).toBeGreaterThan(10); // other work ran in between
    expect(yaml).toBe(designYaml(objs, 'T'));
  });

  it('after one edit rebuilds one run of the text, and writes what designYaml writes (hosts too)', async () => {
    const host = `apiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: h}\nspec: {ip: 10.0.0.9}`;
    const objs = parseDesignYaml(`${host}\n---\n${text}`, 't').objects;
    let asked = 0;
    const stale = (): boolean => (asked++, false);
    expect(await designYamlInSlices(objs, 'T', stale, 0)).toBe(designYaml(objs, 'T'));
    expect(asked).toBeGreaterThan(300); // each object dumped in its own slice (sliceMs 0)
    const edited = objs.map((o, k) =>
      k === 150
        ? { ...o, obj: { ...o.obj, metadata: { name: 'p149', namespace: 's', labels: { a: 'b' } } } }
        : o,
    );
    asked = 0;
    const yaml = await designYamlInSlices(edited, 'Renamed', stale, 0);
    expect(yaml).toBe(designYaml(edited, 'Renamed'));
    expect(yaml).toContain('labels:\n    a: b');
    expect(asked).toBe(2); // the edited object's dump, then its run's text; the other run is kept
    const fewer = edited.filter((_, k) => k !== 20);
    expect(await designYamlInSlices(fewer, 'Renamed', stale, 0)).toBe(designYaml(fewer, 'Renamed'));
  });

  it('stops when a newer design supersedes it', async () => {
    const objs = parseDesignYaml(text, 't').objects;
    expect(await designYamlInSlices(objs, 'T', () => true, 0)).toBeUndefined();
  });
});
