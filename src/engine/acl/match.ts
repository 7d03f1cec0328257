import { parseCidr, parseIp } from '../cidr';
import type { AclExpr, AclField } from './parse';

/** One packet as OVN sees it. `proto` icmp covers ICMPv4/v6 by the family. */
export interface Packet {
  readonly family: 4 | 6;
  readonly src: bigint;
  readonly dst: bigint;
  readonly proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  readonly srcPort?: number;
  readonly dstPort?: number;
}

function ipIn(value: string, family: 4 | 6, ip: bigint): boolean {
  const p = parseCidr(value);
  if (p.ok) return p.range.family === family && ip >= p.range.start && ip <= p.range.end;
  const a = parseIp(value);
  return !!a && a.family === family && a.value === ip;
}

/** A field implies its prerequisites (`tcp.dst` ⇒ tcp ⇒ ip; `ip4.src` ⇒ ip4). */
function prerequisite(field: AclField, p: Packet): boolean {
  const [head] = field.split('.');
  if (head === 'ip4') return p.family === 4;
  if (head === 'ip6') return p.family === 6;
  return p.proto === head;
}

function fieldValue(field: AclField, p: Packet): { ip?: bigint; port?: number } {
  switch (field) {
    case 'ip4.src':
    case 'ip6.src':
      return { ip: p.src };
    case 'ip4.dst':
    case 'ip6.dst':
      return { ip: p.dst };
    case 'tcp.src':
    case 'udp.src':
    case 'sctp.src':
      return p.srcPort === undefined ? {} : { port: p.srcPort };
    default:
      return p.dstPort === undefined ? {} : { port: p.dstPort };
  }
}

export function matches(e: AclExpr, p: Packet): boolean {
  switch (e.kind) {
    case 'and':
      return matches(e.left, p) && matches(e.right, p);
    case 'or':
      return matches(e.left, p) || matches(e.right, p);
    case 'not':
      return !matches(e.expr, p);
    case 'proto':
      if (e.proto === 'ip') return true;
      if (e.proto === 'ip4') return p.family === 4;
      if (e.proto === 'ip6') return p.family === 6;
      if (e.proto === 'icmp') return p.proto === 'icmp';
      if (e.proto === 'icmp4') return p.proto === 'icmp' && p.family === 4;
      if (e.proto === 'icmp6') return p.proto === 'icmp' && p.family === 6;
      return p.proto === e.proto;
    case 'cmp': {
      if (!prerequisite(e.field, p)) return false;
      const v = fieldValue(e.field, p);
      if (v.ip !== undefined) {
        const hit = e.values.some((x) => ipIn(x, p.family, v.ip as bigint));
        return e.op === '==' ? hit : e.op === '!=' ? !hit : false;
      }
      if (v.port === undefined) return false;
      const port = v.port;
      const nums = e.values.map(Number);
      switch (e.op) {
        case '==':
          return nums.includes(port);
        case '!=':
          return !nums.includes(port);
        case '<':
          return nums.some((n) => port < n);
        case '<=':
          return nums.some((n) => port <= n);
        case '>':
          return nums.some((n) => port > n);
        default:
          return nums.some((n) => port >= n);
      }
    }
    default:
      return false;
  }
}

/** Port constants the expression compares against (for exact piecewise evaluation). */
export function portConstants(e: AclExpr, which: 'src' | 'dst'): number[] {
  switch (e.kind) {
    case 'and':
    case 'or':
      return [...portConstants(e.left, which), ...portConstants(e.right, which)];
    case 'not':
      return portConstants(e.expr, which);
    case 'cmp':
      return e.field.endsWith(`.${which}`) && !e.field.startsWith('ip')
        ? e.values.map(Number).filter(Number.isFinite)
        : [];
    default:
      return [];
  }
}

export function usesSourcePort(e: AclExpr): boolean {
  return portConstants(e, 'src').length > 0;
}
