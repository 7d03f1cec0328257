import { endpointId } from '../model/ids';
import {
  DEFAULT_NETWORK,
  PROTOCOLS,
  type Attachment,
  type Endpoint,
  type IpSource,
  type NamedPort,
  type Protocol,
} from '../model/types';
import { cloudInitAddresses, type GuestInterface } from './cloud-init';
import { interfaceBinding, readUdnHints } from './k8s-udn-endpoint';
import { cidrProblem } from './k8s-names';
import { isObject, type FieldReader, type Json } from './reader';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

interface Selection {
  readonly nad: string;
  readonly ips: readonly string[];
  readonly iface?: string;
}

/** The Multus networks annotation: `a, ns/b@net1` or a JSON list (SEMANTICS R5.5). */
export function parseNetworksAnnotation(r: FieldReader, text: string, podNs: string): Selection[] {
  const field = `metadata.annotations.${NETWORKS_ANNOTATION}`;
  const t = text.trim();
  if (t === '') return [];
  if (t.startsWith('[') || t.startsWith('{')) {
    const parsed = r.json(
      t,
      'networks-annotation-invalid',
      field,
      'the networks annotation',
      'no secondary network was attached',
    );
    if (!parsed) return [];
    const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    const out: Selection[] = [];
    list.forEach((el, k) => {
      if (!isObject(el) || typeof el.name !== 'string' || el.name === '') {
        r.report(
          'error',
          'networks-annotation-invalid',
          field,
          `network selection element ${k} needs a "name"`,
        );
        return;
      }
      const ns = typeof el.namespace === 'string' && el.namespace !== '' ? el.namespace : podNs;
      const ips = Array.isArray(el.ips) ? el.ips.filter((x): x is string => typeof x === 'string') : [];
      const iface = typeof el.interface === 'string' ? el.interface : undefined;
      out.push({ nad: `${ns}/${el.name}`, ips, ...(iface ? { iface } : {}) });
    });
    return out;
  }
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [ref = '', iface] = item.split('@');
      const nad = ref.includes('/') ? ref : `${podNs}/${ref}`;
      return iface ? { nad, ips: [], iface } : { nad, ips: [] };
    });
}

/** `network-status` (written by Multus): the IPs the pod really got, per network. */
function parseNetworkStatus(text: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!text) return out;
  try {
    const list: unknown = JSON.parse(text);
    for (const el of Array.isArray(list) ? list : []) {
      if (!isObject(el) || typeof el.name !== 'string') continue;
      const ips = Array.isArray(el.ips) ? el.ips.filter((x): x is string => typeof x === 'string') : [];
      out.set(el.default === true ? DEFAULT_NETWORK : el.name, ips);
    }
  } catch {
    // reported by the caller's annotation check; IPs then come from elsewhere
  }
  return out;
}

function readPorts(r: FieldReader, containers: readonly unknown[], field: string): NamedPort[] {
  const out: NamedPort[] = [];
  containers.forEach((c, k) => {
    const co = r.object(c, `${field}[${k}]`);
    (r.list(co?.ports, `${field}[${k}].ports`) ?? []).forEach((p, j) => {
      const f = `${field}[${k}].ports[${j}]`;
      const po = r.object(p, f);
      if (!po || typeof po.name !== 'string') return;
      const port = r.int(po.containerPort, `${f}.containerPort`);
      const proto = (r.string(po.protocol, `${f}.protocol`) ?? 'TCP') as Protocol;
      if (port === undefined || !PROTOCOLS.includes(proto)) return;
      out.push({ name: po.name, port, protocol: proto });
    });
  });
  // (exact copies here and below: a pushed array keeps room for 17, and a design keeps every workload)
  return out.slice();
}

/**
 * Where a workload's pod is read from: the object itself (Pod, VMI, with status) or the pod
 * template of a controller or VirtualMachine (no status), with the field paths diagnostics name.
 */
export interface PodSource<K extends string = string> {
  readonly kind: K;
  readonly name: string;
  readonly namespace: string;
  readonly meta: Json;
  readonly spec: Json;
  readonly status?: Json;
  readonly metaField: string;
  readonly specField: string;
}

