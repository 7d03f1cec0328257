// The bench's lint worker (src/engine/lint-peer.ts) on a thread of its own, as the engine worker
// starts one in the browser (scripts/bench-steps.ts `LintThread`). Besides the lint protocol it
// takes `reset` (a fresh lint host, as a first answer finds, then a collection) and `heap`.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { createLintHost } from '../src/engine/lint-host';
import type { PeerRequest, PeerResponse } from '../src/engine/lint-peer';

const gc = (globalThis as { gc?: () => void }).gc;
const port = parentPort;
if (port) {
  const fresh = () => createLintHost((r: PeerResponse) => port.postMessage(r), setImmediate);
  let host = fresh();
  port.on('message', (m: PeerRequest | 'reset' | 'heap') => {
    if (m === 'reset') {
      host = fresh();
      gc?.();
      port.postMessage({ type: 'reset' });
    } else if (m === 'heap') port.postMessage({ type: 'heap', bytes: getHeapStatistics().used_heap_size });
    else host.receive(m);
  });
}
