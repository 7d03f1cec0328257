import type { Diagnostic } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import type { KubeOvnSubnet, Model, SubnetAcl } from '../../model/types';
import { parseCidr, parseIp, rangeContains, type AddrRange } from '../cidr';
import { NO_CONNS, unionConns, connOf, type ConnSet } from '../conn';
import type { Member, NetworkLayout } from '../networks';
import { normalize, type Interval } from '../ports';
import { isParseError, parseAclMatch, type AclExpr } from './parse';
import { matches, portConstants, type Packet } from './match';

/** The source port the engine assumes for a client (an ephemeral port, 32768-60999). */
export const EPHEMERAL_PORT = 50000;

export interface CompiledAcl {
  readonly index: number;
  readonly acl: SubnetAcl;
  readonly expr?: AclExpr;
}

export interface CompiledSubnet {
  readonly subnet: KubeOvnSubnet;
  readonly network: string | undefined; // logical network id
  readonly range: AddrRange | undefined;
  /** Sorted by descending priority (then order), per direction. */
  readonly from: readonly CompiledAcl[];
  readonly to: readonly CompiledAcl[];
  /** Any allow / allow-related ACL: OVN tracks connections, replies pass (R7.4). */
  readonly stateful: boolean;
}

export function aclText(s: KubeOvnSubnet, a: CompiledAcl): string {
  return `Subnet ${s.name} acls[${a.index}] (${a.acl.direction} priority ${a.acl.priority} ${a.acl.action} "${a.acl.match}")`;
}

/** `vswitch1.default.ovn` → `default/vswitch1`; `ovn` or empty → the default network. */
export function providerNad(provider: string): string {
  const parts = provider.split('.');
  if (parts.length === 3 && parts[2] === 'ovn') return `${parts[1]}/${parts[0]}`;
  return 'default';
}

