import type { Diagnostic } from '../../model/diagnostic';
import type { Expectation } from '../../engine/expect';
import type { YamlDocument } from '../../io/yaml-documents';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP'];

/**
 * Expectations as the engine takes them, each wrong one a diagnostic at its field (a lower-case
 * `protocol: tcp` or a null entry used to throw a TypeError deep in the engine).
 */
export function readExpectations(
  doc: YamlDocument,
  file: string,
): { list: Expectation[]; diagnostics: Diagnostic[] } {
  const list: Expectation[] = [];
  const diagnostics: Diagnostic[] = [];
  const items = (doc.value as { expect?: unknown }).expect as unknown[];
  items.forEach((item, k) => {
    const path = `expect[${k}]`;
    const bad = (field: string, message: string, fix?: string) => {
      const at = doc.map[field ? `${path}.${field}` : path] ?? doc.map[path];
      diagnostics.push({
        severity: 'error',
        code: 'expectation-invalid',
        message: `${message}; this expectation was not checked`,
        field: field ? `${path}.${field}` : path,
        file,
        line: at?.line ?? doc.line,
        ...(at ? { column: at.column } : {}),
        ...(fix !== undefined ? { fix } : {}),
      });
    };
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      bad('', 'an expectation must be a mapping {from, to, network, protocol, port, allowed}');
      return;
    }
    const e = item as Record<string, unknown>;
    const before = diagnostics.length;
    for (const f of ['from', 'to', 'network'])
      if (typeof e[f] !== 'string' || e[f] === '') bad(f, `"${f}" must be a non-empty string`);
    const p = e.protocol;
    if (typeof p !== 'string' || !PROTOCOLS.includes(p))
      bad(
        'protocol',
        `"protocol" must be one of ${PROTOCOLS.join(', ')} (case-sensitive, as in Kubernetes), not ${JSON.stringify(p ?? null)}`,
        typeof p === 'string' && PROTOCOLS.includes(p.toUpperCase()) ? p.toUpperCase() : undefined,
      );
    const port = e.port;
    if (
      port !== undefined &&
      port !== null &&
      !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)
    )
      bad('port', `"port" must be a number 1-65535, not ${JSON.stringify(port)}`);
    if (typeof e.allowed !== 'boolean')
      bad('allowed', `"allowed" must be true or false, not ${JSON.stringify(e.allowed ?? null)}`);
    if (diagnostics.length > before) return;
    list.push({
      from: e.from as string,
      to: e.to as string,
      network: e.network as string,
      protocol: p as Expectation['protocol'],
      ...(typeof port === 'number' ? { port } : {}),
      allowed: e.allowed as boolean,
    });
  });
  return { list, diagnostics };
}
