/**
 * The worker's answer before `pack` (wire-pack.ts). Interning its parts (one object per equal
 * result, rule list, rule and port set, so that the structured clone sent each once) cost more
 * than the copy it saved once the parts cross as numbers (wire-parts.ts): at 50,000 endpoints
 * 220-250 ms of CPU per answer, against 50-60 ms more for `pack` to number the engine's objects
 * as they are (port sets by content). Kept for the worker host's call, `pack(interner.answer(…))`;
 * the host can call `pack` alone.
 */
export class Interner {
  /** Distinct parts held: none (the host starts a new interner past a bound). */
  readonly size = 0;

  /** The answer as it is: `pack` shares equal port sets and numbers the rest by object. */
  answer<T>(result: T): T {
    return result;
  }
}
