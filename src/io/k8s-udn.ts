import ipaddr from 'ipaddr.js';
import type { LabelSelector, UdnKind, UserDefinedNetwork } from '../model/types';
import { readSelector } from './k8s-selectors';
import { isObject, type FieldReader, type Json } from './reader';

/**
 * OVN-K `k8s.ovn.org/v1` UserDefinedNetwork and ClusterUserDefinedNetwork (SEMANTICS R10.1).
 * What the CRD's OpenAPI and CEL rules reject makes the object not exist: it is reported as
 * error U1 (`udn-invalid`, naming the field) and left out of the model, as R1.4 does for
 * NetworkPolicy. Warnings (U2, U6) keep it.
 */

const TOPOLOGIES = {
  UserDefinedNetwork: ['Layer2', 'Layer3'],
  ClusterUserDefinedNetwork: ['Layer2', 'Layer3', 'Localnet'],
};
const BLOCK = { Layer2: 'layer2', Layer3: 'layer3', Localnet: 'localnet' } as const;
type Topo = keyof typeof BLOCK;

interface Ctx {
  readonly r: FieldReader;
  readonly base: string; // `spec` (UDN) or `spec.network` (CUDN)
  valid: boolean;
}

function reject(ctx: Ctx, field: string, message: string, fix?: string): void {
  ctx.valid = false;
  ctx.r.report(
    'error',
    'udn-invalid',
    field,
    `${message}; the API server rejects this ${ctx.r.ref.kind}, so the network does not exist (U1)`,
    fix,
  );
}

function isCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

/** A list of CIDR strings (Layer2 / Localnet subnets, excludeSubnets, ...); at most `max` entries. */
function cidrList(ctx: Ctx, v: unknown, field: string, max = Infinity): string[] {
  const list = ctx.r.strings(v, field);
  list.forEach((c, k) => {
    if (!isCidr(c)) reject(ctx, `${field}[${k}]`, `"${c}" is not a CIDR`);
  });
  if (list.length > max) reject(ctx, field, `at most ${max} subnets (one per IP family)`);
  return list;
}

function primaryOnly(ctx: Ctx, block: Json, field: string, role: string, keys: readonly string[]): void {
  for (const k of keys)
    if (block[k] !== undefined && role !== 'Primary')
      reject(ctx, `${field}.${k}`, `${k} is only allowed on a Primary network`);
}

function readMtu(ctx: Ctx, block: Json, field: string): void {
  const mtu = ctx.r.int(block.mtu, `${field}.mtu`);
  if (mtu !== undefined && (mtu < 576 || mtu > 65536))
    reject(ctx, `${field}.mtu`, `mtu ${mtu} is outside 576-65536`);
}

interface Body {
  readonly subnets: string[];
  readonly excludeSubnets: string[];
  readonly ipam: boolean;
}

function readLayer3(ctx: Ctx, block: Json, f: string, role: string): Body {
  readMtu(ctx, block, f);
  primaryOnly(ctx, block, f, role, ['joinSubnets']);
  const list = ctx.r.list(block.subnets, `${f}.subnets`);
  if (!list || list.length === 0) reject(ctx, `${f}.subnets`, 'a Layer3 network needs subnets');
  const subnets: string[] = [];
  (list ?? []).forEach((s, k) => {
    const sf = `${f}.subnets[${k}]`;
    const o = ctx.r.object(s, sf);
    const cidr = o ? ctx.r.string(o.cidr, `${sf}.cidr`) : undefined;
    if (cidr === undefined || !isCidr(cidr)) {
      reject(
        ctx,
        `${sf}.cidr`,
        cidr === undefined ? 'a Layer3 subnet needs cidr' : `"${cidr}" is not a CIDR`,
      );
      return;
    }
    const host = o ? ctx.r.int(o.hostSubnet, `${sf}.hostSubnet`) : undefined;
    const prefix = Number(cidr.split('/')[1]);
    if (host !== undefined && (host <= prefix || host > (cidr.includes(':') ? 128 : 32)))
      reject(ctx, `${sf}.hostSubnet`, `hostSubnet ${host} must be longer than the cidr's /${prefix}`);
    subnets.push(host !== undefined ? `${cidr}/${host}` : cidr);
  });
  return { subnets, excludeSubnets: [], ipam: true };
}

