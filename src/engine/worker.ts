/// <reference lib="webworker" />
import { analyze } from './analyze';
import { PROTOCOL_VERSION, type WorkerRequest, type WorkerResponse } from './protocol';

// The only file that sees `self`: decode a request, run the pure engine, post the answer.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let latest = 0;

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const reply = (r: WorkerResponse): void => scope.postMessage(r);
  if (req.v !== PROTOCOL_VERSION) {
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'error', kind: 'protocol', message: `protocol v${req.v} is not v${PROTOCOL_VERSION}` });
    return;
  }
  if (req.type === 'cancel') return;
  latest = req.id;
  const t0 = performance.now();
  try {
    const result = analyze(req.model, { shouldStop: () => latest !== req.id });
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    reply({ v: PROTOCOL_VERSION, id: req.id, rev: req.rev, type: 'error', kind: 'engine', message: e instanceof Error ? e.message : String(e) });
  }
};
