import { describe, expect, it } from 'vitest';
import { validateStrict } from '../../io/schema/schemas';
import { createAppStore } from '../app-store';
import { WORKER_IMPORT_BYTES } from '../slices/import';
import { hostWorkers } from '../../testing/engine-worker';
import { ParseClient, type ParseProgress } from './client';
import { handleParse } from './handle';
import { withTextLines } from '../import-lines';
import type { Diagnostic } from '../../model/diagnostic';
import type { ParseRequest, ParseResponse } from './protocol';

/** A worker that runs the real parse handler a tick later (as a Worker would, off this stack). */
class FakeWorker {
  onmessage: ((ev: MessageEvent<ParseResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly requests: ParseRequest[] = [];
  readonly answers: ParseResponse[] = [];
  constructor(private readonly crash?: string) {}
  postMessage(req: ParseRequest): void {
    this.requests.push(req);
    setTimeout(() => {
      if (this.terminated) return;
      if (this.crash) {
        this.onerror?.({ message: this.crash, preventDefault: () => undefined } as ErrorEvent);
        return;
      }
      handleParse(
        req,
        (r) => {
          // a copy, as a Worker's message is (objects remembered in the worker are not these)
          const copy = structuredClone(r);
          this.answers.push(copy);
          this.onmessage?.({ data: copy } as MessageEvent<ParseResponse>);
        },
        validateStrict,
        0,
      );
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const pods = (n: number): string =>
  Array.from(
    { length: n },
    (_, k) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${k}, namespace: big, labels: {app: a${k % 7}}}\nspec:\n  containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]\n`,
  ).join('');

describe('ParseClient (fake worker)', () => {
  it('reports progress (documents, characters) and resolves with objects, model and line findings', async () => {
    const { workers, make } = hostWorkers(() => new FakeWorker());
    const client = new ParseClient(make);
    const text = `${pods(300)}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: big, lables: {a: b}}\n`;
    const seen: ParseProgress[] = [];
    const read = await client.parse(text, (p) => seen.push(p));
    expect(read?.objects).toHaveLength(301);
    expect(read?.model.endpoints).toHaveLength(300);
    expect(read?.diagnostics.map((d) => [d.code, d.field, d.line])).toEqual([
      ['field-unknown', 'metadata.lables', 6 * 300 + 4], // six lines a pod,
    ]);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.at(-1)?.total).toBe(text.length);
    expect(seen.map((p) => p.documents)).toEqual([...seen.map((p) => p.documents)].sort((a, b) => a - b));
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(workers).toHaveLength(1);
    expect(client.busy).toBe(false);
  });

  it('cancel ends the worker and resolves undefined; the next parse starts a fresh worker', async () => {
    const { workers, make } = hostWorkers(() => new FakeWorker());
    const client = new ParseClient(make);
    const first = client.parse(pods(10), () => undefined);
    expect(client.cancel()).toBe(true);
    expect(await first).toBeUndefined();
    expect(workers[0]?.terminated).toBe(true);
    const second = await client.parse(pods(2), () => undefined);
    expect(second?.objects).toHaveLength(2);
    expect(workers).toHaveLength(2);
    expect(client.cancel()).toBe(false);
  });

  it('a crashed worker rejects the import with its message', async () => {
    const client = new ParseClient(() => new FakeWorker('out of memory') as unknown as Worker);
    await expect(client.parse(pods(1), () => undefined)).rejects.toThrow('out of memory');
    expect(client.busy).toBe(false);
  });
});

describe('importText (the store)', () => {
  const big = pods(Math.ceil(WORKER_IMPORT_BYTES / 100));

  it('a big text goes through the worker, shows progress, and lands as one import', async () => {
    const store = createAppStore();
    store.getState().connectParser(() => new FakeWorker() as unknown as Worker);
    const statuses: (string | undefined)[] = [];
    const unsub = store.subscribe((s) => statuses.push(s.importing?.name));
    const rev = store.getState().rev;
    const diags = await store.getState().importText(big, 'replace', { name: 'big.yaml', title: 'Big' });
    unsub();
    expect(diags).toEqual([]);
    const s = store.getState();
    expect(s.objects.length).toBe(Math.ceil(WORKER_IMPORT_BYTES / 100));
    expect(s.model.endpoints.length).toBe(s.objects.length);
    expect(s.derivedFrom).toBe(s.objects);
    expect(s.rev).toBe(rev + 1);
    expect(s.title).toBe('Big');
    expect(statuses).toContain('big.yaml');
    expect(s.importing).toBeUndefined();
  });

  it('cancel and failure keep everything the user had', async () => {
    const store = createAppStore();
    store.getState().importYaml(pods(3), 'replace');
    const before = store.getState().objects;
    store.getState().connectParser(() => new FakeWorker() as unknown as Worker);
    const running = store.getState().importText(big, 'replace');
    expect(store.getState().importing?.total).toBe(big.length);
    store.getState().cancelImport();
    expect(await running).toBeUndefined();
    expect(store.getState().objects).toBe(before);
    expect(store.getState().notice?.text).toBe('Import cancelled; the design is unchanged.');

    store.getState().connectParser(() => new FakeWorker('boom') as unknown as Worker);
    expect(await store.getState().importText(big, 'merge', { name: 'x.yaml' })).toBeUndefined();
    expect(store.getState().objects).toBe(before);
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: 'Import of x.yaml failed (boom); the design is unchanged.',
    });
    expect(store.getState().importing).toBeUndefined();
  });

  it('a small text is imported at once, without the worker', async () => {
    const store = createAppStore();
    const { workers: made, make } = hostWorkers(() => new FakeWorker());
    store.getState().connectParser(make);
    await store.getState().importText(pods(2), 'replace');
    expect(store.getState().objects).toHaveLength(2);
    expect(made).toHaveLength(0);
  });

  it('a big merge derives the merged model in the worker, keeps the layout, and is one import', async () => {
    const store = createAppStore();
    store.getState().importYaml(pods(3), 'replace');
    const had = store.getState();
    const w = new FakeWorker();
    store.getState().connectParser(() => w as unknown as Worker);
    const merged = big.replace(/name: p(\d+), namespace: big/g, 'name: q$1, namespace: big');
    const diags = await store.getState().importText(merged, 'merge', { name: 'more.yaml' });
    expect(diags).toEqual([]);
    expect(w.requests[0]?.base).toBe(had.objects);
    const done = w.answers.find((a) => a.type === 'done');
    const s = store.getState();
    // the model is the one the worker built (not derived again here), and it is the merged design's
    expect(done?.type === 'done' && s.model === done.read.model).toBe(true);
    expect(s.objects.length).toBe(3 + Math.ceil(WORKER_IMPORT_BYTES / 100));
    expect(s.model.endpoints.length).toBe(s.objects.length);
    expect(s.objects.slice(0, 3)).toEqual(had.objects);
    expect(s.derivedFrom).toBe(s.objects);
    expect(s.rev).toBe(had.rev + 1);
    for (const id of Object.keys(had.layout)) expect(s.layout[id]).toEqual(had.layout[id]);
  });

  it('a design edited while a big merge was read is merged as it is now, and derived here', async () => {
    const store = createAppStore();
    store.getState().importYaml(pods(3), 'replace');
    const w = new FakeWorker();
    store.getState().connectParser(() => w as unknown as Worker);
    const running = store.getState().importText(big, 'merge');
    store.getState().removeObjects(['pod:big/p0']);
    await running;
    const s = store.getState();
    const done = w.answers.find((a) => a.type === 'done');
    expect(done?.type === 'done' && s.model !== done.read.model).toBe(true);
    // p0 comes back with the merge (the import has it); the model is the merged design's
    expect(s.objects.length).toBe(Math.ceil(WORKER_IMPORT_BYTES / 100));
    expect(s.model.endpoints.length).toBe(s.objects.length);
  });

  it("a big import's findings name their object's line, a List item's too, as the worker read them", async () => {
    const store = createAppStore();
    store.getState().connectParser(() => new FakeWorker() as unknown as Worker);
    // a List of pods (kubectl get -o yaml), then a policy: each pod item is three lines
    const items = Array.from(
      { length: Math.ceil(WORKER_IMPORT_BYTES / 60) },
      (_, k) => `- apiVersion: v1\n  kind: Pod\n  metadata: {name: p${k}, namespace: big}\n`,
    ).join('');
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: big}\nspec: {podSelector: {}}\n';
    const text = `apiVersion: v1\nkind: List\nitems:\n${items}---\n${policy}`;
    expect(text.length).toBeGreaterThan(WORKER_IMPORT_BYTES);
    await store.getState().importText(text, 'replace', { name: 'big.yaml' });
    const s = store.getState();
    const about = (kind: string, name: string): Diagnostic => ({
      severity: 'warning',
      code: 'selector-matches-nothing',
      message: 'm',
      object: { kind, namespace: 'big', name },
      field: 'spec',
    });
    const last = Math.ceil(WORKER_IMPORT_BYTES / 60) - 1;
    const placed = withTextLines(
      [about('Pod', 'p0'), about('Pod', `p${last}`), about('NetworkPolicy', 'np')],
      s.objects,
    );
    expect(placed.map((d) => [d.file, d.line])).toEqual([
      ['import', 4],
      ['import', 4 + 3 * last],
      ['import', 4 + 3 * (last + 1) + 1],
    ]);
    // an object edited since has no line (the text no longer describes it)
    const pod = s.objects[0]?.obj as { metadata: object };
    store
      .getState()
      .updateObject(s.objects[0]?.id ?? '', { ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } });
    expect(withTextLines([about('Pod', 'p0')], store.getState().objects)[0]?.line).toBeUndefined();
  });
});
