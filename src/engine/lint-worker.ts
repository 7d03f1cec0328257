/// <reference lib="webworker" />
import { createLintHost } from './lint-host';
import type { PeerRequest, PeerResponse } from './lint-peer';

// The lint worker (lint-peer.ts), started by the engine worker: its requests in, findings out.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createLintHost((r: PeerResponse) => scope.postMessage(r));
scope.onmessage = (ev: MessageEvent<PeerRequest>) => host.receive(ev.data);
