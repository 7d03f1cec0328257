/// <reference lib="webworker" />
import type { PeerPort, PeerRequest, PeerResponse } from './lint-peer';
import { createEngineHost } from './worker-host';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * The lint worker beside this one (lint-peer.ts), started with the first request it gets: the
 * page's check and diff workers never analyse, and start none. None where a worker cannot start
 * workers: the engine lints by itself.
 */
function lintWorker(): PeerPort | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let w: Worker | undefined;
  let receive: ((r: PeerResponse) => void) | undefined;
  let lost: ((why: string) => void) | undefined;
  const gone = (why: string) => {
    w?.terminate();
    lost?.(why);
  };
  const start = (): Worker => {
    const made = new Worker(new URL('./lint-worker.ts', import.meta.url), { type: 'module' });
    made.onmessage = (ev: MessageEvent<PeerResponse>) => receive?.(ev.data);
    made.onerror = (ev) => {
      ev.preventDefault();
      gone(ev.message || 'the lint worker failed');
    };
    made.onmessageerror = () => gone('a lint answer could not be read');
    return made;
  };
  return {
    post(req: PeerRequest) {
      try {
        w ??= start();
      } catch (e) {
        lost?.(e instanceof Error ? e.message : String(e));
        return;
      }
      w.postMessage(req);
    },
    listen(r, l) {
      receive = r;
      lost = l;
    },
  };
}

// The only file that sees `self`: requests go to the engine host, its answers back to the page.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createEngineHost((r: WorkerResponse) => scope.postMessage(r), undefined, lintWorker());
scope.onmessage = (ev: MessageEvent<WorkerRequest>) => host.receive(ev.data);
