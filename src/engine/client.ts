import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { AnalysisResult } from './analyze';
import {
  PROTOCOL_VERSION,
  type Backend,
  type WorkerDiff,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

export interface AnalysisOk {
  readonly rev: number;
  readonly result: AnalysisResult;
  readonly findings: readonly Diagnostic[];
  readonly ms: number;
}

type Pending =
  | {
      readonly kind: 'analyze';
      readonly id: number;
      readonly rev: number;
      readonly model: Model;
      readonly backend: Backend;
      readonly resolve: (r: AnalysisOk | undefined) => void;
      readonly reject: (e: Error) => void;
    }
  | {
      readonly kind: 'diff';
      readonly id: number;
      readonly rev: number;
      readonly before: Model;
      readonly after: Model;
      readonly backend: Backend;
      readonly resolve: (r: DiffOk | undefined) => void;
      readonly reject: (e: Error) => void;
    };

export interface DiffOk {
  readonly rev: number;
  readonly diff: WorkerDiff;
  readonly ms: number;
}

/**
 * Main-thread side of the engine worker. Only the newest request's answer is delivered;
 * an older request resolves `undefined` (dropped). A crashed worker is restarted, told
 * through `onCrash`, and the newest request is sent again.
 */
export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: Pending | undefined;
  /** Request ids already sent again after a crash. */
  private readonly retried = new Set<number>();

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
    this.onCrash(message);
    const p = this.pending;
    if (!p) return;
    // restart and retry the newest request once: a request that crashes the engine every time fails
    if (!this.retried.has(p.id)) {
      this.retried.add(p.id);
      this.post(p);
      return;
    }
    this.pending = undefined;
    p.reject(new Error(`the analysis worker crashed twice on this design (${message})`));
  }

  private post(p: Pending): void {
    const base = { v: PROTOCOL_VERSION, id: p.id, rev: p.rev, backend: p.backend };
    this.ensure().postMessage(
      (p.kind === 'analyze'
        ? { ...base, type: 'analyze', model: p.model }
        : { ...base, type: 'diff', before: p.before, after: p.after }) satisfies WorkerRequest,
    );
  }

  private receive(r: WorkerResponse): void {
    const p = this.pending;
    if (!p || r.id !== p.id) return; // stale answer: dropped
    this.pending = undefined;
    if (r.type === 'error') p.reject(new Error(r.message));
    else if (r.type === 'result' && p.kind === 'analyze')
      p.resolve({ rev: r.rev, result: r.result, findings: r.findings, ms: r.ms });
    else if (r.type === 'diff' && p.kind === 'diff') p.resolve({ rev: r.rev, diff: r.diff, ms: r.ms });
    else p.reject(new Error(`unexpected ${r.type} answer`));
  }

  /** The newer request wins: the older one resolves undefined and the engine is told to drop it. */
  private supersede(): void {
    const p = this.pending;
    if (!p) return;
    p.resolve(undefined);
    this.pending = undefined;
    this.worker?.postMessage({
      v: PROTOCOL_VERSION,
      id: this.nextId++,
      rev: p.rev,
      type: 'cancel',
      target: p.id,
    } satisfies WorkerRequest);
  }

  /** Resolves with the result, or undefined when a newer request superseded this one. */
  analyze(model: Model, rev: number, backend: Backend = 'api'): Promise<AnalysisOk | undefined> {
    this.supersede();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { kind: 'analyze', id, rev, model, backend, resolve, reject };
      this.post(this.pending);
    });
  }

  /** The before/after diff of two models (large designs), or undefined when superseded. */
  diff(before: Model, after: Model, rev: number, backend: Backend = 'api'): Promise<DiffOk | undefined> {
    this.supersede();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { kind: 'diff', id, rev, before, after, backend, resolve, reject };
      this.post(this.pending);
    });
  }

  /** For the e2e suite's hook (not in production bundles): make the worker die as an engine bug would. */
  dieForTest(): void {
    this.worker?.postMessage({ v: PROTOCOL_VERSION, id: 0, rev: 0, type: 'crash' } satisfies WorkerRequest);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
