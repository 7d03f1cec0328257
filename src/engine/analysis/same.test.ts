import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import type { Endpoint } from '../../model/types';
import { generateCluster, Rng } from '../../testing/generate';
import { sameData } from './same-data';
import { sameEndpoint, sameLabels, sameLayoutFields } from './same-endpoint';
import { samePolicy } from './same-policy';

/** Records (label maps, source maps): any key may be added; other objects have only their type's fields. */
const RECORDS = new Set(['labels', 'matchLabels', 'map']);
/** Optional fields holding objects or lists (others may only be changed, not removed). */
const OPTIONAL = new Set([
  'policyTypes',
  'ingress',
  'egress',
  'peers',
  'ports',
  'matchLabels',
  'matchExpressions',
  'values',
  'except',
  'ipBlock',
  'namespaceSelector',
  'udn',
  'origin',
]);

/** A copy of `x` with one value somewhere inside changed, added or removed. */
function mutate(x: unknown, r: Rng, record = false): unknown {
  if (Array.isArray(x)) {
    const out = [...x];
    if (!out.length || r.chance(0.2)) return r.chance(0.5) ? [...out, 'extra'] : out.slice(1);
    const k = r.int(out.length);
    out[k] = mutate(out[k], r);
    return out;
  }
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = { ...(x as Record<string, unknown>) };
    const keys = Object.keys(out);
    const removable = keys.filter((k) => record || OPTIONAL.has(k) || typeof out[k] !== 'object');
    if (!keys.length && !record) return out;
    if (!keys.length || r.chance(0.15)) {
      if (removable.length && (!record || r.chance(0.5))) delete out[r.pick(removable)];
      else if (record) out[`k${r.int(3)}`] = 'v';
      return out;
    }
    const k = r.pick(keys);
    out[k] = mutate(out[k], r, RECORDS.has(k));
    return out;
  }
  if (typeof x === 'string') return r.chance(0.5) ? `${x}x` : undefined;
  if (typeof x === 'number') return x + 1;
  if (typeof x === 'boolean') return !x;
  return 'set';
}

describe('field-by-field equality says what sameData says', () => {
  const objs = generateCluster(5, { endpoints: 120, policies: 60, namespaces: 5 });
  const a = parseObjects(objs).model;
  const b = parseObjects(objs).model;

  it('equal copies (fresh parses) are equal', () => {
    a.policies.forEach((p, k) => expect(samePolicy(p, b.policies[k] as typeof p)).toBe(true));
    a.endpoints.forEach((e, k) => expect(sameEndpoint(e, b.endpoints[k] as Endpoint)).toBe(true));
  });

  it('policies and endpoints with one value changed anywhere', () => {
    const r = new Rng(9);
    let differ = 0;
    for (let n = 0; n < 3000; n++) {
      const p = r.pick(a.policies);
      const q = mutate(p, r) as typeof p;
      expect(samePolicy(p, q), JSON.stringify(q)).toBe(sameData(p, q));
      const e = r.pick(a.endpoints);
      const f = mutate(e, r) as Endpoint;
      const same = sameData(e, f);
      if (!same) differ++;
      expect(sameEndpoint(e, f), JSON.stringify(f)).toBe(same);
      // the layout's fields: equal unless the change is outside labels, named ports and origin
      const rest = ({ labels: _l, namedPorts: _n, origin: _o, ...x }: Endpoint) => x;
      expect(sameLayoutFields(e, f), JSON.stringify(f)).toBe(sameData(rest(e), rest(f)));
    }
    expect(differ).toBeGreaterThan(2000);
  });
});

describe("sameLabels (selectors' matchLabels)", () => {
  const nul = (o: Record<string, string>) => Object.assign(Object.create(null) as Record<string, string>, o);
  it('any key order, null-prototype or plain maps; an extra, missing or changed entry is seen', () => {
    expect(sameLabels({ a: '1', b: '2' }, nul({ b: '2', a: '1' }))).toBe(true);
    expect(sameLabels({}, nul({}))).toBe(true);
    expect(sameLabels({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameLabels({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(sameLabels({ a: '1' }, { a: '2' })).toBe(false);
    expect(sameLabels({ a: '1' }, { b: '1' })).toBe(false);
  });
  it('keys named like Object.prototype members are labels like any other', () => {
    expect(sameLabels(nul({ constructor: 'x' }), {})).toBe(false);
    expect(sameLabels({}, nul({ constructor: 'x' }))).toBe(false);
    expect(sameLabels(nul({ toString: 'x' }), { toString: 'x' } as Record<string, string>)).toBe(true);
  });
  it('an undefined value counts as absent (as sameData says)', () => {
    const u = { a: '1', b: undefined } as unknown as Record<string, string>;
    expect(sameLabels(u, { a: '1' })).toBe(true);
    expect(sameLabels({ a: '1' }, u)).toBe(true);
    expect(sameLabels(u, { a: '1', b: '2' })).toBe(false);
  });
});
