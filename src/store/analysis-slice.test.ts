// The analysis slice on a vanilla store (no React): workers are fakes running the real engine
// host in-process, so requests, cancels and answers go through the real protocol code.
import { describe, expect, it } from 'vitest';
import { createEngineHost } from '../engine/worker-host';
import type { WorkerRequest, WorkerResponse } from '../engine/protocol';
import { parseDesignYaml } from '../io/design';
import { TWO_PODS } from '../testing/designs';
import { createAppStore } from './app-store';

class FakeWorker {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly received: WorkerRequest['type'][] = [];
  readonly host = createEngineHost((r) => setTimeout(() => this.onmessage?.({ data: r } as MessageEvent)));
  postMessage(req: WorkerRequest): void {
    this.received.push(req.type);
    this.host.receive(req);
  }
  terminate(): void {}
}

const DESIGN = `${TWO_PODS}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-b, namespace: default}
spec: {podSelector: {matchLabels: {app: b}}, ingress: []}
`;

function connected() {
  const store = createAppStore({ objects: parseDesignYaml(DESIGN).objects });
  const workers: FakeWorker[] = [];
  const disconnect = store.getState().connectEngine(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { store, workers, disconnect };
}

const settled = (store: ReturnType<typeof connected>['store']) =>
  new Promise<void>((resolve) => {
    const check = () =>
      store.getState().analysis?.rev === store.getState().rev ? resolve() : setTimeout(check, 5);
    check();
  });

const verdicts = (store: ReturnType<typeof connected>['store']) =>
  (store.getState().analysis?.result.connections ?? []).map(
    (c) => `${c.from}->${c.to} ${c.allowed.TCP.length > 0}`,
  );

/** Runs the real host, but the first request it gets hangs as a long computation would. */
class HangingFirstWorker extends FakeWorker {
  terminated = false;
  static made = 0;
  private readonly hangs = HangingFirstWorker.made++ === 0;
  override postMessage(req: WorkerRequest): void {
    if (this.hangs && this.received.length === 0) {
      this.received.push(req.type); // held: no answer, the CPU stays busy until terminate
      return;
    }
    super.postMessage(req);
  }
  override terminate(): void {
    this.terminated = true;
  }
}

describe('analysis slice', () => {
  it('analyses the design in a worker and stores the answer for its revision', async () => {
    const { store, workers, disconnect } = connected();
    await settled(store);
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    expect(workers[0]?.received).toEqual(['analyze']);
    disconnect();
  });

  it('one edit sends one analyze request (defect 3)', async () => {
    const { store, workers, disconnect } = connected();
    await settled(store);
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    expect(workers[0]?.received).toEqual(['analyze', 'analyze']);
    expect(verdicts(store)).toEqual(['default/a->default/b true', 'default/b->default/a true']);
    store.temporal.getState().undo();
    await settled(store);
    expect(workers[0]?.received).toEqual(['analyze', 'analyze', 'analyze']);
    expect(verdicts(store)).toEqual(['default/a->default/b false', 'default/b->default/a true']);
    disconnect();
  });

  it('a newer revision cancels the one in flight, and the engine abandons it', async () => {
    const { store, workers, disconnect } = connected();
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
    const { store, workers, disconnect } = connected();
    await settled(store);
    store.getState().stageBaseline('before');
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().baselineAnalysis?.connections.length).toBe(2);
    expect(workers.map((w) => w.received)).toEqual([['analyze', 'analyze'], ['analyze']]);
    disconnect();
  });

  it('an analysis that has run long is stopped when a newer revision comes, and the newest is shown', async () => {
    HangingFirstWorker.made = 0;
    const store = createAppStore({ objects: parseDesignYaml(DESIGN).objects });
    const workers: HangingFirstWorker[] = [];
    const disconnect = store.getState().connectEngine(
      () => {
        const w = new HangingFirstWorker();
        workers.push(w);
        return w as unknown as Worker;
      },
      { restartAfterMs: 20 },
    );
    await new Promise((r) => setTimeout(r, 40));
    expect(store.getState().analysis).toBeUndefined();
    store.getState().removeObjects(['NetworkPolicy/default/deny-b']);
    await settled(store);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[0]?.received).toEqual(['analyze']);
    expect(workers[1]?.received).toEqual(['analyze']);
    expect(store.getState().analysis?.rev).toBe(store.getState().rev);
    expect(verdicts(store)).toEqual(['default/a->default/b true', 'default/b->default/a true']);
    disconnect();
  });

  it('clearing the baseline cancels its analysis still in the worker', async () => {
    const { store, workers, disconnect } = connected();
    await settled(store);
    store.getState().stageBaseline('before');
    store.getState().clearBaseline();
    await new Promise((r) => setTimeout(r, 20));
    expect(workers[1]?.received).toEqual(['analyze', 'cancel']);
    expect(workers[1]?.host.stats).toEqual({ run: 0, cancelled: 1 });
    expect(store.getState().baselineAnalysis).toBeUndefined();
    disconnect();
  });
});