/** Pod-like endpoint from a Pod or a controller's pod template. */
export function readPodLike(r: FieldReader, src: PodSource): Endpoint {
  const { kind: sourceKind, name, namespace, meta, spec, status, metaField, specField } = src;
  const labels = r.labels(meta.labels, `${metaField}.labels`);
  const annotations = r.stringMap(meta.annotations, `${metaField}.annotations`);
  const netStatus = parseNetworkStatus(annotations[NETWORK_STATUS_ANNOTATION]);
  const podIps = [
    ...(r.list(status?.podIPs, 'status.podIPs') ?? [])
      .map((x) => (isObject(x) && typeof x.ip === 'string' ? x.ip : undefined))
      .filter((x): x is string => !!x),
  ];
  if (podIps.length === 0 && typeof status?.podIP === 'string') podIps.push(status.podIP);
  const hostNetwork = spec.hostNetwork === true;
  // network-status `default: true` names the primary network: on a UDN pod it differs from podIPs (R10.5)
  const statusDefault = netStatus.get(DEFAULT_NETWORK) ?? [];
  const udnStatus = podIps.length && statusDefault.some((ip) => !podIps.includes(ip.split('/')[0] ?? ip));
  const hints = readUdnHints(r, annotations, metaField, udnStatus ? statusDefault : undefined);
  const defaultIps = podIps.length ? podIps : (hints.lockedIps ?? statusDefault);
  const attachments: Attachment[] = [
    {
      nad: DEFAULT_NETWORK,
      ips: defaultIps,
      ipSource: podIps.length ? 'status' : defaultIps.length ? 'network-status' : 'none',
    },
  ];
  const networks = annotations[NETWORKS_ANNOTATION];
  if (networks !== undefined) {
    for (const sel of parseNetworksAnnotation(r, networks, namespace)) {
      const fromStatus = netStatus.get(sel.nad);
      const ips = fromStatus?.length ? fromStatus : sel.ips;
      const ipSource: IpSource = fromStatus?.length
        ? 'network-status'
        : sel.ips.length
          ? 'annotation'
          : 'none';
      attachments.push({ nad: sel.nad, ips, ipSource, ...(sel.iface ? { iface: sel.iface } : {}) });
    }
  }
  const containers = r.list(spec.containers, `${specField}.containers`) ?? [];
  return {
    id: endpointId('Pod', namespace, name),
    kind: 'Pod',
    sourceKind,
    name,
    namespace,
    labels,
    attachments: attachments.slice(),
    namedPorts: readPorts(r, containers, `${specField}.containers`),
    hostNetwork,
    ...(hints.info ? { udn: hints.info } : {}),
    origin: r.origin,
  };
}

function decodeBase64(s: string): string {
  try {
    return atob(s.replace(/\s+/g, ''));
  } catch {
    return '';
  }
}

/** networkData of the first cloud-init volume (NoCloud or ConfigDrive), if any, and its field. */
function networkDataOf(volumes: readonly unknown[]): { text: string; field: string } | undefined {
  for (const [k, v] of volumes.entries()) {
    if (!isObject(v)) continue;
    const source = isObject(v.cloudInitNoCloud)
      ? 'cloudInitNoCloud'
      : isObject(v.cloudInitConfigDrive)
        ? 'cloudInitConfigDrive'
        : undefined;
    const ci = source ? v[source] : undefined;
    if (!source || !isObject(ci)) continue;
    const field = `[${k}].${source}`;
    if (typeof ci.networkData === 'string') return { text: ci.networkData, field: `${field}.networkData` };
    if (typeof ci.networkDataBase64 === 'string')
      return { text: decodeBase64(ci.networkDataBase64), field: `${field}.networkDataBase64` };
  }
  return undefined;
}

/** cloud-init refuses an address like `10.0.0.5/99`: an error, and the address is not used. */
function validAddresses(r: FieldReader, byNic: Map<number, string[]>, field: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [k, addrs] of byNic) {
    const ok = addrs.filter((a) => {
      const problem = a.includes('/') ? cidrProblem(a) : cidrProblem(`${a}/${a.includes(':') ? 128 : 32}`);
      if (problem)
        r.report(
          'error',
          'cloud-init-invalid',
          field,
          `cloud-init address "${a}" ${problem.startsWith('is ') ? problem : `is invalid: ${problem}`}; it is not used`,
        );
      return !problem;
    });
    if (ok.length) out.set(k, ok);
  }
  return out;
}

/**
 * A KubeVirt VM (or VMI) as one endpoint: the virt-launcher pod's labels (R6.1) and one
 * attachment per VM network (R6.4), with IPs from VMI status, else cloud-init (R6.3).
 */
