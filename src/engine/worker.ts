/// <reference lib="webworker" />
import type { PeerPort, PeerRequest, PeerResponse } from './lint-peer';
import { createEngineHost } from './worker-host';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * The lint worker beside this one (lint-peer.ts), started with the engine so it has loaded by
 * the first request. None where a worker cannot start workers: the engine lints by itself.
 */
function lintWorker(): PeerPort | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let w: Worker;
  try {
    w = new Worker(new URL('./lint-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  return {
    post: (req: PeerRequest) => w.postMessage(req),
    listen(receive, lost) {
      w.onmessage = (ev: MessageEvent<PeerResponse>) => receive(ev.data);
      const gone = (why: string) => {
        w.terminate();
        lost(why);
      };
      w.onerror = (ev) => {
        ev.preventDefault();
        gone(ev.message || 'the lint worker failed to start');
      };
      w.onmessageerror = () => gone('a lint answer could not be read');
    },
  };
}

// The only file that sees `self`: requests go to the engine host, its answers back to the page.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createEngineHost((r: WorkerResponse) => scope.postMessage(r), undefined, lintWorker());
scope.onmessage = (ev: MessageEvent<WorkerRequest>) => host.receive(ev.data);