function readIpamMode(ctx: Ctx, block: Json, f: string, role: string): boolean {
  const ipam = ctx.r.object(block.ipam, `${f}.ipam`) ?? {};
  const mode = ctx.r.string(ipam.mode, `${f}.ipam.mode`);
  if (mode !== undefined && mode !== 'Enabled' && mode !== 'Disabled')
    reject(ctx, `${f}.ipam.mode`, `ipam.mode "${mode}" is not Enabled or Disabled`);
  const lifecycle = ctx.r.string(ipam.lifecycle, `${f}.ipam.lifecycle`);
  if (lifecycle !== undefined && lifecycle !== 'Persistent')
    reject(ctx, `${f}.ipam.lifecycle`, `ipam.lifecycle "${lifecycle}" is not Persistent`);
  if (mode === 'Disabled') {
    if (role === 'Primary')
      reject(ctx, `${f}.ipam.mode`, 'ipam.mode Disabled is not allowed on a Primary network');
    if (lifecycle !== undefined) reject(ctx, `${f}.ipam.lifecycle`, 'ipam.lifecycle needs ipam.mode Enabled');
  }
  return mode !== 'Disabled';
}

function readLayer2(ctx: Ctx, block: Json, f: string, role: string): Body {
  readMtu(ctx, block, f);
  primaryOnly(ctx, block, f, role, ['joinSubnets', 'defaultGatewayIPs']);
  let ipam = readIpamMode(ctx, block, f, role);
  const subnets = cidrList(ctx, block.subnets, `${f}.subnets`, 2);
  if (subnets.length === 0 && ipam) {
    if (role === 'Primary') reject(ctx, `${f}.subnets`, 'a Primary Layer2 network needs subnets');
    else {
      // Open question 8: the older API allowed an IPAM-less secondary Layer2 without ipam.mode.
      ctx.r.report(
        'warning',
        'udn-subnets-missing',
        `${f}.subnets`,
        'a Secondary Layer2 network without subnets needs ipam.mode: Disabled in the current API; read as IPAM-less (only ipBlock peers work in MultiNetworkPolicies)',
      );
      ipam = false;
    }
  }
  if (subnets.length > 0 && !ipam)
    reject(ctx, `${f}.subnets`, 'subnets must be empty when ipam.mode is Disabled');
  const excludeSubnets = [
    ...cidrList(ctx, block.reservedSubnets, `${f}.reservedSubnets`),
    ...cidrList(ctx, block.infrastructureSubnets, `${f}.infrastructureSubnets`),
  ];
  return { subnets, excludeSubnets, ipam };
}

function readLocalnet(ctx: Ctx, block: Json, f: string, role: string): Body {
  readMtu(ctx, block, f);
  if (role !== 'Secondary')
    reject(ctx, `${f}.role`, 'a Localnet network can only have role Secondary', 'Secondary');
  if (!ctx.r.string(block.physicalNetworkName, `${f}.physicalNetworkName`))
    reject(ctx, `${f}.physicalNetworkName`, 'a Localnet network needs physicalNetworkName');
  let ipam = readIpamMode(ctx, block, f, role);
  const subnets = cidrList(ctx, block.subnets, `${f}.subnets`, 2);
  if (subnets.length === 0) ipam = false;
  const vlan = ctx.r.object(block.vlan, `${f}.vlan`);
  if (vlan) {
    const mode = ctx.r.string(vlan.mode, `${f}.vlan.mode`);
    if (mode !== 'Access') reject(ctx, `${f}.vlan.mode`, `vlan.mode "${mode ?? ''}" is not Access`, 'Access');
    const access = ctx.r.object(vlan.access, `${f}.vlan.access`);
    const id = access ? ctx.r.int(access.id, `${f}.vlan.access.id`) : undefined;
    if (id === undefined || id < 1 || id > 4094)
      reject(ctx, `${f}.vlan.access.id`, 'vlan.access.id must be a VLAN id 1-4094');
  }
  return { subnets, excludeSubnets: cidrList(ctx, block.excludeSubnets, `${f}.excludeSubnets`), ipam };
}

