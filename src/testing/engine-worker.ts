// A stand-in for the engine's Web Worker in unit tests: the real engine host (worker-host.ts)
// in-process, with each request and answer structured-cloned as postMessage would, so a test sees
// what crosses the boundary (a model delta rebuilt on the far side, never the page's own objects).
// Its findings come from a lint worker beside it (lint-peer.ts), as in the browser.
import type { WorkerRequest, WorkerResponse } from '../engine/protocol';
import { createEngineHost } from '../engine/worker-host';
import { LintPeer } from './lint-peer';

export class HostWorker {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  /** Every request as the worker received it. */
  readonly requests: WorkerRequest[] = [];
  terminated = false;
  readonly peer = new LintPeer();
  readonly host = createEngineHost(
    (r) =>
      setTimeout(() => {
        // a terminated worker answers nothing
        if (!this.terminated) this.onmessage?.({ data: structuredClone(r) } as MessageEvent<WorkerResponse>);
      }),
    undefined,
    this.peer,
  );

  /** The requests' types, in order. */
  get received(): WorkerRequest['type'][] {
    return this.requests.map((r) => r.type);
  }

  postMessage(req: WorkerRequest): void {
    const copy = structuredClone(req);
    this.requests.push(copy);
    this.receive(copy);
  }

  /** What the worker does with a request it got (subclasses hold some back). */
  protected receive(req: WorkerRequest): void {
    this.host.receive(req);
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** A worker factory (for `connectEngine`, the clients), and the workers it made. */
export function hostWorkers<W extends object>(
  make: () => W,
): { readonly workers: W[]; readonly make: () => Worker } {
  const workers: W[] = [];
  return {
    workers,
    make: () => {
      const w = make();
      workers.push(w);
      return w as unknown as Worker;
    },
  };
}
