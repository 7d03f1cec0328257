import { dump, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster, Rng } from '../testing/generate';
import { fastYaml } from './yaml-fast';
import { tokenStart } from './yaml-map';

/** js-yaml's reading of one document: its value and where its root starts (or that it throws). */
function reference(text: string): { value: unknown; pos: number } | 'error' {
  let pos = -1;
  let depth = 0;
  try {
    const values = loadAll(text, undefined, {
      listener(type, state) {
        if (type === 'open' && depth++ === 0 && pos < 0) pos = state.position;
        else if (type === 'close') depth--;
      },
    });
    return { value: values.length === 1 ? values[0] : values, pos: tokenStart(text, pos) };
  } catch {
    return 'error';
  }
}

/** Where fastYaml gives a value, it is js-yaml's, root position included. */
function agrees(text: string): boolean {
  const fast = fastYaml(text);
  if (!fast) return false;
  const want = reference(text);
  expect(want, text).not.toBe('error');
  expect(fast.value, text).toStrictEqual((want as { value: unknown }).value);
  expect(fast.pos, text).toBe((want as { pos: number }).pos);
  return true;
}

const objects = generateCluster(5, { endpoints: 120, policies: 40, adminPolicies: 3 });

/** Hand-written documents in the styles manifests come in: read here. */
const PLAIN = [
  'a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf:\ng: null\nh: 0x1F\ni: 2001-12-14\nj: .inf\nk: 1e3\n',
  '---\n# comment\nmetadata:\n  name: x\n  labels: {}\nspec:\n  ports: []\n',
  'spec:\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: web\n    ports:\n    - port: 80\n',
  "a: 'it''s'\nb: \"plain\"\nc: it's\nd: http://x:80/y\ne: a#b\nf: :x\ng: '#'\n",
  '1: one\ntrue: yes\nnull: n\n2.5: f\n0x10: h\n',
  'a:\n  - x\n  -   y\n  - z: 1\n    w: 2\n',
];
/** Left to js-yaml: comments after values, nested items, duplicates, flow, block scalars, ... */
const LEFT = [
  '# head\n---\nkind: Pod # a comment\n',
  '- a\n- b:\n  c: d\n- - nested\n',
  'a: b\na: c\n',
  '1: one\n1.0: the same key\n',
  'a: b\n  continued\n',
  'a: [1, 2]\n',
  'a: |\n  text\n',
  'a:\tb\n',
  'a: "x\\ny"\n',
  '  a: indented root\n',
  'key :x\n',
  '__proto__: x\n',
  'a: &x 1\nb: *x\n',
];

describe('fastYaml', () => {
  it('reads hand-written documents as js-yaml does, or leaves them to it', () => {
    for (const text of PLAIN) expect(agrees(text), text).toBe(true);
    for (const text of LEFT) expect(fastYaml(text), text).toBeUndefined();
  });

  it('reads generated manifests as js-yaml does, in every dump style', () => {
    let read = 0;
    for (const style of [{}, { noArrayIndent: true }, { forceQuotes: true }, { quotingType: '"' as const }]) {
      for (const o of objects) if (agrees(dump(o, { noRefs: true, ...style }))) read++;
    }
    // all but the documents with block scalars or flow JSON (NAD configs, annotations)
    expect(read).toBeGreaterThan(objects.length * 3);
  });

  it('never gives another value than js-yaml on randomly damaged documents', () => {
    const r = new Rng(9);
    const bits = [' ', '  ', '\n', '- ', ': ', ':', '#', "'", '"', '-', '{}', '[]', '\t', 'x', '1', '~', '%'];
    let read = 0;
    let damaged = 0;
    for (let n = 0; n < 3000; n++) {
      let text = dump(r.pick(objects), { noRefs: true, noArrayIndent: r.chance(0.5) });
      for (let e = 0; e <= r.int(3); e++) {
        const at = r.int(text.length);
        const cut = r.chance(0.5) ? r.int(3) : 0;
        text = text.slice(0, at) + (r.chance(0.7) ? r.pick(bits) : '') + text.slice(at + cut);
      }
      if (agrees(text)) read++;
      else damaged++;
    }
    expect(read).toBeGreaterThan(500);
    expect(damaged).toBeGreaterThan(500);
  });
});
