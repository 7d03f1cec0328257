import type { Endpoint, LabelSelector, Labels, Model, UserDefinedNetwork } from '../model/types';

/**
 * The reference evaluator's reading of SEMANTICS §10, written from the text and sharing no code
 * with the engine: which network a name means, each namespace's primary network, the addresses
 * of an endpoint there, and the locked default attachment. Scope: what `withUdns` generates
 * (valid objects, explicit addresses, at most one primary network per namespace).
 */
const LABEL = 'k8s.ovn.org/primary-user-defined-network';

function sel(s: LabelSelector, l: Labels): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const val = l[e.key] as string;
    if (e.operator === 'In' && !(has && e.values?.includes(val))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(val)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function labelsOf(m: Model, ns: string): Labels {
  return { ...(m.namespaces.find((n) => n.name === ns)?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

function labelled(m: Model, ns: string): boolean {
  const n = m.namespaces.find((x) => x.name === ns);
  return !!n?.declared && LABEL in n.labels;
}

/** R10.2 network names: `<ns>_<name>` for a UDN, `cluster_udn_<NAME>` for a CUDN. */
const idOf = (u: UserDefinedNetwork): string =>
  u.kind === 'UserDefinedNetwork' ? `ovnk:${u.namespace}_${u.name}` : `ovnk:cluster_udn_${u.name}`;

/** Namespaces a (C)UDN serves (R10.1, R10.3: a primary one only where the label is). */
function serves(m: Model, u: UserDefinedNetwork, ns: string): boolean {
  const ok =
    u.kind === 'UserDefinedNetwork' ? u.namespace === ns : sel(u.namespaceSelector ?? {}, labelsOf(m, ns));
  return ok && (u.role === 'Secondary' || labelled(m, ns));
}

/** The logical network a reference names, when it names a (C)UDN; undefined otherwise. */
export function udnNetOf(m: Model, key: string): string | undefined {
  for (const u of m.udns ?? []) {
    if (key === u.key) return idOf(u);
    const [ns = '', name] = key.split('/');
    if (u.kind === 'ClusterUserDefinedNetwork' && name === u.name && serves(m, u, ns)) return idOf(u);
  }
  return undefined;
}

/** Every (C)UDN logical network id (so primary/secondary can be told for policy-for). */
export function isPrimaryNet(m: Model, net: string): boolean {
  return (m.udns ?? []).some((u) => idOf(u) === net && u.role === 'Primary');
}

/** R10.4: the primary network of a namespace, when not `default`. */
export function primaryNetOf(m: Model, ns: string): string | undefined {
  const u = (m.udns ?? []).find((x) => x.role === 'Primary' && serves(m, x, ns));
  return u ? idOf(u) : undefined;
}

/** Pods and VMs that take their namespace's primary network (hostNetwork pods never do). */
export function onPrimary(m: Model, e: Endpoint): string | undefined {
  if (e.kind === 'External' || e.hostNetwork) return undefined;
  if (!e.attachments.some((a) => a.nad === 'default')) return undefined;
  return primaryNetOf(m, e.namespace);
}

/** R10.5: addresses on the primary network; a VM's guest-reported pod-network address is its UDN address. */
export function primaryIps(e: Endpoint): string[] {
  if (e.udn?.primaryIps?.length) return [...e.udn.primaryIps];
  const d = e.attachments.find((a) => a.nad === 'default');
  return e.kind === 'VM' && d?.ipSource === 'vmi-status' ? [...d.ips] : [];
}

/** R10.6 / R10.7 on `default`: may src open proto/port to dst, as far as the lock goes? */
export function lockAllows(m: Model, src: Endpoint, dst: Endpoint, proto: string, port?: number): boolean {
  if (onPrimary(m, src)) return false;
  if (!onPrimary(m, dst)) return true;
  return (dst.udn?.openDefaultPorts ?? []).some((o) =>
    proto === 'ICMP' ? o.protocol === 'icmp' : o.protocol === proto.toLowerCase() && o.port === port,
  );
}
