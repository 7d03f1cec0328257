import type { Model } from '../model/types';
import type { AnalysisResult } from './analyze';
import { PROTOCOL_VERSION, type WorkerRequest, type WorkerResponse } from './protocol';

export interface AnalysisOk {
  readonly rev: number;
  readonly result: AnalysisResult;
  readonly ms: number;
}

/**
 * Main-thread side of the engine worker. Only the newest request's answer is delivered:
 * older ones are dropped. A crashed worker is restarted and `onCrash` is told.
 */
export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: { id: number; rev: number; resolve: (r: AnalysisOk | undefined) => void; reject: (e: Error) => void } | undefined;

  constructor(
    private readonly make: () => Worker,
    private readonly onCrash: (message: string) => void = () => undefined,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.make();
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => this.receive(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.crash(ev.message || 'the analysis worker crashed');
    };
    this.worker = w;
    return w;
  }

  private crash(message: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    const p = this.pending;
    this.pending = undefined;
    this.onCrash(message);
    p?.reject(new Error(message));
  }

  private receive(r: WorkerResponse): void {
    const p = this.pending;
    if (!p || r.id !== p.id) return; // stale answer: dropped
    this.pending = undefined;
    if (r.type === 'result') p.resolve({ rev: r.rev, result: r.result, ms: r.ms });
    else p.reject(new Error(r.message));
  }

  /** Resolves with the result, or undefined when a newer request superseded this one. */
  analyze(model: Model, rev: number): Promise<AnalysisOk | undefined> {
    const w = this.ensure();
    if (this.pending) {
      this.pending.resolve(undefined);
      w.postMessage({ v: PROTOCOL_VERSION, id: this.pending.id, rev: this.pending.rev, type: 'cancel' } satisfies WorkerRequest);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, rev, resolve, reject };
      w.postMessage({ v: PROTOCOL_VERSION, id, rev, type: 'analyze', model } satisfies WorkerRequest);
    });
  }

  /** For tests and recovery: kill the worker as if it had crashed. */
  simulateCrash(): void {
    this.crash('the analysis worker was stopped');
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
