/**
 * Equivalence classes and factors (see `types.ts` for the idea): one network's verdicts as
 * lookups into per-factor class tables, with the caches an analyzer keeps between runs.
 */
export { ClassCache } from './cache';
export { classify } from './classify';
export { CompactReader, partNumbering, readerOf, resultNumbering } from './compact';
export type { CompactFactor, CompactTables, CompactTiers, DirectionRows, NetworkVerdicts } from './types';
