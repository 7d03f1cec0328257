import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

const show = (b: string, a: string) => lineDiff(b, a).map((l) => `${l.op}${l.text}`);

describe('lineDiff', () => {
  it('keeps common lines and marks removed before added', () => {
    expect(show('a\nb\nc\n', 'a\nx\nc\n')).toEqual([' a', '-b', '+x', ' c']);
  });
  it('a new text is all added, a removed one all removed', () => {
    expect(show('', 'a\nb')).toEqual(['+a', '+b']);
    expect(show('a\nb', '')).toEqual(['-a', '-b']);
  });
  it('an insertion in the middle', () => {
    expect(show('a\nc', 'a\nb\nc')).toEqual([' a', '+b', ' c']);
  });
});
