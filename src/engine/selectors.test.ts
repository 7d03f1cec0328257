import { describe, expect, it } from 'vitest';
import { matchSelector } from './selectors';

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
});
