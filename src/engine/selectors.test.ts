import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../model/types';
import { matchSelector, selectorMatcher } from './selectors';

describe('label selectors (R2.5)', () => {
  const l = { app: 'db', tier: 'backend' };
  it('{} matches everything; matchLabels AND', () => {
    expect(matchSelector({}, {})).toBe(true);
    expect(matchSelector({ matchLabels: { app: 'db' } }, l)).toBe(true);
    expect(matchSelector({ matchLabels: { app: 'db', tier: 'x' } }, l)).toBe(false);
  });
  it('In, NotIn, Exists, DoesNotExist', () => {
    expect(
      matchSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, l),
    ).toBe(true);
    expect(matchSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }, l)).toBe(
      false,
    );
    expect(matchSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, l)).toBe(
      true,
    );
    expect(matchSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, l)).toBe(true);
    expect(matchSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, l)).toBe(false);
  });
  it('values are case-sensitive; unknown operators match nothing', () => {
    expect(matchSelector({ matchLabels: { app: 'DB' } }, l)).toBe(false);
    expect(matchSelector({ matchExpressions: [{ key: 'app', operator: 'in', values: ['db'] }] }, l)).toBe(
      false,
    );
  });
  it('selectorMatcher answers as matchSelector (random selectors and labels)', () => {
    const key = fc.constantFrom('app', 'tier', 'zone', '__proto__', 'constructor');
    const value = fc.constantFrom('db', 'web', 'DB', '');
    const labels = fc.dictionary(key, value, { maxKeys: 4 });
    const expr = fc.record({
      key,
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'in'),
      values: fc.array(value, { maxLength: 3 }),
    });
    const selector = fc.record(
      {
        matchLabels: fc.dictionary(key, value, { maxKeys: 3 }),
        matchExpressions: fc.array(expr, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(selector, fc.array(labels, { minLength: 1, maxLength: 5 }), (sel, sets) => {
        const m = selectorMatcher(sel as LabelSelector);
        for (const l of sets) expect(m(l)).toBe(matchSelector(sel as LabelSelector, l));
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
