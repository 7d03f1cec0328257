import { describe, expect, it, vi } from 'vitest';
import { emptyModel } from '../model/types';
import { AnalysisClient, lintWorkerByDefault } from './client';
import type { WorkerRequest } from './protocol';

/** A worker that dies on every request, as an engine bug on one input would make it. */
class CrashingWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly posted: WorkerRequest[] = [];
  postMessage(m: WorkerRequest): void {
    this.posted.push(m);
    setTimeout(() => this.onerror?.({ message: 'boom', preventDefault: () => undefined } as ErrorEvent));
  }
  terminate(): void {}
}

describe('a request that crashes the worker (defect 4)', () => {
  it('is retried once on a fresh worker, then fails', async () => {
    const workers: CrashingWorker[] = [];
    const crashes: string[] = [];
    const client = new AnalysisClient(
      () => {
        const w = new CrashingWorker();
        workers.push(w);
        if (workers.length > 5) throw new Error('retried forever');
        return w as unknown as Worker;
      },
      (m) => crashes.push(m),
    );
    await expect(client.analyze(emptyModel(), 1)).rejects.toThrow(
      'the analysis worker crashed twice on this design (boom)',
    );
    expect(workers).toHaveLength(2);
    expect(crashes).toEqual(['boom', 'boom']);
    client.dispose();
  });
});

/** A worker that answers only when told to: the job it holds stands for one still computing. */
class BusyWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly posted: WorkerRequest[] = [];
  terminated = false;
  postMessage(m: WorkerRequest): void {
    this.posted.push(m);
  }
  /** Finish the analyze job `id` (nothing reaches the page from a terminated worker). */
  answer(id: number, rev: number): void {
    if (this.terminated) return;
    const data = {
      v: 2,
      id,
      rev,
      type: 'result',
      result: { connections: [], networks: [] },
      findings: [],
      ms: 1,
    };
    this.onmessage?.({ data } as MessageEvent);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function busyClient(restartAfterMs: number) {
  let clock = 0;
  const workers: BusyWorker[] = [];
  const client = new AnalysisClient(
    () => {
      const w = new BusyWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    undefined,
    { restartAfterMs, now: () => clock },
  );
  return { client, workers, tick: (ms: number) => (clock += ms) };
}

/** Request 1, then after `age` ms request 2 (restart after 500 ms): the first resolves undefined. */
async function superseded(age: number) {
  const { client, workers, tick } = busyClient(500);
  const stale = client.analyze(emptyModel(), 1);
  tick(age);
  const newest = client.analyze(emptyModel(), 2);
  await expect(stale).resolves.toBeUndefined();
  return { client, workers, newest };
}

describe('a superseded analysis that has already started', () => {
  it('is stopped with its worker, and the newest request runs on a fresh one', async () => {
    const { client, workers, newest } = await superseded(600);
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[0]?.posted.map((r) => `${r.type} ${r.rev}`)).toEqual(['analyze 1']);
    expect(workers[1]?.posted.map((r) => `${r.type} ${r.rev}`)).toEqual(['analyze 2']);
    expect(client.restarts).toBe(1);
    workers[0]?.answer(1, 1); // the stale job cannot answer any more
    workers[1]?.answer(workers[1].posted[0]?.id ?? -1, 2);
    await expect(newest).resolves.toMatchObject({ rev: 2 });
    client.dispose();
  });

  it('a young one is cancelled in place: the worker and its warm caches are kept', async () => {
    const { client, workers, newest } = await superseded(100);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.terminated).toBe(false);
    expect(workers[0]?.posted.map((r) => `${r.type} ${r.rev}`)).toEqual([
      'analyze 1',
      'cancel 1',
      'analyze 2',
    ]);
    expect(client.restarts).toBe(0);
    const last = workers[0]?.posted[2]?.id ?? -1;
    workers[0]?.answer(1, 1); // a late answer to the dropped request is ignored
    workers[0]?.answer(last, 2);
    await expect(newest).resolves.toMatchObject({ rev: 2 });
    client.dispose();
  });

  it('an explicit cancel of a long job stops it too', async () => {
    const { client, workers, tick } = busyClient(500);
    const job = client.diff(emptyModel(), emptyModel(), 3);
    tick(5000);
    client.cancel();
    await expect(job).resolves.toBeUndefined();
    expect(workers[0]?.terminated).toBe(true);
    expect(client.restarts).toBe(1);
  });
});

describe('where findings are linted by default', () => {
  it('beside the engine from 4 logical cores, in the engine worker below (and without navigator)', () => {
    const seen = [0, 2, 3, 4, 16].map((n) => {
      vi.stubGlobal('navigator', { hardwareConcurrency: n });
      return lintWorkerByDefault();
    });
    vi.unstubAllGlobals();
    expect(seen).toEqual([false, false, false, true, true]);
    vi.stubGlobal('navigator', undefined);
    expect(lintWorkerByDefault()).toBe(false);
    vi.unstubAllGlobals();
  });
});
