import { newDeriveCache } from '../io/k8s-to-model';

/**
 * What each design object contributed to the model, by object identity: an edit re-reads only the
 * edited object (issue 21: the re-derive on every edit was 110-480 ms at 5,000 workloads). An import
 * read on the main thread fills it, so the first edit after it is cheap too.
 */
export const designCache = newDeriveCache();