export function compileSubnets(
  model: Model,
  layout: NetworkLayout,
): { subnets: CompiledSubnet[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const subnets = model.subnets.map((s) => {
    const ref = { kind: 'Subnet', name: s.name };
    const nad = providerNad(s.provider);
    const network = nad === 'default' ? 'default' : layout.nadToNetwork.get(nad);
    if (!network && s.acls.length) {
      diagnostics.push(
        diagnosticAt(
          ref,
          s.origin,
          'warning',
          'subnet-provider-unknown',
          'spec.provider',
          `provider "${s.provider}" names the attachment network ${nad}, but no NetworkAttachmentDefinition ${nad} exists; these ACLs affect nothing in the design`,
        ),
      );
    }
    const p = parseCidr(s.cidrBlock.split(',')[0] ?? '');
    if (!p.ok)
      diagnostics.push(
        diagnosticAt(ref, s.origin, 'error', 'subnet-cidr-invalid', 'spec.cidrBlock', p.message),
      );
    const compiled: CompiledAcl[] = s.acls.map((acl, index) => {
      const e = parseAclMatch(acl.match);
      if (isParseError(e)) {
        diagnostics.push(
          diagnosticAt(
            ref,
            s.origin,
            'error',
            'acl-match-unsupported',
            `spec.acls[${index}].match`,
            `cannot evaluate "${acl.match}" at column ${e.pos + 1}: ${e.message}; this ACL is ignored by the analysis`,
          ),
        );
        return { index, acl };
      }
      return { index, acl, expr: e };
    });
    const order = (dir: string) =>
      compiled
        .filter((a) => a.acl.direction === dir)
        .sort((x, y) => y.acl.priority - x.acl.priority || x.index - y.index);
    return {
      subnet: s,
      network,
      range: p.ok ? p.range : undefined,
      from: order('from-lport'),
      to: order('to-lport'),
      stateful: s.acls.some((a) => a.action === 'allow' || a.action === 'allow-related'),
    };
  });
  return { subnets, diagnostics };
}

export interface AclDecision {
  readonly allowed: boolean;
  /** The deciding ACL, or undefined: no ACL matched (OVN allows by default). */
  readonly acl?: CompiledAcl;
  readonly subnet?: KubeOvnSubnet;
}

/** R7.3: descending priority, first match decides; no match ⇒ allowed. */
export function decide(s: CompiledSubnet, dir: 'from' | 'to', p: Packet): AclDecision {
  for (const a of dir === 'from' ? s.from : s.to) {
    if (!a.expr || !matches(a.expr, p)) continue;
    const allowed = a.acl.action.startsWith('allow');
    return { allowed, acl: a, subnet: s.subnet };
  }
  return { allowed: true };
}

export function subnetOfIp(
  subnets: readonly CompiledSubnet[],
  network: string,
  ip: { family: 4 | 6; value: bigint },
): CompiledSubnet | undefined {
  return subnets.find((s) => s.network === network && s.range && rangeContains(s.range, ip));
}

/** A packet through the source's from-lport ACLs, then the destination's to-lport ACLs (R7.2). */
export function passPacket(subnets: readonly CompiledSubnet[], network: string, p: Packet): AclDecision {
  const ip = (v: bigint) => ({ family: p.family, value: v });
  const a = subnetOfIp(subnets, network, ip(p.src));
  const d1 = a ? decide(a, 'from', p) : { allowed: true };
  if (!d1.allowed) return d1;
  const b = subnetOfIp(subnets, network, ip(p.dst));
  const d2 = b ? decide(b, 'to', p) : { allowed: true };
  if (!d2.allowed) return d2;
  return d2.acl ? d2 : d1;
}

export interface AclVerdict {
  /** What the ACLs let the client start (the initiating direction). */
  readonly allowed: ConnSet;
  /** Deciding ACLs for dropped parts, with what they dropped. */
  readonly droppedBy: readonly { readonly acl: string; readonly conns: ConnSet }[];
  readonly allowedBy: readonly string[];
  /** On a switch without stateful ACLs replies are new packets: ACLs that drop them. */
  readonly repliesDroppedBy: readonly { readonly acl: string; readonly conns: ConnSet }[];
}

const PROTOS = ['TCP', 'UDP', 'SCTP'] as const;

/** Exact per-port evaluation: the match is constant between the port constants it uses. */
function segments(subnets: readonly CompiledSubnet[]): Interval[] {
  const cuts = new Set<number>([1, 65536]);
  for (const s of subnets)
    for (const a of [...s.from, ...s.to]) {
      if (!a.expr) continue;
      for (const c of [...portConstants(a.expr, 'dst'), ...portConstants(a.expr, 'src')]) {
        if (c >= 1 && c <= 65535) {
          cuts.add(c);
          cuts.add(c + 1);
        }
      }
    }
  const sorted = [...cuts].sort((x, y) => x - y);
  return sorted.slice(0, -1).map((lo, k) => [lo, (sorted[k + 1] as number) - 1] as Interval);
}

/** The ACL layer for one pair on one network, or undefined when no subnet with ACLs covers them. */
export function aclPair(
  subnets: readonly CompiledSubnet[],
  network: string,
  src: Member,
  dst: Member,
): AclVerdict | undefined {
  const relevant = subnets.filter((s) => s.network === network && (s.from.length || s.to.length));
  if (relevant.length === 0) return undefined;
  const sIp = src.ips[0];
  const dIp = dst.ips.find((x) => x.family === sIp?.family);
  if (!sIp || !dIp) return undefined;
  if (!subnetOfIp(relevant, network, sIp) && !subnetOfIp(relevant, network, dIp)) return undefined;
  const stateful = [subnetOfIp(relevant, network, sIp), subnetOfIp(relevant, network, dIp)].some(
    (s) => s?.stateful,
  );
  let allowed = NO_CONNS;
  const dropped = new Map<string, ConnSet>();
  const replies = new Map<string, ConnSet>();
  const allowedBy = new Set<string>();
  const add = (m: Map<string, ConnSet>, key: string, c: ConnSet) =>
    m.set(key, unionConns(m.get(key) ?? NO_CONNS, c));
  const probe = (proto: Packet['proto'], lo: number | undefined, conn: ConnSet): void => {
    const base = { family: sIp.family, proto } as const;
    const first = passPacket(relevant, network, {
      ...base,
      src: sIp.value,
      dst: dIp.value,
      ...(lo !== undefined ? { srcPort: EPHEMERAL_PORT, dstPort: lo } : {}),
    });
    if (!first.allowed) {
      if (first.acl && first.subnet) add(dropped, aclText(first.subnet, first.acl), conn);
      return;
    }
    if (first.acl && first.subnet) allowedBy.add(aclText(first.subnet, first.acl));
    allowed = unionConns(allowed, conn);
    if (stateful) return;
    const reply = passPacket(relevant, network, {
      ...base,
      src: dIp.value,
      dst: sIp.value,
      ...(lo !== undefined ? { srcPort: lo, dstPort: EPHEMERAL_PORT } : {}),
    });
    if (!reply.allowed && reply.acl && reply.subnet) add(replies, aclText(reply.subnet, reply.acl), conn);
  };
  for (const seg of segments(relevant))
    for (const proto of PROTOS)
      probe(proto.toLowerCase() as Packet['proto'], seg[0], connOf(proto, normalize([seg])));
  probe('icmp', undefined, { ...NO_CONNS, ICMP: true });
  return {
    allowed,
    droppedBy: [...dropped].map(([acl, conns]) => ({ acl, conns })),
    allowedBy: [...allowedBy],
    repliesDroppedBy: [...replies].map(([acl, conns]) => ({ acl, conns })),
  };
}

/** A single packet, e.g. "TCP from 172.20.10.6 source port 9501": for probes and tests. */
export function probePacket(
  subnets: readonly CompiledSubnet[],
  network: string,
  o: { src: string; dst: string; proto: Packet['proto']; srcPort?: number; dstPort?: number },
): AclDecision & { text?: string } {
  const s = parseIp(o.src);
  const d = parseIp(o.dst);
  if (!s || !d || s.family !== d.family) return { allowed: false };
  const r = passPacket(subnets, network, {
    family: s.family,
    src: s.value,
    dst: d.value,
    proto: o.proto,
    ...(o.srcPort !== undefined ? { srcPort: o.srcPort } : {}),
    ...(o.dstPort !== undefined ? { dstPort: o.dstPort } : {}),
  });
  return r.acl && r.subnet ? { ...r, text: aclText(r.subnet, r.acl) } : r;
}
