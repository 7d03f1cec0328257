/// <reference lib="webworker" />
import { analyze, compileModel } from './analyze';
import { lint } from './lint';
import { PROTOCOL_VERSION, type WorkerRequest, type WorkerResponse } from './protocol';

// The only file that sees `self`: decode a request, run the pure engine, post the answer.
// The engine never throws across the boundary: a throw becomes an `error` response.
const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Above this many ordered pairs on one network, the answer is compact (class tables). */
const COMPACT_ABOVE = 40_000;

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const reply = (r: WorkerResponse): void => scope.postMessage(r);
  if (req.v !== PROTOCOL_VERSION) {
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'error', kind: 'protocol', message: `protocol v${req.v} is not v${PROTOCOL_VERSION}` });
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
  try {
    const result = analyze(req.model, { compactAbove: COMPACT_ABOVE });
    const findings = lint(req.model, compileModel(req.model));
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'result', result, findings, ms: performance.now() - t0 });
  } catch (e) {
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'error', kind: 'engine', message: e instanceof Error ? e.message : String(e) });
  }
};
