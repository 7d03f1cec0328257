import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { Backend } from './admin/backend';
import type { ModelDelta } from './model-delta';
import type { Linted } from './protocol';
import type { WirePolicies } from './wire-pack';

/**
 * The engine worker's lint worker: it lints each analyze request while the engine analyses it,
 * on another core (the findings and policy summaries of a first answer cost about what the
 * analysis does). The engine worker forwards the request as it arrives, whole or as the change
 * from the model the lint worker holds; the lint worker compiles, summarises and lints by itself
 * and sends the findings and the packed summaries back.
 */
export type PeerRequest =
  | ({
      readonly type: 'lint';
      readonly id: number;
      readonly backend?: Backend;
      readonly allowIcmp?: boolean;
    } & ({ readonly model: Model } | { readonly delta: ModelDelta }))
  /** Request `target` is no longer wanted: dropped if it has not started (answered `dropped`). */
  | { readonly type: 'cancel'; readonly target: number }
  /** Test hook: the lint worker dies as a bug in it would make it. */
  | { readonly type: 'crash' };

export type PeerResponse =
  | {
      readonly type: 'linted';
      readonly id: number;
      readonly findings: readonly Diagnostic[];
      /** the policy summaries, packed: made with the findings (they share what policies select) */
      readonly policies: WirePolicies;
    }
  | { readonly type: 'dropped'; readonly id: number }
  /** `resync`: the change's base is not the model the lint worker holds. */
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly resync?: boolean };

/** A lint worker as the engine host sees it (worker.ts: a Worker; tests, the bench: others). */
export interface PeerPort {
  post(req: PeerRequest): void;
  /** Called once by the host: where the peer's answers go, and what to do when it is gone. */
  listen(receive: (r: PeerResponse) => void, lost: (why: string) => void): void;
}

/** What the lint worker makes of a request (or the engine worker, when it cannot). */
export interface Linting {
  readonly findings: readonly Diagnostic[];
  readonly policies: WirePolicies;
}

/** An analysis waiting for its findings and summaries: made here if the peer cannot answer. */
interface Waiting {
  readonly local: () => Linting;
  readonly done: (l: Linting, by: Linted) => void;
  readonly failed: (e: unknown) => void;
}

/**
 * The engine side of the lint worker: forwards requests, matches the findings to the analyses
 * waiting for them, and falls back to linting in the engine worker when the peer fails a
 * request (its answer is an error) or is lost (then for every request after). Answers arrive
 * in request order, the engine's analyses finish in that order too; either may come first.
 */
export class LintLink {
  /** The request whose model the peer holds (the base a change must be from). */
  private held: number | undefined;
  private readonly forwarded = new Set<number>();
  private readonly waiting = new Map<number, Waiting>();
  /** Answers that came before the engine finished: kept until it asks. */
  private readonly early = new Map<number, PeerResponse>();
  private alive: boolean;

  constructor(private readonly port: PeerPort | undefined) {
    this.alive = !!port;
    port?.listen(
      (r) => this.receive(r),
      () => this.lose(),
    );
  }

  /** Forward an analyze request on arrival: the change when the peer holds its base, else the model. */
  forward(
    req: { readonly id: number; readonly backend?: Backend; readonly allowIcmp?: boolean },
    model: Model,
    delta?: ModelDelta,
  ): void {
    if (!this.alive || !this.port) return;
    const { id, backend, allowIcmp } = req;
    const profile = { ...(backend ? { backend } : {}), ...(allowIcmp ? { allowIcmp } : {}) };
    const body = delta && this.held === delta.base ? { delta } : { model };
    this.held = id;
    this.forwarded.add(id);
    this.port.post({ type: 'lint', id, ...profile, ...body });
  }

  /**
   * The client dropped request `target`: an analysis waiting for it is never answered (the client
   * expects no answer to a cancelled request), and the lint worker drops it if it has not started.
   */
  cancel(target: number): void {
    this.waiting.delete(target);
    if (this.alive && this.forwarded.has(target)) this.port?.post({ type: 'cancel', target });
  }

  /** The engine will not ask for `id`'s findings (cancelled before it ran, or failed). */
  forget(id: number): void {
    this.forwarded.delete(id);
    this.early.delete(id);
  }

  /**
   * The findings of request `id` go to `done` when the peer answers (at once if it already
   * did); `local` lints here instead when the request was not forwarded or the peer failed it.
   */
  await(id: number, w: Waiting): void {
    // answers to requests before this one will never be asked for
    for (const k of this.early.keys()) if (k < id) this.early.delete(k);
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      this.settle(early, w);
    } else if (this.alive && this.forwarded.has(id)) this.waiting.set(id, w);
    else here(w);
  }

  /** For the e2e suite's hook: the lint worker dies (the engine worker lints from then on). */
  crashForTest(): void {
    if (this.alive) this.port?.post({ type: 'crash' });
  }

  private receive(r: PeerResponse): void {
    this.forwarded.delete(r.id);
    if (r.type === 'failed' && r.resync) this.held = undefined;
    const w = this.waiting.get(r.id);
    if (!w) {
      if (r.type !== 'dropped') this.early.set(r.id, r);
      return;
    }
    this.waiting.delete(r.id);
    this.settle(r, w);
  }

  private settle(r: PeerResponse, w: Waiting): void {
    if (r.type === 'linted') w.done(r, 'lint-worker');
    else here(w);
  }

  /** The peer is gone: every waiting analysis is linted here, and so is every later one. */
  private lose(): void {
    this.alive = false;
    this.held = undefined;
    this.forwarded.clear();
    this.early.clear();
    const waiting = [...this.waiting].sort((a, b) => a[0] - b[0]);
    this.waiting.clear();
    for (const [, w] of waiting) here(w);
  }
}

function here(w: Waiting): void {
  let made: Linting;
  try {
    made = w.local();
  } catch (e) {
    w.failed(e);
    return;
  }
  w.done(made, 'engine');
}
