import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { docs, namespace, pod } from '../../testing/manifests';
import { lint } from './lint';

/** duplicate-policy: only policies sharing a rough key, then the rules' rough text, are compared whole. */

const BASE = `\n${docs(namespace('x', 'team: a'), pod('x', 'a', { labels: 'app: a', ip: '10.0.1.1' }))}`;
const np = (name: string, spec: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: x}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
const duplicates = (yaml: string) => {
  const p = parseManifests([{ text: BASE + yaml, file: 't.yaml' }]);
  return lint(p.model)
    .filter((d) => d.code === 'duplicate-policy')
    .map((d) => `${d.object?.name}: ${d.message}`);
};
const rule = (peer: string, port: number) =>
  `podSelector: {matchLabels: {app: a}}\ningress: [{from: [${peer}], ports: [{port: ${port}}]}]`;
const block = (except: string) => `{ipBlock: {cidr: 10.1.0.0/16, except: [${except}]}}`;

describe('duplicate-policy', () => {
  it('reports each later policy of the same effect against the first', () => {
    const same = rule(block('10.1.2.0/24'), 80);
    expect(duplicates(np('one', same) + np('two', same) + np('three', same))).toEqual([
      'two: has exactly the same effect as NetworkPolicy x/one',
      'three: has exactly the same effect as NetworkPolicy x/one',
    ]);
  });

  it('tells apart rules alike in shape: other exceptions, ports or peer selectors', () => {
    const yaml =
      np('one', rule(block('10.1.2.0/24'), 80)) +
      np('except', rule(block('10.1.3.0/24'), 80)) +
      np('port', rule(block('10.1.2.0/24'), 81)) +
      np('peer', rule('{podSelector: {matchLabels: {app: a}}}', 80)) +
      np('peer2', rule('{podSelector: {matchLabels: {app: b}}}', 80)) +
      np('again', rule(block('10.1.3.0/24'), 80));
    expect(duplicates(yaml)).toEqual(['again: has exactly the same effect as NetworkPolicy x/except']);
  });
});
