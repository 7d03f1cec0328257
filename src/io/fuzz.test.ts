import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../engine/lint';
import { checkInput, mutate, toYaml, wrongType } from '../testing/fuzz-harness';
import { Rng, generateCluster } from '../testing/generate';
import { parseManifests } from './k8s-to-model';

const scenarios = readdirSync('src/scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(`src/scenarios/${f}`, 'utf8'));

describe('fuzzing the YAML readers (fixed seed, bounded time)', () => {
  it('mutated scenario files: never throw, every diagnostic inside the text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.integer(), (k, seed) => {
        const text = mutate(scenarios[k] as string, new Rng(seed));
        const out = checkInput(text);
        if (out.problem) throw new Error(`${out.problem}\n--- input ---\n${text}`);
        expect(out.ms).toBeLessThan(5000);
      }),
      { seed: 4242, numRuns: 250 },
    );
  });
  it('wrong types in every field of generated objects', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = new Rng(seed);
        const objs = generateCluster(seed, { endpoints: 6, policies: 4 }).map((o) =>
          r.chance(0.5) ? wrongType(o, r) : o,
        );
        const out = checkInput(toYaml(objs));
        if (out.problem) throw new Error(out.problem);
      }),
      { seed: 777, numRuns: 200 },
    );
  });
  it('random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => !checkInput(s).problem),
      { seed: 99, numRuns: 300 },
    );
  });
  it('an alias bomb is refused quickly with a message stating the limit', () => {
    const levels = 'abcdefghi'.split('');
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${levels
      .slice(1)
      .map((l, i) => `  ${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(',')}]`)
      .join('\n')}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: survivor}\n`;
    const t = performance.now();
    const r = parseManifests([{ text: bomb }]);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(r.diagnostics.find((d) => d.code === 'yaml-alias-bomb')?.message).toContain('500,000 nodes');
    expect(r.model.endpoints.map((e) => e.name)).toEqual(['survivor']);
  });
  it('deeply nested documents give a diagnostic, not a crash', () => {
    const r = parseManifests([
      {
        text: `a: ${'['.repeat(50000)}${']'.repeat(50000)}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n`,
      },
    ]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 1 });
    expect(r.model.endpoints).toHaveLength(1);
  });
  it('invalid CIDRs, IPv6 forms and ports: each names the object and field', () => {
    const pol = (peer: string, ports = '') =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - from: [${peer}]\n${ports}`;
    const cases: [string, string, string][] = [
      [pol('{ipBlock: {cidr: "10.0.0.0/33"}}'), 'ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr'],
      [pol('{ipBlock: {cidr: "fd00::/129"}}'), 'ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr'],
      [pol('{ipBlock: {cidr: "fd00:::1/64"}}'), 'ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr'],
      [pol('{ipBlock: {cidr: "10.1/16"}}'), 'ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr'],
      [
        pol('{ipBlock: {cidr: "10.0.0.0/8", except: ["fd00::/64"]}}'),
        'ipblock-except-outside-cidr',
        'spec.ingress[0].from[0].ipBlock.except[0]',
      ],
      [
        pol('{podSelector: {}}', '    ports: [{port: 70000}]\n'),
        'port-invalid',
        'spec.ingress[0].ports[0].port',
      ],
      [pol('{podSelector: {}}', '    ports: [{port: 0}]\n'), 'port-invalid', 'spec.ingress[0].ports[0].port'],
      [
        pol('{podSelector: {}}', '    ports: [{protocol: ICMP}]\n'),
        'protocol-invalid',
        'spec.ingress[0].ports[0].protocol',
      ],
      [
        pol('{podSelector: {}}', '    ports: [{port: "HTTP_ALT!"}]\n'),
        'port-invalid',
        'spec.ingress[0].ports[0].port',
      ],
    ];
    for (const [text, code, field] of cases) {
      const p = parseManifests([{ text, file: 'x.yaml' }]);
      const d = lint(p.model).find((x) => x.code === code);
      expect(d, `${code} in ${text}`).toMatchObject({
        object: { kind: 'NetworkPolicy', name: 'p' },
        field,
        file: 'x.yaml',
      });
      expect(d?.line).toBeGreaterThan(0);
    }
  });
  it('a 10 MB file loads within bounded time; its broken documents are reported, the rest loads', () => {
    const objs = generateCluster(3, { endpoints: 31000, policies: 600 });
    let text = toYaml(objs);
    text = `${text}---\nkind: Pod\nmetadata: [broken\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: last-one}\n`;
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    const t = performance.now();
    const p = parseManifests([{ text, file: 'big.yaml' }]);
    const ms = performance.now() - t;
    expect(ms).toBeLessThan(30_000);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
    expect(p.model.endpoints.some((e) => e.name === 'last-one')).toBe(true);
  }, 120_000);
});
