import { describe, expect, it } from 'vitest';
import {
  endpointId,
  endpointLabeler,
  namespaceOf,
  networkId,
  objectId,
  objectIdOfRef,
  parseEndpointId,
  parseNetworkId,
  parseObjectId,
  parsePolicyId,
  policyId,
} from './ids';

describe('ids', () => {
  it('endpoint ids round-trip', () => {
    expect(endpointId('Pod', 'ns', 'a')).toBe('pod:ns/a');
    expect(endpointId('VM', 'ns', 'a')).toBe('vm:ns/a');
    expect(endpointId('External', '', 'db')).toBe('ext:db');
    expect(parseEndpointId('vm:ns/a')).toEqual({ kind: 'VM', namespace: 'ns', name: 'a' });
    expect(parseEndpointId('ext:db')).toEqual({ kind: 'External', namespace: '', name: 'db' });
    expect(parseEndpointId('pod:a')).toBeUndefined();
    expect(parseEndpointId('ext:ns/db')).toBeUndefined();
  });
  it('policy ids round-trip', () => {
    expect(policyId('MultiNetworkPolicy', 'ns', 'p')).toBe('mnp:ns/p');
    expect(parsePolicyId('netpol:ns/p')).toEqual({ kind: 'NetworkPolicy', namespace: 'ns', name: 'p' });
    expect(parsePolicyId('pod:ns/p')).toBeUndefined();
  });
  it('object ids drop the namespace of cluster-scoped kinds, ExternalHost included', () => {
    expect(objectId('ExternalHost', 'default', 'db')).toBe('ExternalHost//db');
    expect(objectId('Pod', 'x', 'a')).toBe('Pod/x/a');
    expect(objectIdOfRef({ kind: 'Subnet', name: 's' })).toBe('Subnet//s');
    expect(parseObjectId('ExternalHost//db')).toEqual({ kind: 'ExternalHost', name: 'db' });
    expect(parseObjectId('Pod/x/a')).toEqual({ kind: 'Pod', namespace: 'x', name: 'a' });
    expect(namespaceOf('Pod', undefined)).toBe('default');
    expect(namespaceOf('Namespace', 'x')).toBe('');
  });
  it('network ids', () => {
    expect(networkId('ns', 'l2')).toBe('ns/l2');
    expect(parseNetworkId('default')).toBe('default');
    expect(parseNetworkId('ns/l2')).toEqual({ namespace: 'ns', name: 'l2' });
    expect(parseNetworkId('l2')).toBeUndefined();
  });
  it('labels are told apart only when a Pod and a VM share namespace/name', () => {
    const eps = [
      { id: 'pod:d/a', kind: 'Pod' as const, namespace: 'd', name: 'a' },
      { id: 'vm:d/a', kind: 'VM' as const, namespace: 'd', name: 'a' },
      { id: 'vm:d/b', kind: 'VM' as const, namespace: 'd', name: 'b' },
      { id: 'ext:a', kind: 'External' as const, namespace: '', name: 'a' },
    ];
    expect(eps.map(endpointLabeler(eps))).toEqual(['d/a (Pod)', 'd/a (VM)', 'd/b', 'a']);
  });
});

describe('diagnostic code registry', () => {
  it('documents every code in docs/diagnostics.md', async () => {
    const { readFileSync } = await import('node:fs');
    const { DIAGNOSTIC_CODES, isDiagnosticCode } = await import('./diagnostic-codes');
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    for (const c of DIAGNOSTIC_CODES)
      expect(doc, c.code).toContain(`## ${c.code}\n\n${c.severity}: ${c.description}.`);
    expect(isDiagnosticCode('policy-types-case')).toBe(true);
    expect(isDiagnosticCode('no-such-code')).toBe(false);
  });
});
