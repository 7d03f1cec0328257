import type { ClusterNode } from '../model/types';
import { isObject, type FieldReader, type Json } from './reader';

/** A Node: labels and the addresses of `status.addresses` that are IPs (R9.9). */
export function readNode(r: FieldReader, meta: Json, status: Json | undefined, name: string): ClusterNode {
  const labels = r.stringMap(meta.labels, 'metadata.labels');
  const addresses: string[] = [];
  const list = r.list(status?.addresses, 'status.addresses') ?? [];
  list.forEach((a, k) => {
    if (!isObject(a)) return;
    const type = typeof a.type === 'string' ? a.type : '';
    const address = r.string(a.address, `status.addresses[${k}].address`);
    if (address && (type === 'InternalIP' || type === 'ExternalIP')) addresses.push(address);
  });
  return { name, labels, addresses, origin: r.origin };
}
