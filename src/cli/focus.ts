import type { Connection } from '../engine/analyze';
import { allows, connOf, intersectConns, isEmptyConns, type ConnSet } from '../engine/conn';
import type { Focus } from './args';
import { UsageError } from './context';

/** `ns/name` or a bare name (any namespace) or an external host's name. */
export function matchesWorkload(label: string, wanted: string): boolean {
  return label === wanted || (!wanted.includes('/') && label.slice(label.indexOf('/') + 1) === wanted);
}

const inNamespace = (label: string, ns: string) => label.startsWith(`${ns}/`);

export function checkFocus(f: Focus): void {
  if (f.direction && f.workloads.length === 0 && !f.namespace)
    throw new UsageError('--direction needs --workload or --namespace (whose ingress or egress)');
}

/** The network a focus names: a NAD key (`ns/name`), `default`, or a logical id (`ovnk:net`). */
export function networkMatches(f: Focus, keys: readonly string[]): boolean {
  return f.network === undefined || keys.includes(f.network);
}

/** Does the pair involve the focused workloads / namespace, on the focused side (`--direction`)? */
export function endsMatch(f: Focus, from: string, to: string): boolean {
  if (f.direction === 'egress') return sideMatches(f, from);
  if (f.direction === 'ingress') return sideMatches(f, to);
  return sideMatches(f, from) || sideMatches(f, to);
}

export function sideMatches(f: Focus, label: string): boolean {
  if (f.workloads.length === 0 && !f.namespace) return true;
  if (f.workloads.some((w) => matchesWorkload(label, w))) return true;
  return !!f.namespace && inNamespace(label, f.namespace);
}

/** The part of an allowed set the focus asks about (`--protocol TCP --port 443`: only that). */
export function focusConns(f: Focus, a: ConnSet): ConnSet {
  if (!f.protocol) return a;
  if (f.protocol === 'ICMP') return { TCP: [], UDP: [], SCTP: [], ICMP: a.ICMP };
  const lo = f.port ?? 1;
  const hi = f.port ?? 65535;
  return intersectConns(a, connOf(f.protocol, [[lo, hi]]));
}

export function verdictMatches(f: Focus, focused: ConnSet): boolean {
  if (!f.verdict) return true;
  return f.verdict === 'allowed' ? !isEmptyConns(focused) : isEmptyConns(focused);
}

export function pairAllowed(f: Focus, a: ConnSet): boolean {
  return f.protocol ? allows(a, f.protocol, f.port) : !isEmptyConns(a);
}

/** Connections of an analysis that the focus keeps, with `allowed` narrowed to the focus. */
export function focusConnections(f: Focus, cs: readonly Connection[]): Connection[] {
  const out: Connection[] = [];
  for (const c of cs) {
    if (!networkMatches(f, [c.network]) || !endsMatch(f, c.from, c.to)) continue;
    const allowed = focusConns(f, c.allowed);
    if (!verdictMatches(f, allowed)) continue;
    out.push(allowed === c.allowed ? c : { ...c, allowed });
  }
  return out;
}
