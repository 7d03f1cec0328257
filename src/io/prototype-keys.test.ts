import { describe, expect, it } from 'vitest';
import { parseManifests } from './k8s-to-model';
import { lint } from '../engine/lint/lint';
import { analyzeYaml } from '../testing/helpers';

// Label keys that are also names on Object.prototype (issue 20 items 7 and 8).
const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: default, labels: {constructor: x, app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: default, labels: {app: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: default, labels: {__proto__: x, app: c}}
`;

function np(name: string, spec: string): string {
  return `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: default}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}

describe('prototype names as user keys', () => {
  it('keeps the label keys constructor and __proto__ as own labels', () => {
    const { model } = parseManifests([{ text: PODS }]);
    const a = model.endpoints.find((e) => e.name === 'a');
    const c = model.endpoints.find((e) => e.name === 'c');
    expect(Object.entries(a?.labels ?? {})).toEqual([
      ['constructor', 'x'],
      ['app', 'a'],
    ]);
    expect(Object.entries(c?.labels ?? {})).toEqual([
      ['__proto__', 'x'],
      ['app', 'c'],
    ]);
  });

  it('a selector on constructor selects only the pod with that label, and lint does not throw', () => {
    const text =
      PODS +
      np(
        'q',
        'podSelector: {matchLabels: {constructor: x}}\ningress: [{from: [{podSelector: {matchLabels: {toString: y}}}]}]',
      );
    const a = analyzeYaml(text);
    expect(a.can('default/b', 'default/a', 'TCP/80')).toBe(false);
    expect(a.can('default/a', 'default/b', 'TCP/80')).toBe(true);
    expect(a.can('default/a', 'default/c', 'TCP/80')).toBe(true);
    const found = lint(parseManifests([{ text }]).model);
    expect(found.filter((d) => d.code === 'selector-matches-nothing').map((d) => d.field)).toEqual([
      'spec.ingress[0].from[0].podSelector',
    ]);
  });

  it('a selector on __proto__ is not {}: the key is kept, found invalid, and the policy not applied', () => {
    const text = PODS + np('p', 'podSelector: {matchLabels: {__proto__: x}}\npolicyTypes: [Ingress]');
    const { model } = parseManifests([{ text }]);
    expect(Object.entries(model.policies[0]?.podSelector.matchLabels ?? {})).toEqual([['__proto__', 'x']]);
    const a = analyzeYaml(text);
    // "__proto__" starts with "_", which a label key may not: the API server rejects both objects
    expect(a.can('default/a', 'default/b', 'TCP/80')).toBe(true);
    expect(
      a.diagnostics.filter((d) => d.code === 'label-invalid').map((d) => [d.object?.kind, d.field]),
    ).toEqual([
      ['Pod', 'metadata.labels.__proto__'],
      ['NetworkPolicy', 'spec.podSelector.matchLabels.__proto__'],
    ]);
  });

  it('matchExpressions on prototype names: Exists is false on a pod without the key', () => {
    const a = analyzeYaml(
      PODS +
        np(
          'e',
          'podSelector: {matchExpressions: [{key: hasOwnProperty, operator: Exists}]}\npolicyTypes: [Ingress]',
        ) +
        np(
          'f',
          'podSelector: {matchExpressions: [{key: constructor, operator: In, values: [x]}]}\npolicyTypes: [Ingress]',
        ),
    );
    expect(a.can('default/b', 'default/c', 'TCP/80')).toBe(true);
    expect(a.can('default/b', 'default/a', 'TCP/80')).toBe(false);
  });
});
