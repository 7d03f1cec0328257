import type { Connection } from '../../engine/analyze';
import type { ConnSet } from '../../engine/conn';
import type { DirectionResult } from '../../engine/evaluate';
import { policyName } from '../../engine/explain';
import { tierChainJson } from '../../engine/admin/explain';
import { ALLOW_ICMP_OPTION, ICMP_OPTION_ID } from '../../engine/icmp-option';
import type { Out } from '../context';
import { diagnosticJson } from './diagnostic-json';
import type { Formatter } from './formatter';
import { policiesJson } from './policies';
import { perSet } from './text';

export function connJson(a: ConnSet): Record<string, unknown> {
  return { TCP: a.TCP, UDP: a.UDP, SCTP: a.SCTP, ICMP: a.ICMP };
}

export function directionJson(r: DirectionResult): Record<string, unknown> {
  if (!r.isolated) return { isolated: false };
  return {
    isolated: true,
    policies: r.policies.map(policyName),
    rules: r.rules.map((c) =>
      c.policy === ICMP_OPTION_ID
        ? { option: ALLOW_ICMP_OPTION, direction: c.direction, allowed: connJson(c.conns) }
        : { policy: policyName(c.policy), direction: c.direction, rule: c.rule, allowed: connJson(c.conns) },
    ),
    ...(r.tiers ? { tiers: tierChainJson(r.tiers) } : {}),
  };
}

function aclJson(c: Connection): Record<string, unknown> {
  // OVN-K UDN isolation of a locked default attachment (SEMANTICS R10.6, R10.7)
  const lock = c.udnLock
    ? { udnIsolation: { allowed: connJson(c.udnLock.allowed), reason: c.udnLock.reason } }
    : {};
  if (!c.acl) return lock;
  return {
    ...lock,
    kubeOvnAcls: {
      droppedBy: c.acl.droppedBy.map((d) => ({ acl: d.acl, connections: connJson(d.conns) })),
      allowedBy: c.acl.allowedBy,
      repliesDroppedBy: c.acl.repliesDroppedBy.map((d) => ({ acl: d.acl, connections: connJson(d.conns) })),
    },
  };
}

/** Writes `"key": [` then one item per line, so memory holds one item's text at a time. */
function list<T>(out: Out, key: string, items: Iterable<T>, json: (x: T) => unknown, last = false): void {
  listed(out, key, items, (x) => JSON.stringify(json(x)), last);
}

/** `list` with each item already in JSON. */
function listed<T>(out: Out, key: string, items: Iterable<T>, text: (x: T) => string, last = false): void {
  out.write(`  ${JSON.stringify(key)}: [`);
  let first = true;
  for (const x of items) {
    out.write(`${first ? '\n' : ',\n'}    ${text(x)}`);
    first = false;
  }
  out.write(`${first ? '' : '\n  '}]${last ? '\n' : ',\n'}`);
}

/**
 * Pairs share their reasons: `why.egress` / `why.ingress` index `reasons`, one entry per distinct
 * direction result (a thousand policies repeated on every pair would not fit in memory).
 */
export const json: Formatter = {
  name: 'json',
  policies: (r, out) => out.write(policiesJson(r)),
  analysis(r, out) {
    out.write(`{\n  "inputs": ${JSON.stringify(r.inputs)},\n`);
    const ids = new Map<DirectionResult, number>();
    const reasons: DirectionResult[] = [];
    const idOf = (d: DirectionResult) => {
      let k = ids.get(d);
      if (k === undefined) ids.set(d, (k = reasons.push(d) - 1));
      return k;
    };
    if (r.groups) list(out, 'groups', r.groups, (g) => ({ ...g, allowed: connJson(g.allowed) }));
    else
      list(out, 'connections', r.connections ?? [], (c) => ({
        from: c.from,
        to: c.to,
        fromId: c.fromId,
        toId: c.toId,
        network: c.network,
        allowed: connJson(c.allowed),
        why: { egress: idOf(c.egress), ingress: idOf(c.ingress), ...aclJson(c) },
      }));
    list(out, 'reasons', reasons, directionJson);
    list(out, 'diagnostics', r.diagnostics, diagnosticJson, true);
    out.write('}\n');
  },
  findings(r, out) {
    out.write('{\n');
    list(out, 'findings', r.findings, diagnosticJson, true);
    out.write('}\n');
  },
  changes(r, out) {
    out.write(`{\n  "skipped": ${r.skipped},\n`);
    // each item as JSON.stringify({ change, from, to, network, connections }) prints it, the
    // connections (shared by many changes) stringified once per set
    const conns = perSet((a) => JSON.stringify(connJson(a)));
    const s = JSON.stringify;
    listed(
      out,
      'changes',
      r.changes,
      (c) =>
        `{"change":${s(c.change)},"from":${s(c.from)},"to":${s(c.to)},"network":${s(c.network)},"connections":${conns(c.conns)}}`,
    );
    list(out, 'diagnostics', r.diagnostics, diagnosticJson, true);
    out.write('}\n');
  },
  tests(r, out) {
    const files = r.files.map((f) => ({
      file: f.file,
      name: f.name,
      results: f.results.map((x) => ({ ...x.expectation, ok: x.ok, actual: x.actual ?? null, why: x.why })),
    }));
    out.write(
      `${JSON.stringify({ files, passed: r.passed, failed: r.failed, diagnostics: r.diagnostics.map(diagnosticJson) }, null, 2)}\n`,
    );
  },
  probe(r, out) {
    const answers = r.answers.map((a) => ({
      from: a.connection.from,
      to: a.connection.to,
      network: a.connection.network,
      question: r.question,
      allowed: a.allowed,
      connections: connJson(a.connection.allowed),
      why: a.why,
    }));
    out.write(`${JSON.stringify({ answers }, null, 2)}\n`);
  },
};
