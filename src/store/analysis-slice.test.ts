// The analysis slice on a vanilla store (no React): workers are fakes running the real engine
// host in-process, so requests, cancels and answers go through the real protocol code.
import { describe, expect, it } from 'vitest';
import type { WorkerRequest } from '../engine/protocol';
import { parseDesignYaml } from '../io/design';
import { TWO_PODS } from '../testing/designs';
import { HostWorker, hostWorkers } from '../testing/engine-worker';
import { createAppStore } from './app-store';

const DESIGN = `${TWO_PODS}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-b, namespace: default}
spec: {podSelector: {matchLabels: {app: b}}, ingress: []}
`;

function connected<W extends HostWorker>(make: () => W, restartAfterMs?: number) {
  const store = createAppStore({ objects: parseDesignYaml(DESIGN).objects });
  const { workers, make: makeWorker } = hostWorkers(make);
  // the lint worker beside the engine, as on a machine with 4 cores or more (client.ts)
  const options = { lintWorker: true, ...(restartAfterMs === undefined ? {} : { restartAfterMs }) };
  const disconnect = store.getState().connectEngine(makeWorker, options);
  return { store, workers, disconnect };
}

const connect = () => connected(() => new HostWorker());

const settled = (store: ReturnType<typeof connect>['store']) =>
  new Promise<void>((resolve) => {
    const check = () =>
      store.getState().analysis?.rev === store.getState().rev ? resolve() : setTimeout(check, 5);
    check();
  });

const verdicts = (store: ReturnType<typeof connect>['store']) =>
  (store.getState().analysis?.result.connections ?? []).map(
    (c) => `${c.from}->${c.to} ${c.allowed.TCP.length > 0}`,
  );

/** Runs the real host, but the first request it gets hangs as a long computation would. */
class HangingFirstWorker extends HostWorker {
  static made = 0;
  private readonly hangs = HangingFirstWorker.made++ === 0;
  protected override receive(req: WorkerRequest): void {
    // held: no answer, the CPU stays busy until terminate
    if (!this.hangs || this.requests.length > 1) super.receive(req);
  }
}

/** Connected and analysed, with the design staged as the baseline. */
async function staged() {
  const c = connect();
  await settled(c.store);
  c.store.getState().stageBaseline('before');
  return c;
}

/** Loses its second request, as a worker would that missed a delta. */
class LosingSecondWorker extends HostWorker {
  protected override receive(req: WorkerRequest): void {
    if (this.requests.length !== 2) super.receive(req);
  }
}

/** Each request's type, and for an analysis whether the whole model or a delta came. */
const sent = (w: HostWorker | undefined) =>
  w?.requests.map((r) => (r.type === 'analyze' ? `analyze ${'delta' in r ? 'delta' : 'whole'}` : r.type));

describe('analysis slice', () => {
  it('analyses the design in a worker and stores the answer for its revision', async () => {
    const { store, workers, disconnect } = connect();
    await settled(store);
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    expect(workers[0]?.received).toEqual(['analyze']);
    disconnect();
  });

  it('one edit sends one analyze request (defect 3)', async () => {
    const { store, workers, disconnect } = connect();
    await settled(store);
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    expect(workers[0]?.received).toEqual(['analyze', 'analyze']);
    expect(verdicts(store)).toEqual(['default/a->default/b true', 'default/b->default/a true']);
    store.temporal.getState().undo();
    await settled(store);
    expect(workers[0]?.received).toEqual(['analyze', 'analyze', 'analyze']);
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    // the whole model once, then only the changes (the worker keeps the model)
    expect(sent(workers[0])).toEqual(['analyze whole', 'analyze delta', 'analyze delta']);
    disconnect();
  });

  it('a lost delta: the worker asks for the whole model, and the newest verdicts are shown', async () => {
    const { store, workers, disconnect } = connected(() => new LosingSecondWorker());
    await settled(store);
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().analysis?.rev).toBe(store.getState().rev - 1);
    store.temporal.getState().undo();
    await settled(store);
    expect(sent(workers[0])).toEqual([
      'analyze whole',
      'analyze delta',
      'cancel',
      'analyze delta',
      'analyze whole',
    ]);
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    expect(workers).toHaveLength(1);
    disconnect();
  });

  it('a newer revision cancels the one in flight, and the engine abandons it', async () => {
    const { store, workers, disconnect } = connect();
    await settled(store);
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    store.temporal.getState().undo();
    await settled(store);
    const w = workers[0];
    expect(w?.received).toEqual(['analyze', 'analyze', 'cancel', 'analyze']);
    expect(w?.host.stats).toEqual({ run: 2, cancelled: 1 });
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    disconnect();
  });

  it('a staged baseline is analysed in its own worker', async () => {
    const { store, workers, disconnect } = await staged();
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().baselineAnalysis?.connections.length).toBe(2);
    expect(workers.map((w) => w.received)).toEqual([['analyze', 'analyze'], ['analyze']]);
    // its verdicts only: nothing linted there, and its worker's lint worker never asked
    expect(workers[1]?.requests[0]).toMatchObject({ type: 'analyze', findings: false });
    expect(workers[1]?.peer.requests).toEqual([]);
    expect(workers[0]?.peer.requests.map((r) => r.type)).toEqual(['lint', 'lint']);
    // (the baseline has the one policy the design lost; its summary is not made)
    expect(store.getState().baselineAnalysis?.policies).toEqual([]);
    disconnect();
  });

  it('an analysis that has run long is stopped when a newer revision comes, and the newest is shown', async () => {
    HangingFirstWorker.made = 0;
    const { store, workers, disconnect } = connected(() => new HangingFirstWorker(), 20);
    await new Promise((r) => setTimeout(r, 40));
    expect(store.getState().analysis).toBeUndefined();
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[0]?.received).toEqual(['analyze']);
    expect(workers[1]?.received).toEqual(['analyze']);
    expect(sent(workers[1])).toEqual(['analyze whole']); // a new worker holds no model
    expect(store.getState().analysis?.rev).toBe(store.getState().rev);
    expect(verdicts(store)).toEqual(['default/a->default/b true', 'default/b->default/a true']);
    disconnect();
  });

  it('clearing the baseline cancels its analysis still in the worker', async () => {
    const { store, workers, disconnect } = await staged();
    store.getState().clearBaseline();
    await new Promise((r) => setTimeout(r, 20));
    expect(workers[1]?.received).toEqual(['analyze', 'cancel']);
    expect(workers[1]?.host.stats).toEqual({ run: 0, cancelled: 1 });
    expect(store.getState().baselineAnalysis).toBeUndefined();
    disconnect();
  });
});
