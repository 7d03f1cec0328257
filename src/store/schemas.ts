import type { Json } from '../io/reader';

type SchemaModule = typeof import('../io/schema/schemas');

let loaded: SchemaModule | undefined;
let loading: Promise<SchemaModule> | undefined;

/**
 * The published schemas (io/schema) load lazily, in their own chunk, so the initial bundle stays
 * within budget; the first import or export starts the load.
 */
export function loadSchemas(): Promise<SchemaModule> {
  loading ??= import('../io/schema/schemas').then((m) => (loaded = m));
  return loading;
}

/** The schemas if already loaded (synchronous callers: export). */
export function schemasNow(): SchemaModule | undefined {
  return loaded;
}

/** What export writes for an object: unknown fields left out once the schemas are loaded. */
export function kubectlReady(obj: Json): Json {
  return loaded ? loaded.withoutUnknownFields(obj) : obj;
}
