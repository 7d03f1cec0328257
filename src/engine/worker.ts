/// <reference lib="webworker" />
import { Analyzer } from './analyze';
import { Linter } from './lint';
import { diffModels } from './diff';
import { formatConns } from './conn';
import {
  COMPACT_ABOVE,
  DIFF_ROWS,
  PROTOCOL_VERSION,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

// The only file that sees `self`: decode a request, run the pure engine, post the answer.
// The engine never throws across the boundary: a throw becomes an `error` response.
const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Kept for the session: an edit re-analyses only what it can change. */
let analyzer = new Analyzer();
let linter = new Linter();
/** Kept for before/after diffs of large designs (the staged design and the current one). */
let diffBefore = new Analyzer();
let diffAfter = new Analyzer();

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const reply = (r: WorkerResponse): void => scope.postMessage(r);
  if (req.v !== PROTOCOL_VERSION) {
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
  if (req.type === 'crash') {
    // Test hook: an uncaught error, as a real engine bug would raise.
    setTimeout(() => {
      throw new Error('worker crash requested');
    });
    return;
  }
  const t0 = performance.now();
  if (req.type === 'diff') {
    try {
      const changes = diffModels(req.before, req.after, { before: diffBefore, after: diffAfter });
      const rows = changes.slice(0, DIFF_ROWS).map((c) => ({
        change: c.change,
        from: c.from,
        to: c.to,
        fromId: c.fromId,
        toId: c.toId,
        network: c.network,
        text: formatConns(c.conns),
      }));
      const gained = changes.filter((c) => c.change === 'gained').length;
      reply({
        v: PROTOCOL_VERSION,
        id: req.id,
        rev: req.rev,
        type: 'diff',
        diff: { rows, gained, lost: changes.length - gained },
        ms: performance.now() - t0,
      });
    } catch (e) {
      diffBefore = new Analyzer();
      diffAfter = new Analyzer();
      reply({
        v: PROTOCOL_VERSION,
        id: req.id,
        rev: req.rev,
        type: 'error',
        kind: 'engine',
        message: e instanceof Error ? e.message : String(e),
      });
    }
    return;
  }
  try {
    const { compiled, ...result } = analyzer.analyze(req.model, { compactAbove: COMPACT_ABOVE });
    const findings = linter.lint(req.model, compiled, analyzer.world);
    reply({
      v: PROTOCOL_VERSION,
      id: req.id,
      rev: req.rev,
      type: 'result',
      result,
      findings,
      ms: performance.now() - t0,
    });
  } catch (e) {
    // nothing half-updated survives a failure
    analyzer = new Analyzer();
    linter = new Linter();
    reply({
      v: PROTOCOL_VERSION,
      id: req.id,
      rev: req.rev,
      type: 'error',
      kind: 'engine',
      message: e instanceof Error ? e.message : String(e),
    });
  }
};
