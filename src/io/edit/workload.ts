import { dump, load } from 'js-yaml';
import { userMap, userMapOf } from '../../model/labels';
import { isObject, type Json } from '../reader';
import { NETWORKS_ANNOTATION } from '../k8s-workloads';

/** An interface as the forms see it: a network (`default` or NAD `ns/name`) and its IPs. */
export interface InterfaceSpec {
  readonly network: string;
  readonly ips: readonly string[];
}

type Mutable = Record<string, unknown>;

function clone(o: Json): Mutable {
  return structuredClone(o) as Mutable;
}

function at(o: Mutable, ...path: string[]): Mutable {
  let cur = o;
  for (const k of path) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Mutable;
  }
  return cur;
}

function metaOf(o: Mutable): Mutable {
  return at(o, 'metadata');
}

/** Where a kind keeps the pod's labels. */
function labelHost(o: Mutable): Mutable {
  const kind = o.kind;
  if (kind === 'VirtualMachine') return at(o, 'spec', 'template', 'metadata');
  if (
    kind === 'Deployment' ||
    kind === 'StatefulSet' ||
    kind === 'DaemonSet' ||
    kind === 'ReplicaSet' ||
    kind === 'Job'
  )
    return at(o, 'spec', 'template', 'metadata');
  return metaOf(o);
}

export function getLabels(obj: Json): Record<string, string> {
  const host = labelHost(clone(obj));
  return isObject(host.labels)
    ? userMapOf(Object.entries(host.labels).map(([k, v]) => [k, String(v)] as const))
    : userMap<string>();
}

export function setLabels(obj: Json, labels: Readonly<Record<string, string>>): Json {
  const o = clone(obj);
  const host = labelHost(o);
  if (Object.keys(labels).length) host.labels = { ...labels };
  else delete host.labels;
  return o;
}

export function rename(obj: Json, name: string, namespace?: string): Json {
  const o = clone(obj);
  const m = metaOf(o);
  m.name = name;
  if (namespace !== undefined && o.kind !== 'Namespace' && o.kind !== 'ExternalHost') m.namespace = namespace;
  if (o.kind === 'NetworkAttachmentDefinition' && isObject(o.spec) && typeof o.spec.config === 'string') {
    try {
      const c = JSON.parse(o.spec.config) as Mutable;
      c.name = name;
      c.netAttachDefName = `${String(m.namespace ?? 'default')}/${name}`;
      (o.spec as Mutable).config = JSON.stringify(c, null, 2);
    } catch {
      // an invalid config is reported by the model; leave it as the user wrote it
    }
  }
  return o;
}

function nadRef(network: string, ns: string): { name: string; namespace?: string } {
  const [a, b] = network.split('/');
  return b === undefined ? { name: a ?? '' } : a === ns ? { name: b } : { name: b, namespace: a ?? '' };
}

function withPrefix(ip: string): string {
  return ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 64 : 24}`;
}

/** Pod: `status.podIP` for the pod network, the networks annotation (JSON form) for NADs. */
function setPodInterfaces(o: Mutable, ifaces: readonly InterfaceSpec[]): void {
  const ns = String(metaOf(o).namespace ?? 'default');
  const def = ifaces.find((i) => i.network === 'default');
  if (def?.ips[0]) at(o, 'status').podIP = def.ips[0];
  else if (isObject(o.status)) delete (o.status as Mutable).podIP;
  if (isObject(o.status) && Object.keys(o.status).length === 0) delete o.status;
  const secondary = ifaces.filter((i) => i.network !== 'default');
  const ann = at(o, 'metadata', 'annotations');
  if (secondary.length === 0) delete ann[NETWORKS_ANNOTATION];
  else {
    const list = secondary.map((i) => ({
      ...nadRef(i.network, ns),
      ...(i.ips.length ? { ips: i.ips.map(withPrefix) } : {}),
    }));
    ann[NETWORKS_ANNOTATION] = JSON.stringify(list);
  }
  if (Object.keys(ann).length === 0) delete metaOf(o).annotations;
}

/**
 * VM: one interface + network per attachment (pod network: masquerade; NADs: bridge), and
 * static addresses written to cloud-init networkData (ethN = N-th interface, R6.3).
 */
function setVmInterfaces(o: Mutable, ifaces: readonly InterfaceSpec[]): void {
  const ns = String(metaOf(o).namespace ?? 'default');
  const spec = at(o, 'spec', 'template', 'spec');
  const devices = at(spec, 'domain', 'devices');
  const interfaces: Mutable[] = [];
  const networks: Mutable[] = [];
  const ethernets: Record<string, unknown> = {};
  ifaces.forEach((i, k) => {
    if (i.network === 'default') {
      interfaces.push({ name: 'default', masquerade: {} });
      networks.push({ name: 'default', pod: {} });
      return;
    }
    const ref = nadRef(i.network, ns);
    const name = `net-${ref.name}`.slice(0, 60);
    interfaces.push({ name, bridge: {} });
    networks.push({
      name,
      multus: { networkName: ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name },
    });
    if (i.ips.length) ethernets[`eth${k}`] = { addresses: i.ips.map(withPrefix) };
  });
  devices.interfaces = interfaces;
  spec.networks = networks;
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []).filter(
    (v) =>
      !(
        isObject(v) &&
        v.name === 'cloudinitdisk' &&
        isObject(v.cloudInitNoCloud) &&
        Object.keys(v.cloudInitNoCloud).every((k) => k === 'networkData')
      ),
  );
  const existing = volumes.find((v): v is Mutable => isObject(v) && isObject(v.cloudInitNoCloud)) as
    Mutable | undefined;
  if (Object.keys(ethernets).length) {
    const nd = dump({ version: 2, ethernets });
    if (existing) (existing.cloudInitNoCloud as Mutable).networkData = nd;
    else volumes.push({ name: 'cloudinitdisk', cloudInitNoCloud: { networkData: nd } });
    const disks = Array.isArray(devices.disks) ? (devices.disks as Mutable[]) : [];
    if (!disks.some((d) => d.name === 'cloudinitdisk'))
      devices.disks = [...disks, { name: 'cloudinitdisk', disk: { bus: 'virtio' } }];
  } else if (existing) delete (existing.cloudInitNoCloud as Mutable).networkData;
  spec.volumes = volumes;
}

export function setInterfaces(obj: Json, ifaces: readonly InterfaceSpec[]): Json {
  const o = clone(obj);
  if (o.kind === 'VirtualMachine') setVmInterfaces(o, ifaces);
  else if (o.kind === 'ExternalHost') {
    const first = ifaces[0];
    at(o, 'spec').network = first?.network ?? 'default';
    at(o, 'spec').ips = [...(first?.ips ?? [])];
  } else setPodInterfaces(o, ifaces);
  return o;
}

/** Parse YAML text of one object (the side-by-side editor). */
export function parseObjectYaml(text: string): { obj?: Json; error?: string; line?: number } {
  try {
    const v = load(text);
    if (!isObject(v))
      return { error: 'the YAML must be one mapping (an object with apiVersion, kind, metadata)' };
    return { obj: v };
  } catch (e) {
    const mark = (e as { mark?: { line: number } }).mark;
    return {
      error: e instanceof Error ? (e.message.split('\n')[0] ?? String(e)) : String(e),
      ...(mark ? { line: mark.line + 1 } : {}),
    };
  }
}
