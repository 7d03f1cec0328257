/// <reference lib="webworker" />
import { validateStrict } from '../../io/schema/schemas';
import { handleParse } from './handle';
import type { ParseRequest, ParseResponse } from './protocol';

// The parse worker: big imports are read here (YAML, strict field validation, the model) so the
// page stays responsive; it bundles the schemas, which the page's initial bundle does not.
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (ev: MessageEvent<ParseRequest>) =>
  handleParse(ev.data, (r: ParseResponse) => scope.postMessage(r), validateStrict);
