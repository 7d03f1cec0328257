import type { NetworkAttachmentDefinition, Topology } from '../model/types';
import { isObject, type FieldReader, type Json } from './reader';

function splitList(v: unknown): string[] {
  if (Array.isArray(v))
    return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((s) => s.trim());
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** Subnets from a CNI `ipam` block (host-local, whereabouts, static): used to simulate IPAM. */
function ipamSubnets(ipam: unknown): string[] {
  if (!isObject(ipam)) return [];
  const out: string[] = [];
  if (typeof ipam.subnet === 'string') out.push(ipam.subnet);
  if (typeof ipam.range === 'string') out.push(ipam.range);
  if (Array.isArray(ipam.ranges)) {
    for (const set of ipam.ranges) {
      for (const rng of Array.isArray(set) ? set : [set])
        if (isObject(rng) && typeof rng.subnet === 'string') out.push(rng.subnet);
    }
  }
  return out;
}

const TOPOLOGIES: readonly string[] = ['layer2', 'layer3', 'localnet'];

/** NetworkAttachmentDefinition: spec.config is a JSON string (a single plugin or a plugin list). */
export function readNad(
  r: FieldReader,
  obj: Json,
  name: string,
  namespace: string,
): NetworkAttachmentDefinition {
  const spec = r.object(obj.spec, 'spec') ?? {};
  const base = { key: `${namespace}/${name}`, name, namespace, origin: r.origin };
  const text = r.string(spec.config, 'spec.config');
  if (text === undefined || text.trim() === '') {
    // Multus then reads the config from a file on the node named after the NAD.
    return {
      ...base,
      cniType: '',
      netName: name,
      topology: '',
      subnets: [],
      excludeSubnets: [],
      ipamSubnets: [],
      configValid: true,
    };
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    r.report(
      'error',
      'nad-config-invalid',
      'spec.config',
      `spec.config is not valid JSON (${e instanceof Error ? e.message : String(e)}); the network is kept but its type, topology and subnets are unknown`,
    );
    return {
      ...base,
      cniType: '',
      netName: name,
      topology: '',
      subnets: [],
      excludeSubnets: [],
      ipamSubnets: [],
      configValid: false,
    };
  }
  if (!isObject(config)) {
    r.report('error', 'nad-config-invalid', 'spec.config', 'spec.config must be a JSON object');
    return {
      ...base,
      cniType: '',
      netName: name,
      topology: '',
      subnets: [],
      excludeSubnets: [],
      ipamSubnets: [],
      configValid: false,
    };
  }
  const first = Array.isArray(config.plugins) && isObject(config.plugins[0]) ? config.plugins[0] : config;
  const cniType =
    typeof first.type === 'string' ? first.type : typeof config.type === 'string' ? config.type : '';
  const topoText = typeof config.topology === 'string' ? config.topology : '';
  if (cniType === 'ovn-k8s-cni-overlay' && !TOPOLOGIES.includes(topoText)) {
    r.report(
      'error',
      'nad-topology-invalid',
      'spec.config',
      `OVN-K topology "${topoText}" is not one of layer2, layer3, localnet`,
    );
  }
  const netAttach = typeof config.netAttachDefName === 'string' ? config.netAttachDefName : undefined;
  if (cniType === 'ovn-k8s-cni-overlay' && netAttach !== undefined && netAttach !== base.key) {
    r.report(
      'warning',
      'nad-name-mismatch',
      'spec.config',
      `netAttachDefName "${netAttach}" does not match this NAD (${base.key}); OVN-K expects them equal`,
      base.key,
    );
  }
  const provider = typeof config.provider === 'string' ? config.provider : undefined;
  const role = typeof config.role === 'string' && config.role !== '' ? config.role : undefined;
  return {
    ...base,
    cniType,
    netName: typeof config.name === 'string' ? config.name : name,
    topology: (TOPOLOGIES.includes(topoText) ? topoText : '') as Topology,
    subnets: splitList(config.subnets),
    excludeSubnets: splitList(config.excludeSubnets),
    ipamSubnets: ipamSubnets(first.ipam ?? config.ipam),
    ...(provider !== undefined ? { provider } : {}),
    ...(role !== undefined ? { role } : {}),
    configValid: true,
  };
}
