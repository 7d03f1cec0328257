import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { AnalysisResult } from './analyze';
import { modelDelta } from './model-delta';
import { unpack } from './wire-pack';
import { WorkerSlot } from './worker-slot';

export { WorkerSlot };
import {
  PROTOCOL_VERSION,
  type Backend,
  type Linted,
  type WorkerDiff,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

export interface AnalysisOk {
  readonly rev: number;
  readonly result: AnalysisResult;
  readonly findings: readonly Diagnostic[];
  readonly ms: number;
  readonly linter?: Linted;
}

/** A request in flight, resolved with its answer `R` (undefined when dropped). */
interface Job<K extends string, R> {
  readonly kind: K;
  readonly id: number;
  readonly rev: number;
  /** When it was last posted to the worker (client clock). */
  postedAt?: number;
  readonly resolve: (r: R | undefined) => void;
  readonly reject: (e: Error) => void;
}

type Pending =
  | (Job<'analyze', AnalysisOk> & {
      readonly model: Model;
      readonly backend: Backend;
      readonly allowIcmp: boolean;
    })
  | (Job<'diff', DiffOk> & {
      readonly before: Model;
      readonly after: Model;
      readonly backend: Backend;
      readonly allowIcmp: boolean;
    });

/** A compile check in flight (`check`): kept apart from the analysis, which it never supersedes. */
interface CheckJob {
  readonly id: number;
  readonly model: Model;
  readonly backend: Backend;
  readonly resolve: (d: readonly Diagnostic[] | undefined) => void;
  readonly reject: (e: Error) => void;
}

export interface DiffOk {
  readonly rev: number;
  readonly diff: WorkerDiff;
  readonly ms: number;
}

export interface ClientOptions {
  /**
   * A superseded or cancelled request that has been in the worker this long (ms) is stopped by
   * terminating the worker (a new one starts on the next request); a younger one gets `cancel`.
   */
  readonly restartAfterMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
  /**
   * false: answers carry verdicts only, no findings or policy summaries (the staged baseline,
   * whose findings nobody reads); the worker then lints nothing and starts no lint worker.
   */
  readonly findings?: boolean;
  /**
   * Whether findings and summaries are made by a lint worker beside the engine (lint-peer.ts)
   * instead of after the analysis in the engine worker. Default: where the machine has 4 or
   * more logical cores (`navigator.hardwareConcurrency`). On 2 cores the two workers' garbage
   * collectors compete for the second core and the answer came slower, not faster (README,
   * Benchmark: 3.3-3.9 s against 3.0 s at 50,000 endpoints).
   */
  readonly lintWorker?: boolean;
}

/** The default of `ClientOptions.lintWorker`: enough cores for two busy workers and their collectors. */
export function lintWorkerByDefault(): boolean {
  const cores = typeof navigator === 'undefined' ? 0 : (navigator.hardwareConcurrency ?? 0);
  return cores >= 4;
}

/**
 * Default for `restartAfterMs`. The engine is synchronous, so a `cancel` only drops a request
 * that has not started; one already running holds the CPU to its end, and on a large design
 * that is seconds of work nobody will see. Terminating the worker stops it at once, but loses
 * the worker's warm caches (Analyzer layout, compiled policies, class cache; Linter), so the
 * next analysis runs cold. Below this age a running job is likely an incremental one close to
 * done and cheaper to finish than to lose the caches over; above it, it is a cold or heavy run
 * whose remainder costs more than the respawn. (A SharedArrayBuffer abort flag would keep the
 * caches, but needs cross-origin isolation and checks inside the engine core.)
 */
export const RESTART_AFTER_MS = 750;

/**
 * Main-thread side of the engine worker. Only the newest request's answer is delivered;
 * an older request resolves `undefined` (dropped) and is stopped (see RESTART_AFTER_MS).
 * A crashed worker is restarted, told through `onCrash`, and the newest request is sent again.
 */
export class AnalysisClient {
  private readonly slot: WorkerSlot<WorkerResponse>;
  private nextId = 1;
  private pending: Pending | undefined;
  private checking: CheckJob | undefined;
  /** Request ids already sent again after a crash. */
  private readonly retried = new Set<number>();
  private readonly restartAfterMs: number;
  private readonly now: () => number;
  private readonly findings: boolean;
  private readonly lintWorker: boolean;
  /** The model the worker holds (the last analyze request posted to it): the base of the next delta. */
  private held: { readonly id: number; readonly model: Model } | undefined;
  /** Workers terminated to stop a stale job (tests and diagnostics). */
  restarts = 0;
  /** Analyze requests posted as a whole model and as a delta (tests and diagnostics). */
  readonly posted = { whole: 0, delta: 0 };

  constructor(
    make: () => Worker,
    private readonly onCrash: (message: string) => void = () => undefined,
    options: ClientOptions = {},
  ) {
    this.slot = new WorkerSlot<WorkerResponse>(
      make,
      (r) => this.receive(r),
      (message) => this.crash(message),
      'the analysis worker crashed',
    );
    this.restartAfterMs = options.restartAfterMs ?? RESTART_AFTER_MS;
    this.now = options.now ?? (() => performance.now());
    this.findings = options.findings ?? true;
    this.lintWorker = options.lintWorker ?? lintWorkerByDefault();
  }

  private crash(message: string): void {
    this.onCrash(message);
    const c = this.checking;
    if (c && !this.retried.has(c.id)) {
      this.retried.add(c.id);
      this.postCheck(c);
    } else if (c) {
      this.checking = undefined;
      c.reject(new Error(`the analysis worker crashed twice on this check (${message})`));
    }
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
    p.postedAt = this.now();
    const t0 = performance.now();
    const { worker: w, fresh } = this.slot.ensure();
    if (fresh) this.held = undefined; // a new worker holds no model
    const icmp = p.allowIcmp ? { allowIcmp: true } : {};
    const base = { v: PROTOCOL_VERSION, id: p.id, rev: p.rev, backend: p.backend, ...icmp };
    if (p.kind === 'diff') {
      w.postMessage({ ...base, type: 'diff', before: p.before, after: p.after } satisfies WorkerRequest);
      return;
    }
    const held = this.held;
    this.held = { id: p.id, model: p.model };
    if (held) this.posted.delta++;
    else this.posted.whole++;
    const beside = { lintWorker: true } as const;
    const verdictsOnly = { findings: false } as const;
    const how = this.findings ? (this.lintWorker ? beside : {}) : verdictsOnly;
    const asked = { ...base, type: 'analyze', ...how } as const;
    w.postMessage(
      (held
        ? { ...asked, delta: modelDelta(held.model, p.model, held.id) }
        : { ...asked, model: p.model }) satisfies WorkerRequest,
    );
    // User Timing entries: the app bench's breakdown of an edit (the posting copies synchronously)
    performance.measure('netpol:post', { start: t0 });
  }

  private postCheck(c: CheckJob): void {
    const { worker: w, fresh } = this.slot.ensure();
    if (fresh) this.held = undefined;
    w.postMessage({
      v: PROTOCOL_VERSION,
      id: c.id,
      rev: 0,
      type: 'check',
      model: c.model,
      backend: c.backend,
    } satisfies WorkerRequest);
  }

  /** A check's answer (true), or false when `r` is not about the check in flight. */
  private receiveCheck(r: WorkerResponse): boolean {
    const c = this.checking;
    if (!c || r.id !== c.id) return r.type === 'checked'; // a stale check's answer: dropped
    this.checking = undefined;
    if (r.type === 'checked') c.resolve(r.diagnostics);
    else if (r.type === 'error') c.reject(new Error(r.message));
    else c.reject(new Error(`unexpected ${r.type} answer`));
    return true;
  }

  private receive(r: WorkerResponse): void {
    if (this.receiveCheck(r)) return;
    const p = this.pending;
    if (!p || r.id !== p.id) return; // stale answer: dropped
    // from the worker's reply to here: its structured copy, and the wait for this thread
    if (r.type === 'result' && r.sent !== undefined)
      performance.measure('netpol:carry', { start: Math.max(0, r.sent - performance.timeOrigin) });
    if (r.type === 'error' && r.kind === 'resync' && p.kind === 'analyze') {
      // the worker lost the delta's base (it cannot happen in order, but never guess): send it all
      this.held = undefined;
      this.post(p);
      return;
    }
    this.pending = undefined;
    if (r.type === 'error') p.reject(new Error(r.message));
    else if (r.type === 'result' && p.kind === 'analyze')
      p.resolve({
        rev: r.rev,
        result: unpack(r.result),
        findings: r.findings,
        ms: r.ms,
        ...(r.linter ? { linter: r.linter } : {}),
      });
    else if (r.type === 'diff' && p.kind === 'diff') p.resolve({ rev: r.rev, diff: r.diff, ms: r.ms });
    else p.reject(new Error(`unexpected ${r.type} answer`));
  }

  /**
   * Drop the request in flight, if any: it resolves undefined and stops using the CPU. One that
   * has run `restartAfterMs` is stopped with its worker; a younger one is `cancel`led (the host
   * drops it if it has not started, and a started one is short enough to finish).
   */
  cancel(): void {
    const p = this.pending;
    if (!p) return;
    p.resolve(undefined);
    this.pending = undefined;
    if (this.now() - (p.postedAt ?? this.now()) >= this.restartAfterMs) {
      this.restarts++;
      this.dispose();
      // a check waiting behind the stopped job is asked again of the new worker
      if (this.checking) this.postCheck(this.checking);
      return;
    }
    this.slot.tell({
      v: PROTOCOL_VERSION,
      id: this.nextId++,
      rev: p.rev,
      type: 'cancel',
      target: p.id,
    } satisfies WorkerRequest);
  }

  /** Resolves with the result, or undefined when a newer request superseded this one. */
  analyze(
    model: Model,
    rev: number,
    backend: Backend = 'api',
    allowIcmp = false,
  ): Promise<AnalysisOk | undefined> {
    this.cancel(); // the newer request wins
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { kind: 'analyze', id, rev, model, backend, allowIcmp, resolve, reject };
      this.post(this.pending);
    });
  }

  /** The before/after diff of two models (large designs), or undefined when superseded. */
  diff(
    before: Model,
    after: Model,
    rev: number,
    backend: Backend = 'api',
    allowIcmp = false,
  ): Promise<DiffOk | undefined> {
    this.cancel(); // the newer request wins
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { kind: 'diff', id, rev, before, after, backend, allowIcmp, resolve, reject };
      this.post(this.pending);
    });
  }

  /**
   * The compile diagnostics of `model` (API validation), without analysing it; undefined when a
   * newer check superseded this one. It neither cancels nor waits for a newer analysis' answer.
   */
  check(model: Model, backend: Backend = 'api'): Promise<readonly Diagnostic[] | undefined> {
    this.checking?.resolve(undefined); // the newer check wins (the worker's answer is dropped)
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.checking = { id, model, backend, resolve, reject };
      this.postCheck(this.checking);
    });
  }

  /**
   * For the e2e suite's hook (not in production bundles): make the worker die as an engine bug
   * would, or (`lint`) its lint worker.
   */
  dieForTest(lint = false): void {
    const req = { v: PROTOCOL_VERSION, id: 0, rev: 0, type: 'crash' } satisfies WorkerRequest;
    this.slot.tell(lint ? { ...req, lint } : req);
  }

  dispose(): void {
    this.slot.end();
  }
}
