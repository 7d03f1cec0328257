import { describe, expect, it } from 'vitest';
import { emptyModel } from '../model/types';
import { AnalysisClient } from './client';
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
