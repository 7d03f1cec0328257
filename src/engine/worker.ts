/// <reference lib="webworker" />
import { createEngineHost } from './worker-host';
import type { WorkerRequest, WorkerResponse } from './protocol';

// The only file that sees `self`: requests go to the engine host, its answers back to the page.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createEngineHost((r: WorkerResponse) => scope.postMessage(r));
scope.onmessage = (ev: MessageEvent<WorkerRequest>) => host.receive(ev.data);
