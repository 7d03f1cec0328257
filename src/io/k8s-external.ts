import { endpointId } from '../model/ids';
import { DEFAULT_NETWORK, type Endpoint } from '../model/types';
import ipaddr from 'ipaddr.js';
import type { FieldReader, Json } from './reader';

/**
 * netpol-studio's own kind for a host outside the cluster (a database on the physical
 * network, vCenter, ...): `spec.ips` and `spec.network` (`default` or a NAD `ns/name`).
 */
export function readExternal(r: FieldReader, spec: Json, name: string): Endpoint | undefined {
  const ips = r.strings(spec.ips, 'spec.ips');
  const valid = ips.filter((ip, k) => {
    if (ipaddr.isValid(ip) && (ip.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(ip))) return true;
    r.report('error', 'ip-invalid', `spec.ips[${k}]`, `"${ip}" is not a valid IP address`);
    return false;
  });
  const network = r.string(spec.network, 'spec.network') ?? DEFAULT_NETWORK;
  return external(name, valid, network);
}

export function external(name: string, ips: readonly string[], network: string): Endpoint {
  return {
    id: endpointId('External', '', name),
    kind: 'External',
    sourceKind: 'ExternalHost',
    name,
    namespace: '',
    labels: {},
    attachments: [{ nad: network, ips, ipSource: 'user' }],
    namedPorts: [],
    hostNetwork: false,
  };
}
