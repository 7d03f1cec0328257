import type { Backend, BackendOptions } from './admin/backend';
import { Analyzer } from './analyze';
import { ModelCompiler } from './analysis/compile-model';
import { changeRow, diffModels } from './diff';
import { Linter } from './lint';
import { LintLink, type PeerPort } from './lint-peer';
import { applyDelta } from './model-delta';
import { Interner } from './wire';
import { pack, packPolicies, type WireResult } from './wire-pack';
import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';

/** Past this many distinct parts the interner starts afresh (its tables only grow in a session). */
const INTERNER_BOUND = 500_000;
import {
  COMPACT_ABOVE,
  DIFF_ROWS,
  PROTOCOL_VERSION,
  type Linted,
  type WorkerDiff,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

/** A request as it waits in the queue: an analysis with its whole model. */
type Queued = Exclude<WorkerRequest, { type: 'analyze' }> | Extract<WorkerRequest, { model: Model }>;

/** The OVN-K options a request asks for (admin/backend.ts). */
const optionsOf = (req: { readonly allowIcmp?: boolean }): BackendOptions =>
  req.allowIcmp ? { allowIcmp: true } : {};

/** Whether the analyzer was made for this profile and these options (its caches hold for one). */
const sameProfile = (a: Analyzer, backend: Backend, options: BackendOptions): boolean =>
  a.backend === backend && !a.options.allowIcmp === !options.allowIcmp;

/**
 * The engine side of the worker protocol, without `self`: worker.ts wires it to the worker
 * scope, tests to a fake worker. Requests queue and run one per task, so a `cancel` sent while
 * one runs reaches the host before the cancelled request starts, and the engine abandons it.
 * The engine never throws across the boundary: a throw becomes an `error` response.
 * With a lint worker (`peer`, lint-peer.ts) the findings are linted there while the engine
 * analyses, and the answer goes when both are ready; without one, or when it fails, here.
 */
export function createEngineHost(
  reply: (r: WorkerResponse) => void,
  schedule: (run: () => void) => void = (run) => setTimeout(run),
  peer?: PeerPort,
): { receive(req: WorkerRequest): void; readonly stats: { run: number; cancelled: number } } {
  /** Kept for the session: an edit re-analyses only what it can change. */
  let analyzer = new Analyzer();
  let linter = new Linter();
  /** Shares equal parts of direction results across the answer (wire.ts), kept across edits. */
  let interner = new Interner();
  const lints = new LintLink(peer);
  /** Kept for before/after diffs of large designs (the staged design and the current one). */
  let diffBefore = new Analyzer();
  let diffAfter = new Analyzer();
  /** The model of the last analyze request received (a delta's base), applied on arrival so a cancel loses none. */
  let held: { readonly id: number; readonly model: Model } | undefined;
  const queue: Queued[] = [];
  const cancelled = new Set<number>();
  const stats = { run: 0, cancelled: 0 };
  let scheduled = false;

  const fail = (req: WorkerRequest, e: unknown): void =>
    reply({
      v: PROTOCOL_VERSION,
      id: req.id,
      rev: req.rev,
      type: 'error',
      kind: 'engine',
      message: e instanceof Error ? e.message : String(e),
    });

  /** The `result` reply to `req`, begun at `t0` (`by`: who linted its findings). */
  const answer = (
    req: Queued,
    result: WireResult,
    findings: readonly Diagnostic[],
    t0: number,
    by?: Linted,
  ): WorkerResponse => ({
    v: PROTOCOL_VERSION,
    id: req.id,
    rev: req.rev,
    type: 'result',
    result,
    findings,
    ...(by ? { linter: by } : {}),
    ms: performance.now() - t0,
    sent: performance.timeOrigin + performance.now(),
  });

  const diff = (req: Extract<WorkerRequest, { type: 'diff' }>): WorkerDiff => {
    const backend = req.backend ?? 'api';
    const options = optionsOf(req);
    if (!sameProfile(diffBefore, backend, options)) {
      diffBefore = new Analyzer(backend, options);
      diffAfter = new Analyzer(backend, options);
    }
    const changes = diffModels(req.before, req.after, { before: diffBefore, after: diffAfter });
    const rows = changes.slice(0, DIFF_ROWS).map(changeRow);
    const gained = changes.filter((c) => c.change === 'gained').length;
    return { rows, gained, lost: changes.length - gained };
  };

  const run = (req: Queued): void => {
    const t0 = performance.now();
    stats.run++;
    switch (req.type) {
      case 'diff':
        try {
          const d = diff(req);
          reply({
            v: PROTOCOL_VERSION,
            id: req.id,
            rev: req.rev,
            type: 'diff',
            diff: d,
            ms: performance.now() - t0,
          });
        } catch (e) {
          diffBefore = new Analyzer();
          diffAfter = new Analyzer();
          fail(req, e);
        }
        return;
      case 'check':
        try {
          // a compiler of its own: the session's analyzer and its caches stay as they were
          const stats = { recompiled: 0, layoutReused: false };
          const { diagnostics } = new ModelCompiler(req.backend ?? 'api').compile(req.model, stats);
          reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'checked', diagnostics });
        } catch (e) {
          fail(req, e);
        }
        return;
      case 'analyze':
        try {
          // a new profile is a new analyzer: its caches hold for one (a rare settings change)
          const backend = req.backend ?? 'api';
          const options = optionsOf(req);
          if (!sameProfile(analyzer, backend, options)) {
            analyzer = new Analyzer(backend, options);
            linter = new Linter();
          }
          // policy summaries come with the findings (the lint worker's, or made here below)
          const asked = { compactAbove: COMPACT_ABOVE, summaries: false };
          const { compiled, ...analysed } = analyzer.analyze(req.model, asked);
          if (interner.size > INTERNER_BOUND) interner = new Interner();
          const result = pack(interner.answer(analysed));
          if (req.findings === false) {
            // verdicts only (the staged baseline): nothing linted, no summaries
            reply(answer(req, result, [], t0));
            return;
          }
          // what linting here needs, as of this analysis (the host may run the next one first)
          const { world } = analyzer;
          const [here, summarizer] = [linter, analyzer];
          lints.await(req.id, {
            local: () => {
              const policies = packPolicies(summarizer.summaries(req.model, compiled));
              return { policies, findings: here.lint(req.model, compiled, world) };
            },
            done: ({ findings, policies }, by) =>
              reply(answer(req, { ...result, policies }, findings, t0, by)),
            failed: (e) => {
              linter = new Linter();
              fail(req, e);
            },
          });
        } catch (e) {
          // nothing half-updated survives a failure
          analyzer = new Analyzer();
          linter = new Linter();
          interner = new Interner();
          lints.forget(req.id);
          fail(req, e);
        }
        return;
      default:
        return;
    }
  };

  const next = (): void => {
    scheduled = false;
    const req = queue.shift();
    if (req) {
      if (cancelled.delete(req.id)) {
        stats.cancelled++;
        lints.forget(req.id);
      } else run(req);
    }
    if (queue.length && !scheduled) {
      scheduled = true;
      schedule(next);
    }
  };

  return {
    stats,
    receive(req) {
      if ((req.v as number) !== PROTOCOL_VERSION) {
        reply({
          v: PROTOCOL_VERSION,
          id: req.id,
          rev: req.rev,
          type: 'error',
          kind: 'protocol',
          message: `protocol v${req.v} is not v${PROTOCOL_VERSION}`,
        });
        return;
      }
      if (req.type === 'cancel') {
        if (queue.some((q) => q.id === req.target)) cancelled.add(req.target);
        lints.cancel(req.target);
        return;
      }
      if (req.type === 'crash') {
        // Test hooks: an uncaught error, as a real engine bug would raise (here or in the lint worker).
        if (req.lint) {
          lints.crashForTest();
          return;
        }
        schedule(() => {
          throw new Error('worker crash requested');
        });
        return;
      }
      if (req.type === 'analyze') {
        const base = 'delta' in req ? req.delta.base : undefined;
        const model =
          'delta' in req
            ? held?.id === req.delta.base
              ? applyDelta(held.model, req.delta)
              : undefined
            : req.model;
        if (!model) {
          reply({
            v: PROTOCOL_VERSION,
            id: req.id,
            rev: req.rev,
            type: 'error',
            kind: 'resync',
            message: `the change is from model ${base}, the worker holds ${held?.id ?? 'none'}`,
          });
          return;
        }
        held = { id: req.id, model };
        // linted beside the analysis from now on
        if (req.findings !== false && req.lintWorker)
          lints.forward(req, model, 'delta' in req ? req.delta : undefined);
        const { v, id, rev, backend, allowIcmp, findings } = req;
        const profile = { ...(backend ? { backend } : {}), ...(allowIcmp ? { allowIcmp } : {}) };
        queue.push({
          v,
          id,
          rev,
          type: 'analyze',
          model,
          ...profile,
          ...(findings === false ? { findings } : {}),
        });
      } else queue.push(req);
      if (!scheduled) {
        scheduled = true;
        schedule(next);
      }
    },
  };
}
