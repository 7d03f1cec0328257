import type { Endpoint, Labels } from '../../model/types';
import { isSelectable } from '../evaluate';
import { matchSelector } from '../selectors';
import type { CompiledClusterPolicy } from './compile';

/** R9.2: the cluster policy's subject selects the endpoint (never host-network pods or externals). */
export function clusterSelects(
  p: CompiledClusterPolicy,
  e: Endpoint,
  namespaceLabels: (ns: string) => Labels,
): boolean {
  const s = p.admin.subject;
  return (
    isSelectable(e) &&
    matchSelector(s.namespaceSelector, namespaceLabels(e.namespace)) &&
    (s.podSelector === undefined || matchSelector(s.podSelector, e.labels))
  );
}
