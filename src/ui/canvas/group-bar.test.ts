import { describe, expect, it } from 'vitest';
import { groupBar } from './group-bar';

describe('groupBar: a namespace card’s groups as one gradient', () => {
  it('segments as wide as their share, 2 px apart', () => {
    expect(groupBar([3, 1], '#abc')).toBe(
      'linear-gradient(to right, #abc 0.00%, #abc calc(75.00% - 2px), transparent calc(75.00% - 2px), transparent 75.00%, #abc 75.00%, #abc calc(100.00%))',
    );
  });
  it('one group fills the bar; no group draws nothing', () => {
    expect(groupBar([5], 'red')).toBe('linear-gradient(to right, red 0.00%, red calc(100.00%))');
    expect(groupBar([], 'red')).toBe('none');
  });
  it('beyond 24 groups the bar ends empty, in proportion to the rest', () => {
    const bar = groupBar(
      Array.from({ length: 25 }, () => 1),
      'red',
    );
    expect(bar.match(/red calc/g)?.length).toBe(24);
    expect(bar.endsWith('red calc(96.00%), transparent 96.00%)')).toBe(true);
  });
});
