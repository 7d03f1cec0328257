import { describe, expect, it } from 'vitest';
import type { Model } from '../model/types';
import { parseManifests } from './k8s-to-model';
import { newParseCache } from './parse-cache';
import { validateStrict } from './schema/schemas';

// Two loads sharing a ParseCache (diff's sides): shared documents are parsed and read once; every
// diagnostic is the one a load of its own would make.
const pod = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ns\n  labels: {app: web}\nspec:\n  containers: [{name: c, image: x}]${extra}\nstatus: {podIP: 10.0.0.${name.length}}\n`;
const policy = (selector: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n`;
const load = (text: string, file: string, cache?: ReturnType<typeof newParseCache>) =>
  parseManifests([{ text, file }], validateStrict, cache);
const noOrigins = (m: Model) => JSON.stringify(m, (k, v: unknown) => (k === 'origin' ? undefined : v));

describe('ParseCache', () => {
  const one = ['', pod('a'), pod('bb'), policy('{}')].join('---\n');
  // the same documents moved, a new policy p first (so the unchanged p is a duplicate), and a
  // pod with an unknown field that is the same in both texts
  const odd = pod('ccc', '\n  bogus: 1');
  const two = ['', policy('{matchLabels: {app: db}}'), pod('bb'), pod('a'), policy('{}'), odd].join('---\n');

  it('a second load gives what a load of its own gives: model (but origins) and diagnostics', () => {
    const cache = newParseCache();
    load(`${one}---\n${odd}`, 'one.yaml', cache);
    const shared = load(two, 'two.yaml', cache);
    const alone = load(two, 'two.yaml');
    expect(noOrigins(shared.model)).toBe(noOrigins(alone.model));
    expect(shared.diagnostics).toEqual(alone.diagnostics);
    // the unchanged p read once, its duplicate warning pointing at its place in two.yaml
    expect(alone.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['duplicate-object', 'two.yaml', 31],
      ['field-unknown', 'two.yaml', 44],
    ]);
  });

  it('objects of a document read before are the same objects', () => {
    const cache = newParseCache();
    const x = load(one, 'one.yaml', cache).model;
    const y = load(two, 'two.yaml', cache).model;
    const a = (m: Model) => m.endpoints.find((e) => e.name === 'a');
    expect(a(y)).toBe(a(x));
    expect(a(y)?.origin?.file).toBe('one.yaml'); // origins name the first load (diff strips them)
  });

  it('a value checked with findings is checked again', () => {
    const cache = newParseCache();
    expect(load(odd, 'one.yaml', cache).diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['field-unknown', 'one.yaml'],
    ]);
    expect(
      load(`${pod('a')}---\n${odd}`, 'two.yaml', cache).diagnostics.map((d) => [d.file, d.line]),
    ).toEqual([['two.yaml', 19]]);
  });
});
