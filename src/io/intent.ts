import type { Diagnostic, SourcePos } from '../model/diagnostic';
import type { Intent, IntentLine, IntentProtocol } from '../model/intent';
import { loadYamlDocuments } from './yaml-documents';
import { isObject } from './reader';

/**
 * The intent file (issue 17): `networks` (optional) and `allow`, a list of
 * {from, to, network, protocol, port?, endPort?}. Every problem is a diagnostic naming the
 * entry's field and line; an unknown field is an error because a typo (`ports:` for `port:`)
 * would otherwise widen the line to every port.
 */
const PROTOCOLS: readonly IntentProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'any'];
const LINE_FIELDS = new Set(['from', 'to', 'network', 'protocol', 'port', 'endPort']);
const TOP_FIELDS = new Set(['networks', 'allow', 'name', 'description']);

export interface IntentParse {
  /** Undefined when the file could not be read as an intent at all. */
  readonly intent?: Intent;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseIntent(text: string, file?: string): IntentParse {
  const loaded = loadYamlDocuments(text, file);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const where = file === undefined ? {} : { file };
  const report = (field: string, message: string, pos: SourcePos | undefined, fix?: string): void => {
    diagnostics.push({
      severity: 'error',
      code: 'intent-invalid',
      message,
      object: { kind: 'Intent', name: file ?? 'intent' },
      field,
      ...where,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      ...(fix !== undefined ? { fix } : {}),
    });
  };
  if (loaded.documents.length !== 1) {
    if (loaded.diagnostics.length === 0)
      report('', `an intent file holds exactly one YAML document, found ${loaded.documents.length}`, {
        line: loaded.documents[1]?.line ?? 1,
        column: 1,
      });
    return { diagnostics };
  }
  const doc = loaded.documents[0] as (typeof loaded.documents)[number];
  const map = doc.map;
  if (!isObject(doc.value)) {
    report('', 'an intent file is a mapping with an `allow` list', { line: doc.line, column: 1 });
    return { diagnostics };
  }
  const top = doc.value;
  for (const k of Object.keys(top))
    if (!TOP_FIELDS.has(k)) report(k, `unknown field "${k}" (expected networks, allow)`, map[k]);

  let networks: string[] | undefined;
  const networksAt: Record<number, SourcePos> = {};
  if (top.networks !== undefined) {
    if (!Array.isArray(top.networks)) report('networks', 'networks must be a list', map.networks);
    else {
      networks = [];
      top.networks.forEach((n, k) => {
        const pos = map[`networks[${k}]`];
        if (pos) networksAt[k] = pos;
        if (typeof n === 'string' && n.trim()) (networks as string[]).push(n.trim());
        else report(`networks[${k}]`, 'a network is "default" or a NAD "namespace/name"', pos);
      });
    }
  }
  const allow: IntentLine[] = [];
  if (!Array.isArray(top.allow)) {
    report(
      'allow',
      top.allow === undefined ? 'the intent has no `allow` list' : 'allow must be a list',
      map.allow ?? { line: doc.line, column: 1 },
    );
    return { diagnostics };
  }
  top.allow.forEach((entry, k) => {
    const line = readLine(entry, k, map, report, file);
    if (line) allow.push(line);
  });
  return {
    intent: { ...where, ...(networks ? { networks } : {}), networksAt, allow },
    diagnostics,
  };
}

type Report = (field: string, message: string, pos: SourcePos | undefined, fix?: string) => void;

function readLine(
  entry: unknown,
  k: number,
  map: Readonly<Record<string, SourcePos>>,
  report: Report,
  file: string | undefined,
): IntentLine | undefined {
  const path = `allow[${k}]`;
  const here = map[path];
  if (!isObject(entry)) {
    report(path, 'an allow entry is a mapping {from, to, network, protocol, port?, endPort?}', here);
    return undefined;
  }
  const at: Record<string, SourcePos> = {};
  for (const f of Object.keys(entry)) {
    const pos = map[`${path}.${f}`];
    if (pos) at[f] = pos;
  }
  const bad = (f: string, message: string, fix?: string): undefined => {
    report(`${path}.${f}`, message, at[f] ?? here, fix);
    return undefined;
  };
  let ok = true;
  for (const f of Object.keys(entry))
    if (!LINE_FIELDS.has(f))
      ok = bad(f, `unknown field "${f}" (expected from, to, network, protocol, port, endPort)`) ?? false;
  const name = (f: 'from' | 'to' | 'network'): string | undefined => {
    const v = entry[f];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim()) return v.trim();
    ok = bad(f, `${f} must be a non-empty string`) ?? false;
    return undefined;
  };
  const from = name('from');
  const to = name('to');
  const network = name('network');
  if (entry.from === undefined)
    ok = bad('from', 'missing `from` (a workload "namespace/name" or an external host)') ?? false;
  if (entry.to === undefined)
    ok = bad('to', 'missing `to` (a workload "namespace/name" or an external host)') ?? false;
  let protocol: IntentProtocol | undefined;
  const p = entry.protocol;
  if (p === undefined) ok = bad('protocol', 'missing `protocol` (TCP, UDP, SCTP, ICMP or any)') ?? false;
  else if (typeof p === 'string' && (PROTOCOLS as readonly string[]).includes(p))
    protocol = p as IntentProtocol;
  else {
    const fix = PROTOCOLS.find((x) => typeof p === 'string' && x.toLowerCase() === p.toLowerCase());
    ok =
      bad(
        'protocol',
        `protocol ${JSON.stringify(p)} is not TCP, UDP, SCTP, ICMP or any (case-sensitive)`,
        fix,
      ) ?? false;
  }
  const port = portField(entry.port, 'port', bad);
  const endPort = portField(entry.endPort, 'endPort', bad);
  if (port === null || endPort === null) ok = false;
  if (protocol === 'ICMP' || protocol === 'any') {
    if (entry.port !== undefined) ok = bad('port', `${protocol} has no port`) ?? false;
    if (entry.endPort !== undefined) ok = bad('endPort', `${protocol} has no port`) ?? false;
  }
  if (typeof endPort === 'number') {
    if (port === undefined) ok = bad('endPort', 'endPort needs a port (the start of the range)') ?? false;
    else if (typeof port === 'number' && endPort < port)
      ok = bad('endPort', `endPort ${endPort} is below port ${port}`) ?? false;
  }
  if (!ok || from === undefined || to === undefined || protocol === undefined) return undefined;
  return {
    index: k,
    from,
    to,
    ...(network !== undefined ? { network } : {}),
    protocol,
    ...(typeof port === 'number' ? { port } : {}),
    ...(typeof endPort === 'number' && endPort !== port ? { endPort } : {}),
    ...(file !== undefined ? { file } : {}),
    line: here?.line ?? 0,
    at,
  };
}

/** undefined: absent; null: invalid (reported). */
function portField(
  v: unknown,
  f: string,
  bad: (f: string, message: string, fix?: string) => undefined,
): number | undefined | null {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v;
  if (typeof v === 'string' && !/^\d+$/.test(v))
    return bad(f, `${f} "${v}": named ports are not supported in an intent; give the number`) ?? null;
  return bad(f, `${f} ${JSON.stringify(v)} is not a port number (1-65535)`) ?? null;
}
