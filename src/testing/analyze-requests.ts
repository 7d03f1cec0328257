// Analyze requests as the page's client sends them (engine/client.ts), for tests that drive an
// engine host directly: numbered in order, the first with its model, each later one as a change
// from the one before (model-delta.ts), structured-cloned as a message would be.
import type { Backend } from '../engine/admin/backend';
import { modelDelta } from '../engine/model-delta';
import { PROTOCOL_VERSION, type WorkerRequest } from '../engine/protocol';
import type { Model } from '../model/types';

export class AnalyzeRequests {
  /** The id of the last request made (cancels share the numbering: take the next with `++id`). */
  id = 0;
  private held: { id: number; model: Model } | undefined;

  /** `lintWorker`: ask for the lint worker, as the client does where the machine has the cores. */
  constructor(private readonly lintWorker: boolean) {}

  next(model: Model, extra: Partial<{ backend: Backend; allowIcmp: boolean }> = {}): WorkerRequest {
    this.id++;
    const body = this.held ? { delta: modelDelta(this.held.model, model, this.held.id) } : { model };
    this.held = { id: this.id, model };
    return structuredClone({
      v: PROTOCOL_VERSION,
      id: this.id,
      rev: this.id,
      type: 'analyze',
      ...(this.lintWorker ? { lintWorker: true } : {}),
      ...extra,
      ...body,
    }) as WorkerRequest;
  }
}