function readNetwork(
  ctx: Ctx,
  kind: UdnKind,
  net: Json,
): (Body & { topology: Topo; role: 'Primary' | 'Secondary' }) | undefined {
  const f = ctx.base;
  const topology = ctx.r.string(net.topology, `${f}.topology`);
  const allowed: readonly string[] = TOPOLOGIES[kind];
  if (topology === undefined || !allowed.includes(topology)) {
    const near = allowed.find((t) => t.toLowerCase() === (topology ?? '').toLowerCase());
    reject(
      ctx,
      `${f}.topology`,
      topology === undefined
        ? 'topology is required'
        : `topology "${topology}" is not one of ${allowed.join(', ')}${topology === 'Localnet' ? ' (Localnet is for ClusterUserDefinedNetworks only)' : ''}`,
      near,
    );
    return undefined;
  }
  const topo = topology as Topo;
  for (const [t, key] of Object.entries(BLOCK))
    if (t !== topo && net[key] !== undefined)
      reject(ctx, `${f}.${key}`, `spec.${key} is forbidden when topology is ${topo}`);
  const bf = `${f}.${BLOCK[topo]}`;
  const block = ctx.r.object(net[BLOCK[topo]], bf);
  if (!block) {
    reject(ctx, bf, `spec.${BLOCK[topo]} is required when topology is ${topo}`);
    return undefined;
  }
  const role = ctx.r.string(block.role, `${bf}.role`);
  if (role !== 'Primary' && role !== 'Secondary') {
    reject(
      ctx,
      `${bf}.role`,
      role === undefined ? 'role is required' : `role "${role}" is not Primary or Secondary`,
      ['Primary', 'Secondary'].find((x) => x.toLowerCase() === (role ?? '').toLowerCase()),
    );
    return undefined;
  }
  const body =
    topo === 'Layer3'
      ? readLayer3(ctx, block, bf, role)
      : topo === 'Layer2'
        ? readLayer2(ctx, block, bf, role)
        : readLocalnet(ctx, block, bf, role);
  return { ...body, topology: topo, role };
}

function reservedNamespace(ns: string): boolean {
  return ns === 'default' || ns.startsWith('openshift-');
}

/** Read one UDN or CUDN; undefined when the API server would reject it (U1, U2). */
export function readUdn(
  r: FieldReader,
  kind: UdnKind,
  spec: Json,
  name: string,
  namespace: string,
): UserDefinedNetwork | undefined {
  const isCluster = kind === 'ClusterUserDefinedNetwork';
  const ctx: Ctx = { r, base: isCluster ? 'spec.network' : 'spec', valid: true };
  let namespaceSelector: LabelSelector | undefined;
  let net: Json | undefined = spec;
  if (isCluster) {
    if (!isObject(spec.namespaceSelector))
      reject(ctx, 'spec.namespaceSelector', 'spec.namespaceSelector is required');
    else namespaceSelector = readSelector(r, spec.namespaceSelector, 'spec.namespaceSelector');
    net = r.object(spec.network, 'spec.network');
    if (!net) reject(ctx, 'spec.network', 'spec.network is required');
    if (name === 'default') {
      // U2: the key `default` would clash with the cluster pod network.
      r.report(
        'error',
        'cudn-named-default',
        'metadata.name',
        'a ClusterUserDefinedNetwork named "default" clashes with the cluster default network key; it is not applied (U2)',
      );
      ctx.valid = false;
    }
  } else if (reservedNamespace(namespace)) {
    r.report(
      'warning',
      'udn-reserved-namespace',
      'metadata.namespace',
      `namespace ${namespace} should not get a UserDefinedNetwork (OpenShift best practice; np-guard refuses it); applied anyway (U6)`,
    );
  }
  const body = net ? readNetwork(ctx, kind, net) : undefined;
  if (!body || !ctx.valid) return undefined;
  return {
    kind,
    key: isCluster ? name : `${namespace}/${name}`,
    name,
    namespace: isCluster ? '' : namespace,
    topology: body.topology,
    role: body.role,
    subnets: body.subnets,
    excludeSubnets: body.excludeSubnets,
    ipam: body.ipam,
    ...(namespaceSelector ? { namespaceSelector } : {}),
    origin: r.origin,
  };
}