export function readVm(
  r: FieldReader,
  src: PodSource<'VirtualMachine' | 'VirtualMachineInstance'>,
): Endpoint {
  const { kind: sourceKind, name, namespace, metaField, specField } = src;
  const { meta: templateMeta, spec: vmiSpec, status: vmiStatus } = src;
  const templateLabels = r.labels(templateMeta.labels, `${metaField}.labels`);
  const hostname = typeof vmiSpec.hostname === 'string' && vmiSpec.hostname !== '' ? vmiSpec.hostname : name;
  const labels = { ...templateLabels, 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': hostname };
  const domain = r.object(vmiSpec.domain, `${specField}.domain`) ?? {};
  const devices = r.object(domain.devices, `${specField}.domain.devices`) ?? {};
  const ifaceList = (r.list(devices.interfaces, `${specField}.domain.devices.interfaces`) ?? []).filter(
    isObject,
  );
  const netList = r.list(vmiSpec.networks, `${specField}.networks`);
  // No `networks` at all: KubeVirt attaches the pod network by default (autoattachPodInterface).
  const networks: Json[] = netList === undefined ? [{ name: 'default', pod: {} }] : netList.filter(isObject);
  const guest: GuestInterface[] = ifaceList.map((i) => ({
    ...(typeof i.macAddress === 'string' ? { mac: i.macAddress } : {}),
    ...(typeof i.name === 'string' ? { name: i.name } : {}),
  }));
  const volumes = r.list(vmiSpec.volumes, `${specField}.volumes`) ?? [];
  const nd = networkDataOf(volumes);
  let ciAddrs = new Map<number, string[]>();
  if (nd !== undefined) {
    const field = `${specField}.volumes${nd.field}`;
    const res = cloudInitAddresses(nd.text, guest);
    if (typeof res === 'string') r.report('warning', 'cloud-init-invalid', field, res);
    else ciAddrs = validAddresses(r, res, field);
  }
  const statusIfaces = (r.list(vmiStatus?.interfaces, 'status.interfaces') ?? []).filter(isObject);
  const attachments: Attachment[] = [];
  const namedPorts: NamedPort[] = [];
  networks.forEach((n, k) => {
    const netName = typeof n.name === 'string' ? n.name : '';
    const ifaceIndex = ifaceList.findIndex((i) => i.name === netName);
    const st = statusIfaces.find((s) => s.name === netName);
    const stIps = st
      ? [
          ...(Array.isArray(st.ipAddresses) ? st.ipAddresses : []),
          ...(typeof st.ipAddress === 'string' ? [st.ipAddress] : []),
        ].filter((x): x is string => typeof x === 'string')
      : [];
    const uniq = [...new Set(stIps)];
    if (isObject(n.pod)) {
      attachments.push({
        nad: DEFAULT_NETWORK,
        ips: uniq,
        ipSource: uniq.length ? 'vmi-status' : 'none',
        iface: netName,
      });
      const iface = ifaceList[ifaceIndex];
      for (const p of r.list(iface?.ports, `${specField}.domain.devices.interfaces[${ifaceIndex}].ports`) ??
        []) {
        if (!isObject(p) || typeof p.name !== 'string' || typeof p.port !== 'number') continue;
        const proto = (typeof p.protocol === 'string' ? p.protocol : 'TCP') as Protocol;
        if (PROTOCOLS.includes(proto)) namedPorts.push({ name: p.name, port: p.port, protocol: proto });
      }
    } else if (isObject(n.multus)) {
      const ref = typeof n.multus.networkName === 'string' ? n.multus.networkName : '';
      if (ref === '') {
        r.report(
          'error',
          'field-missing',
          `${specField}.networks[${k}].multus.networkName`,
          'a multus network needs networkName',
        );
        return;
      }
      const nad = ref.includes('/') ? ref : `${namespace}/${ref}`;
      const ci = ifaceIndex >= 0 ? (ciAddrs.get(ifaceIndex) ?? []) : [];
      const ips = uniq.length ? uniq : ci;
      attachments.push({
        nad,
        ips,
        ipSource: uniq.length ? 'vmi-status' : ci.length ? 'cloud-init' : 'none',
        iface: netName,
      });
    }
  });
  const podNet = networks.find((n) => isObject(n.pod));
  const podIface = ifaceList.find((i) => podNet !== undefined && i.name === podNet.name);
  const hints = readUdnHints(
    r,
    r.stringMap(templateMeta.annotations, `${metaField}.annotations`),
    metaField,
    undefined,
    podNet ? (interfaceBinding(podIface) ?? 'bridge') : undefined,
  );
  return {
    id: endpointId('VM', namespace, name), // a VM and its VMI are one endpoint
    kind: 'VM',
    sourceKind,
    name,
    namespace,
    labels,
    attachments: attachments.slice(),
    namedPorts: namedPorts.slice(),
    hostNetwork: false,
    ...(hints.info ? { udn: hints.info } : {}),
    origin: r.origin,
  };
}
