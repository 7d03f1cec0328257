import type { Model } from '../model/types';
import type { Backend, BackendOptions } from './admin/backend';
import { Analyzer } from './analyze';
import type { PeerRequest, PeerResponse } from './lint-peer';
import { Linter } from './lint';
import { applyDelta } from './model-delta';
import { packPolicies } from './wire-pack';

/** A lint request as it waits in the queue, with its whole model. */
interface Queued {
  readonly id: number;
  readonly model: Model;
  readonly backend: Backend;
  readonly options: BackendOptions;
}

/**
 * The lint worker's side (lint-peer.ts), without `self`: lint-worker.ts wires it to the worker
 * scope, tests and the bench to their own ports. It keeps a compiler and a linter for the session,
 * as the engine host does, so an edit re-checks only the policies it can change. Requests run one
 * per task, so a `cancel` sent while one runs drops the next before it starts. Never throws: a
 * throw becomes `failed`, and the engine worker lints that request itself.
 */
export function createLintHost(
  reply: (r: PeerResponse) => void,
  schedule: (run: () => void) => void = (run) => setTimeout(run),
): { receive(req: PeerRequest): void } {
  let compiler = new Analyzer();
  let linter = new Linter();
  let held: { readonly id: number; readonly model: Model } | undefined;
  const queue: Queued[] = [];
  const cancelled = new Set<number>();
  let scheduled = false;

  const run = (req: Queued): void => {
    try {
      const { backend, options } = req;
      // the compiler's caches and the linter's hold for one profile (a rare settings change)
      if (compiler.backend !== backend || !compiler.options.allowIcmp !== !options.allowIcmp) {
        compiler = new Analyzer(backend, options);
        linter = new Linter();
      }
      const { model } = req;
      const compiled = compiler.compile(model);
      // the summaries first: the linter reads the cluster policies' subjects they found
      const policies = packPolicies(compiler.summaries(model, compiled));
      const findings = linter.lint(model, compiled, compiler.world);
      reply({ type: 'linted', id: req.id, findings, policies });
    } catch (e) {
      compiler = new Analyzer();
      linter = new Linter();
      reply({ type: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const next = (): void => {
    scheduled = false;
    const req = queue.shift();
    if (req) {
      if (cancelled.delete(req.id)) reply({ type: 'dropped', id: req.id });
      else run(req);
    }
    if (queue.length && !scheduled) {
      scheduled = true;
      schedule(next);
    }
  };

  return {
    receive(req) {
      if (req.type === 'cancel') {
        if (queue.some((q) => q.id === req.target)) cancelled.add(req.target);
        return;
      }
      if (req.type === 'crash') {
        // test hook: an uncaught error, as a bug would raise
        schedule(() => {
          throw new Error('lint worker crash requested');
        });
        return;
      }
      let model: Model;
      if ('delta' in req) {
        if (held?.id !== req.delta.base) {
          const message = `the change is from model ${req.delta.base}, the lint worker holds ${held?.id ?? 'none'}`;
          reply({ type: 'failed', id: req.id, message, resync: true });
          return;
        }
        model = applyDelta(held.model, req.delta);
      } else model = req.model;
      held = { id: req.id, model };
      const options: BackendOptions = req.allowIcmp ? { allowIcmp: true } : {};
      queue.push({ id: req.id, model, backend: req.backend ?? 'api', options });
      if (!scheduled) {
        scheduled = true;
        schedule(next);
      }
    },
  };
}
