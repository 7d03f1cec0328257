import { load } from 'js-yaml';
import type { EndpointUdnInfo, IpSource } from '../model/types';
import { isObject, type FieldReader, type Json } from './reader';

export const OPEN_DEFAULT_PORTS = 'k8s.ovn.org/open-default-ports';
export const POD_NETWORKS = 'k8s.ovn.org/pod-networks';

const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'];

/**
 * `k8s.ovn.org/open-default-ports` (R10.7): a YAML list of `{protocol, port}`; protocol is
 * exactly `tcp`, `udp`, `sctp` (port 0-65535 required) or `icmp` (no port). OVN-K rejects the
 * whole annotation when one item is invalid, so then no port is open (U7).
 */
export function parseOpenDefaultPorts(
  r: FieldReader,
  text: string,
  field: string,
): { protocol: string; port?: number }[] | undefined {
  const fail = (why: string): undefined => {
    r.report(
      'error',
      'open-default-ports-invalid',
      field,
      `${OPEN_DEFAULT_PORTS} is invalid (${why}); OVN-K rejects the whole annotation, so no default-network port is open (U7)`,
    );
    return undefined;
  };
  let v: unknown;
  try {
    v = load(text);
  } catch (e) {
    return fail(`not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return fail('expected a list of {protocol, port}');
  const out: { protocol: string; port?: number }[] = [];
  for (const [k, item] of v.entries()) {
    if (!isObject(item)) return fail(`item ${k} is not a mapping`);
    const extra = Object.keys(item).filter((x) => x !== 'protocol' && x !== 'port');
    if (extra.length) return fail(`item ${k} has unknown field ${extra.join(', ')}`);
    const protocol = item.protocol;
    if (typeof protocol !== 'string') return fail(`item ${k} needs a protocol`);
    if (protocol === 'icmp') {
      if (item.port !== undefined) return fail(`item ${k}: icmp takes no port`);
      out.push({ protocol });
      continue;
    }
    if (!PORT_PROTOCOLS.includes(protocol))
      return fail(`item ${k}: protocol "${protocol}" is not tcp, udp, sctp or icmp (lower case)`);
    const port = item.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
      return fail(`item ${k}: ${protocol} needs a port 0-65535`);
    out.push({ protocol, port });
  }
  return out;
}

/** `k8s.ovn.org/pod-networks`: `{ "<ns>/<nad>": {ip_addresses, role}, "default": {...} }`. */
function podNetworks(text: string | undefined): { primary?: string[]; locked?: string[] } {
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(v)) return {};
  const out: { primary?: string[]; locked?: string[] } = {};
  for (const [key, entry] of Object.entries(v)) {
    if (!isObject(entry)) continue;
    const ips = Array.isArray(entry.ip_addresses)
      ? entry.ip_addresses.filter((x): x is string => typeof x === 'string')
      : [];
    if (key === 'default') out.locked = ips;
    else if (entry.role === 'primary') out.primary = ips;
  }
  return out;
}

/**
 * The UDN hints of a pod or VM: open default ports, its addresses on the primary network
 * (R10.5 order: pod-networks, then network-status `default: true`) and, for a VM, the binding
 * of the pod network's interface (R10.13). Undefined when there is nothing.
 */
export function readUdnHints(
  r: FieldReader,
  annotations: Readonly<Record<string, string>>,
  metaField: string,
  statusDefaultIps: readonly string[] | undefined,
  podBinding?: string,
): { info?: EndpointUdnInfo; lockedIps?: string[] } {
  const open = annotations[OPEN_DEFAULT_PORTS];
  const openDefaultPorts =
    open === undefined
      ? undefined
      : parseOpenDefaultPorts(r, open, `${metaField}.annotations.${OPEN_DEFAULT_PORTS}`);
  const pn = podNetworks(annotations[POD_NETWORKS]);
  const primaryIps = pn.primary?.length ? pn.primary : undefined;
  const source: IpSource | undefined = primaryIps
    ? 'annotation'
    : statusDefaultIps?.length
      ? 'network-status'
      : undefined;
  const ips = primaryIps ?? (statusDefaultIps?.length ? [...statusDefaultIps] : undefined);
  const info: EndpointUdnInfo = {
    ...(openDefaultPorts ? { openDefaultPorts } : {}),
    ...(ips && source ? { primaryIps: ips, primaryIpSource: source } : {}),
    ...(podBinding ? { podBinding } : {}),
  };
  return {
    ...(Object.keys(info).length ? { info } : {}),
    ...(pn.locked?.length ? { lockedIps: pn.locked } : {}),
  };
}

/** The binding of a KubeVirt interface: `binding.name`, or the legacy key (masquerade, bridge, ...). */
export function interfaceBinding(iface: Json | undefined): string | undefined {
  if (!iface) return undefined;
  if (isObject(iface.binding) && typeof iface.binding.name === 'string') return iface.binding.name;
  return ['masquerade', 'bridge', 'sriov', 'slirp', 'passt', 'macvtap'].find((k) => iface[k] !== undefined);
}
