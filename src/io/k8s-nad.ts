import { networkId } from '../model/ids';
import type { NetworkAttachmentDefinition, Topology } from '../model/types';
import { cidrProblem } from './k8s-names';
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
  const base = { key: networkId(namespace, name), name, namespace, origin: r.origin };
  const text = r.string(spec.config, 'spec.config');
  if (text === undefined || text.trim() === '') {
    // Multus then reads the config from a file on the node named after the NAD.
    return unknownConfig(base, name, true);
  }
  const parsed = r.json(
    text,
    'nad-config-invalid',
    'spec.config',
    'spec.config',
    'the network is kept but its type, topology and subnets are unknown',
  );
  if (!parsed) return unknownConfig(base, name, false);
  const config = parsed.value;
  if (!isObject(config)) {
    r.report('error', 'nad-config-invalid', 'spec.config', 'spec.config must be a JSON object');
    return unknownConfig(base, name, false);
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
  // An invalid entry makes the CNI refuse the network; the valid ones are kept for the picture.
  const valid = (what: string, list: readonly string[], hostLen: boolean): string[] =>
    list.filter((s) => {
      const problem = cidrProblem(s, hostLen);
      if (problem)
        r.report(
          'error',
          'nad-subnet-invalid',
          'spec.config',
          problem.startsWith('is ') ? `${what} entry "${s}" ${problem}` : `${what} entry "${s}": ${problem}`,
        );
      return !problem;
    });
  return {
    ...base,
    cniType,
    netName: typeof config.name === 'string' ? config.name : name,
    topology: (TOPOLOGIES.includes(topoText) ? topoText : '') as Topology,
    subnets: valid('subnets', splitList(config.subnets), true),
    excludeSubnets: valid('excludeSubnets', splitList(config.excludeSubnets), false),
    ipamSubnets: ipamSubnets(first.ipam ?? config.ipam),
    ...(provider !== undefined ? { provider } : {}),
    ...(role !== undefined ? { role } : {}),
    configValid: true,
  };
}

/** A NAD whose config is not in the object (valid) or cannot be read: type, topology and subnets unknown. */
function unknownConfig(
  base: Pick<NetworkAttachmentDefinition, 'key' | 'name' | 'namespace' | 'origin'>,
  name: string,
  configValid: boolean,
): NetworkAttachmentDefinition {
  return {
    ...base,
    cniType: '',
    netName: name,
    topology: '',
    subnets: [],
    excludeSubnets: [],
    ipamSubnets: [],
    configValid,
  };
}
