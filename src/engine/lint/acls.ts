import type { DiagnosticCode } from '../../model/diagnostic-codes';
import { diagnosticAt } from '../../model/report';
import { parseCidr, parseIp } from '../cidr';
import { EPHEMERAL_PORT, type CompiledAcl, type CompiledSubnet } from '../acl/layer';
import { matches, portConstants, usesSourcePort, type Packet } from '../acl/match';
import type { AclExpr } from '../acl/parse';
import type { LintContext } from './context';

/** Addresses that can tell ACLs apart: design IPs, gateway, and the edges of every CIDR used. */
function addresses(ctx: LintContext, s: CompiledSubnet): { family: 4 | 6; value: bigint }[] {
  const out = new Map<string, { family: 4 | 6; value: bigint }>();
  const add = (a: { family: 4 | 6; value: bigint } | undefined) => a && out.set(`${a.family}:${a.value}`, a);
  for (const m of ctx.compiled.layout.members.get(s.network ?? '') ?? []) for (const ip of m.ips) add(ip);
  if (s.subnet.gateway) add(parseIp(s.subnet.gateway));
  const visit = (e: AclExpr): void => {
    if (e.kind === 'and' || e.kind === 'or') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === 'not') {
      visit(e.expr);
      return;
    }
    if (e.kind !== 'cmp' || !e.field.startsWith('ip')) return;
    for (const v of e.values) {
      const p = parseCidr(v);
      if (!p.ok) continue;
      for (const x of [p.range.start, p.range.end, p.range.start - 1n, p.range.end + 1n])
        if (x >= 0n) add({ family: p.range.family, value: x });
    }
  };
  for (const a of [...s.from, ...s.to]) if (a.expr) visit(a.expr);
  if (s.range) add({ family: s.range.family, value: s.range.start + 2n });
  return [...out.values()].slice(0, 48);
}

function packets(ctx: LintContext, s: CompiledSubnet): Packet[] {
  const ips = addresses(ctx, s);
  const dst = new Set<number>([80]);
  const src = new Set<number>([EPHEMERAL_PORT]);
  for (const a of [...s.from, ...s.to])
    if (a.expr) {
      for (const c of portConstants(a.expr, 'dst'))
        [c - 1, c, c + 1].forEach((x) => x >= 1 && x <= 65535 && dst.add(x));
      for (const c of portConstants(a.expr, 'src'))
        [c - 1, c, c + 1].forEach((x) => x >= 1 && x <= 65535 && src.add(x));
    }
  const out: Packet[] = [];
  for (const a of ips)
    for (const b of ips) {
      if (a.family !== b.family || a.value === b.value) continue;
      out.push({ family: a.family, src: a.value, dst: b.value, proto: 'icmp' });
      for (const proto of ['tcp', 'udp', 'sctp'] as const)
        for (const dp of dst)
          for (const sp of src)
            out.push({ family: a.family, src: a.value, dst: b.value, proto, srcPort: sp, dstPort: dp });
    }
  return out;
}

/** The address ranges an ACL's match names (`ip4.dst == 172.20.10.0/30` → that /30). */
function namedRanges(e: AclExpr): { family: 4 | 6; start: bigint; end: bigint }[] {
  if (e.kind === 'and' || e.kind === 'or') return [...namedRanges(e.left), ...namedRanges(e.right)];
  if (e.kind === 'not') return namedRanges(e.expr);
  if (e.kind !== 'cmp' || !e.field.startsWith('ip') || e.op !== '==') return [];
  return e.values.map((v) => parseCidr(v)).flatMap((p) => (p.ok ? [p.range] : []));
}

export function lintAcls(ctx: LintContext): void {
  for (const s of ctx.compiled.subnets) {
    if (!s.from.length && !s.to.length) continue;
    const ref = { kind: 'Subnet', name: s.subnet.name };
    const report = (
      a: CompiledAcl,
      severity: 'error' | 'warning' | 'info',
      code: DiagnosticCode,
      message: string,
      field = `spec.acls[${a.index}]`,
    ) => ctx.out.push(diagnosticAt(ref, s.subnet.origin, severity, code, field, message));
    const universe = packets(ctx, s);
    const gw = s.subnet.gateway ? parseIp(s.subnet.gateway) : undefined;
    for (const list of [s.from, s.to]) {
      list.forEach((a, k) => {
        if (!a.expr) return;
        const expr = a.expr;
        const hits = universe.filter((p) => matches(expr, p));
        const higher = list.slice(0, k).filter((b) => b.expr && b.acl.priority > a.acl.priority);
        if (
          hits.length &&
          higher.length &&
          hits.every((p) => higher.some((b) => b.expr && matches(b.expr, p)))
        ) {
          report(
            a,
            'warning',
            'acl-shadowed',
            `this ${a.acl.direction} ACL (priority ${a.acl.priority}) never decides anything: every packet it matches is already decided by a higher-priority ACL (${higher.map((b) => `acls[${b.index}]`).join(', ')})`,
          );
        }
        const conflict = list.find(
          (b) =>
            b !== a &&
            b.index > a.index &&
            b.expr &&
            b.acl.priority === a.acl.priority &&
            b.acl.action.startsWith('allow') !== a.acl.action.startsWith('allow') &&
            hits.some((p) => b.expr && matches(b.expr, p)),
        );
        if (conflict)
          report(
            a,
            'warning',
            'acl-priority-conflict',
            `acls[${a.index}] and acls[${conflict.index}] have the same priority ${a.acl.priority}, overlap, and disagree (${a.acl.action} vs ${conflict.acl.action}); OVN's choice between them is undefined`,
          );
        if (
          gw &&
          !a.acl.action.startsWith('allow') &&
          namedRanges(expr).some((r) => r.family === gw.family && gw.value >= r.start && gw.value <= r.end)
        ) {
          report(
            a,
            'warning',
            'acl-drops-gateway',
            `this ${a.acl.action} also matches the gateway ${s.subnet.gateway}: traffic to and from outside the subnet (north/south, DNS through services) is cut too`,
          );
        }
        if (usesSourcePort(expr))
          report(
            a,
            'info',
            'acl-source-port',
            `the match tests a source port (${a.acl.match.match(/(tcp|udp|sctp)\.src[^&|)]*/)?.[0]?.trim() ?? 'src'}): it matches packets sent from that port (a server's replies), not clients connecting to it; for a service port use .dst`,
            `spec.acls[${a.index}].match`,
          );
        if (a.acl.action.startsWith('allow') && a.acl.priority >= 2000) {
          const isolated = ctx.compiled.policies.some(
            (p) => p.networks.has(s.network ?? '') && (p.ingress || p.egress),
          );
          if (isolated)
            report(
              a,
              'info',
              'acl-may-override-netpol',
              `an allow at priority ${a.acl.priority} (≥ 2000) may take precedence over NetworkPolicy ACLs (allow 2001 / default drop 2000) on this switch; the analysis ANDs the two layers`,
            );
        }
      });
    }
  }
}
