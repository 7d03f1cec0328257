import { describe, expect, it } from 'vitest';
import { parseManifests } from './k8s-to-model';
import { analyzeYaml, expectVerdicts, type Verdict } from '../testing/helpers';
import { docs, pod } from '../testing/manifests';

// Issue 20 item 11: a shape the API server rejects is not applied (R1.4) and gets an error.
const BASE = `\n${docs(
  pod('x', 'a', { labels: 'app: a', ip: '10.0.1.1' }),
  pod('x', 'b', { labels: 'app: b', ip: '10.0.1.2' }),
  pod('y', 'c', { labels: 'app: c', ip: '10.0.2.1' }),
)}`;

const np = (spec: string, meta = 'name: p, namespace: x'): string =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {${meta}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;

/** The lines of the policy start after BASE (line 17 is `apiVersion`). */
const errors = (a: ReturnType<typeof analyzeYaml>) =>
  a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.field, d.line]);

/** The base with one NetworkPolicy on x/a whose ingress is `ingress`. */
const ingressOfA = (ingress: string) =>
  analyzeYaml(BASE + np(`podSelector: {matchLabels: {app: a}}\ningress: ${ingress}`));

describe('objects the API server rejects are not applied', () => {
  // each: the ingress of the policy on x/a, its errors, and verdicts that show it is not applied
  it.each<[string, string, (string | number)[][], Verdict[]]>([
    [
      'a CIDR with a trailing space',
      '[{from: [{ipBlock: {cidr: "10.0.9.0/24 "}}]}]',
      [['ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr', 22]],
      [['y/c', 'x/a', 'TCP/80', true]],
    ],
    [
      'a null peer in from is an empty peer, which the API server rejects',
      '[{from: [null], ports: [{port: 80}]}]',
      [['peer-empty', 'spec.ingress[0].from[0]', 22]],
      [['y/c', 'x/a', 'UDP/53', true]],
    ],
    [
      'a null item in except is an empty CIDR, which the API server rejects',
      '[{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [null]}}]}]',
      [['ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.except[0]', 22]],
      [
        ['y/c', 'x/b', 'UDP/53', true],
        ['y/c', 'x/a', 'UDP/53', true],
      ],
    ],
  ])('%s', (_, ingress, errs, verdicts) => {
    const a = ingressOfA(ingress);
    expectVerdicts(a, verdicts);
    expect(errors(a)).toEqual(errs);
  });

  it('except equal to cidr (not a strict subset)', () => {
    const a = ingressOfA('[{from: [{ipBlock: {cidr: 10.0.2.0/24, except: [10.0.2.0/24]}}]}]');
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(true);
    expect(errors(a)).toEqual([
      ['ipblock-except-outside-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]', 22],
    ]);
    expect(a.diagnostics[0]?.message).toContain('strict subset');
  });

  it('a string podSelector', () => {
    const a = analyzeYaml(BASE + np('podSelector: "app=a"\npolicyTypes: [Ingress]'));
    expect(a.can('y/c', 'x/b', 'TCP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(true);
    expect(errors(a)).toEqual([['field-type', 'spec.podSelector', 21]]);
    expect(a.diagnostics[0]?.message).toMatch(/rejects.*not applied/);
  });

  it('a list as metadata.namespace: the object is skipped', () => {
    const r = parseManifests([{ text: BASE + np('podSelector: {}', 'name: p, namespace: [x]'), file: 'f' }]);
    expect(r.model.policies).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.field, d.line])).toEqual([
      ['field-type', 'metadata.namespace', 19],
    ]);
  });

  it('a wrongly typed port does not become "all TCP ports"', () => {
    for (const port of ['[80]', 'true', '{n: 80}']) {
      const a = ingressOfA(`[{ports: [{port: ${port}}]}]`);
      expect(a.can('y/c', 'x/a', 'TCP/8080')).toBe(true);
      expect(a.can('y/c', 'x/a', 'UDP/53')).toBe(true);
      expect(errors(a)).toEqual([['field-type', 'spec.ingress[0].ports[0].port', 22]]);
    }
  });

  it('a null item in ports is a port entry: every TCP port, nothing else', () => {
    const a = ingressOfA('[{ports: [null]}]');
    expect(a.can('y/c', 'x/a', 'TCP/12345')).toBe(true);
    expect(a.can('y/c', 'x/a', 'UDP/53')).toBe(false);
    expect(errors(a)).toEqual([]);
  });
});
