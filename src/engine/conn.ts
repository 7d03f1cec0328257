import { PROTOCOLS, type Protocol } from '../model/types';
import * as ports from './ports';
import type { Interval, PortSet } from './ports';

/** A set of connections: per protocol a port set, plus ICMP as a whole. */
export interface ConnSet {
  readonly TCP: PortSet;
  readonly UDP: PortSet;
  readonly SCTP: PortSet;
  readonly ICMP: boolean;
}

export const ALL_CONNS: ConnSet = {
  TCP: ports.ALL_PORTS,
  UDP: ports.ALL_PORTS,
  SCTP: ports.ALL_PORTS,
  ICMP: true,
};
export const NO_CONNS: ConnSet = { TCP: [], UDP: [], SCTP: [], ICMP: false };

export function connOf(protocol: Protocol, set: PortSet): ConnSet {
  return { ...NO_CONNS, [protocol]: set };
}

export function unionConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b || b === NO_CONNS || a === ALL_CONNS) return a;
  if (a === NO_CONNS || b === ALL_CONNS) return b;
  return {
    TCP: ports.union(a.TCP, b.TCP),
    UDP: ports.union(a.UDP, b.UDP),
    SCTP: ports.union(a.SCTP, b.SCTP),
    ICMP: a.ICMP || b.ICMP,
  };
}

export function intersectConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b || b === ALL_CONNS) return a;
  if (a === ALL_CONNS) return b;
  return sharedOf(
    a,
    b,
    ports.intersect(a.TCP, b.TCP),
    ports.intersect(a.UDP, b.UDP),
    ports.intersect(a.SCTP, b.SCTP),
    a.ICMP && b.ICMP,
  );
}

export function subtractConns(a: ConnSet, b: ConnSet): ConnSet {
  if (b === NO_CONNS || a === NO_CONNS) return a;
  return sharedOf(
    a,
    undefined,
    ports.subtract(a.TCP, b.TCP),
    ports.subtract(a.UDP, b.UDP),
    ports.subtract(a.SCTP, b.SCTP),
    a.ICMP && !b.ICMP,
  );
}

/**
 * A result made of these parts: an operand when it has exactly them (the port functions
 * return an operand's list when equal to it), else a new set. Results are read, never
 * changed: sharing them keeps the many equal sets of a big analysis one object.
 */
function sharedOf(
  a: ConnSet,
  b: ConnSet | undefined,
  TCP: PortSet,
  UDP: PortSet,
  SCTP: PortSet,
  ICMP: boolean,
): ConnSet {
  if (TCP === a.TCP && UDP === a.UDP && SCTP === a.SCTP && ICMP === a.ICMP) return a;
  if (b && TCP === b.TCP && UDP === b.UDP && SCTP === b.SCTP && ICMP === b.ICMP) return b;
  if (!TCP.length && !UDP.length && !SCTP.length && !ICMP) return NO_CONNS;
  return { TCP, UDP, SCTP, ICMP };
}

export function isEmptyConns(a: ConnSet): boolean {
  return a.TCP.length === 0 && a.UDP.length === 0 && a.SCTP.length === 0 && !a.ICMP;
}

export function isAllConns(a: ConnSet): boolean {
  return equalConns(a, ALL_CONNS);
}

export function equalConns(a: ConnSet, b: ConnSet): boolean {
  return (
    a.ICMP === b.ICMP &&
    ports.equals(a.TCP, b.TCP) &&
    ports.equals(a.UDP, b.UDP) &&
    ports.equals(a.SCTP, b.SCTP)
  );
}

/** A key equal for equal sets (port ranges per protocol, then ICMP). */
export function connsKey(a: ConnSet): string {
  return `${portsKey(a.TCP)};${portsKey(a.UDP)};${portsKey(a.SCTP)};${a.ICMP ? 1 : 0}`;
}

/** "lo-hi," per range (a loop: `join` on the ranges turns each pair into a string by `join` again). */
function portsKey(s: PortSet): string {
  let k = '';
  for (let i = 0; i < s.length; i++) {
    const r = s[i] as Interval;
    k += `${r[0]}-${r[1]},`;
  }
  return k;
}

/** Whether one probe (protocol + port, or ICMP) is in the set. */
export function allows(a: ConnSet, protocol: Protocol | 'ICMP', port?: number): boolean {
  if (protocol === 'ICMP') return a.ICMP;
  return port === undefined ? a[protocol].length > 0 : ports.contains(a[protocol], port);
}

/** "All connections", "none", or "TCP 80,443; UDP 53; ICMP". */
export function formatConns(a: ConnSet): string {
  if (isAllConns(a)) return 'all';
  if (isEmptyConns(a)) return 'none';
  const parts: string[] = [];
  for (const p of PROTOCOLS) if (a[p].length) parts.push(`${p} ${ports.formatPorts(a[p])}`);
  if (a.ICMP) parts.push('ICMP');
  return parts.join('; ');
}
