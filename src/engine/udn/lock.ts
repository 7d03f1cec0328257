import type { Endpoint, Protocol } from '../../model/types';
import {
  NO_CONNS,
  connOf,
  formatConns,
  intersectConns,
  isEmptyConns,
  unionConns,
  type ConnSet,
} from '../conn';
import { range } from '../ports';

/**
 * The locked `default` attachment of an endpoint whose primary network is a (C)UDN or a
 * primary NAD (SEMANTICS R10.6): OVN-K's `DenyPrimaryUDN` ACLs drop every connection to and
 * from it on the default network, except ingress to the ports its
 * `k8s.ovn.org/open-default-ports` annotation opens (R10.7). No policy changes that, so this
 * is a layer of its own, intersected with the policy verdict like Subnet ACLs.
 */
export interface LockedEndpoint {
  /** key of its primary network (`ns/name` or a CUDN `NAME`); '' when several compete (U5) */
  readonly primary: string;
  /** what `open-default-ports` opens on its default-network address */
  readonly open: ConnSet;
}

export interface LockVerdict {
  readonly allowed: ConnSet;
  /** one line for explanations */
  readonly reason: string;
}

const PROTOCOL: Readonly<Record<string, Protocol>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

/** The ConnSet `k8s.ovn.org/open-default-ports` opens (parsed and validated by io; invalid = absent). */
export function openPorts(e: Endpoint): ConnSet {
  let out = NO_CONNS;
  for (const item of e.udn?.openDefaultPorts ?? []) {
    if (item.protocol === 'icmp') out = { ...out, ICMP: true };
    const p = PROTOCOL[item.protocol];
    // port 0 passes OVN-K's validation but opens no connectable port
    if (p && item.port !== undefined && item.port >= 1) out = unionConns(out, connOf(p, range(item.port)));
  }
  return out;
}

function where(l: LockedEndpoint): string {
  return l.primary ? `primary network ${l.primary}` : 'a primary user-defined network';
}

/** The lock's verdict for src → dst on `default`; undefined when neither end is locked. */
export function lockPair(
  locked: ReadonlyMap<string, LockedEndpoint>,
  src: Endpoint,
  dst: Endpoint,
): LockVerdict | undefined {
  const s = locked.get(src.id);
  const d = locked.get(dst.id);
  if (s)
    return {
      allowed: NO_CONNS,
      reason: `OVN-K UDN isolation: ${src.kind === 'VM' ? 'the VM' : 'the pod'} ${src.namespace}/${src.name} is on ${where(s)}; its default-network interface is locked and sends nothing (R10.6)`,
    };
  if (!d) return undefined;
  const open = d.open;
  return {
    allowed: open,
    reason: isEmptyConns(open)
      ? `OVN-K UDN isolation: ${dst.namespace}/${dst.name} is on ${where(d)}; its default-network interface accepts nothing (no k8s.ovn.org/open-default-ports) (R10.6)`
      : `OVN-K UDN isolation: ${dst.namespace}/${dst.name} is on ${where(d)}; k8s.ovn.org/open-default-ports opens only ${formatConns(open)} on its default-network interface (R10.7)`,
  };
}

/** The pair's allowed set after the lock (identity when the pair is not locked). */
export function applyLock(allowed: ConnSet, lock: LockVerdict | undefined): ConnSet {
  return lock ? intersectConns(allowed, lock.allowed) : allowed;
}
