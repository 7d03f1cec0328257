import { describe, expect, it } from 'vitest';
import { Rng } from '../testing/generate';
import { hasContent, splitDocuments, splitDocumentsByLines } from './yaml-split';

/** What `hasContent` replaces (the chunk test of loadYamlDocuments before). */
const hasContentByRegex = (text: string) =>
  /\S/.test(text.replace(/#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, ''));

/** Lines that matter to splitting: markers, directives, comments, blanks, content, odd spaces. */
const PIECES = [
  '---',
  '--- ',
  '---a',
  '--- # c',
  '...',
  '... x',
  '.',
  '-',
  '- a',
  '%YAML 1.2',
  '%TAG ! x',
  '# c',
  '#',
  '',
  '  ',
  '\t',
  'a: 1',
  'a: b # c',
  '  - x',
  '\u00a0',
  '--- \u00a0',
];

function randomText(r: Rng): string {
  const lines: string[] = [];
  const n = r.int(12);
  for (let k = 0; k < n; k++) lines.push(r.pick(PIECES));
  return lines.join('\n') + (r.chance(0.5) ? '\n' : '');
}

describe('splitDocuments by offsets gives the chunks of the line-array split', () => {
  it('on 3,000 random streams of markers, directives, comments and content', () => {
    const r = new Rng(42);
    for (let k = 0; k < 3000; k++) {
      const text = randomText(r);
      expect(splitDocuments(text), JSON.stringify(text)).toEqual(splitDocumentsByLines(text));
    }
  });

  it('examples: directives stay with the document they open; line bases', () => {
    const text = 'a: 1\n%YAML 1.2\n# c\n---\nb: 2\n...\n---\nc: 3';
    expect(splitDocuments(text)).toEqual([
      { text: 'a: 1', lineBase: 0 },
      { text: '%YAML 1.2\n# c\n---\nb: 2', lineBase: 1 },
      { text: '...', lineBase: 5 },
      { text: '---\nc: 3', lineBase: 6 },
    ]);
    expect(splitDocuments('')).toEqual([{ text: '', lineBase: 0 }]);
    expect(splitDocuments('---\n')).toEqual([{ text: '---\n', lineBase: 0 }]);
  });

  it('byte-order marks before documents are stripped (the line-array way)', () => {
    const text = '\uFEFFa: 1\n---\n\uFEFFb: 2';
    expect(splitDocuments(text)).toEqual([
      { text: 'a: 1', lineBase: 0 },
      { text: '---\nb: 2', lineBase: 1 },
    ]);
  });
});

describe('hasContent says what the two regular expressions said', () => {
  it('on random chunks, with U+2028 and U+2029 too', () => {
    const r = new Rng(7);
    for (let k = 0; k < 3000; k++) {
      let text = randomText(r);
      if (r.chance(0.1)) text = text.replace('#', r.chance(0.5) ? '#\u2028x' : '#\u2029');
      expect(hasContent(text), JSON.stringify(text)).toBe(hasContentByRegex(text));
    }
  });

  it('examples', () => {
    expect(hasContent('--- # only a marker\n# and a comment\n\n...')).toBe(false);
    expect(hasContent('---\na: 1')).toBe(true);
    expect(hasContent('# c\u2028a: 1')).toBe(true);
    expect(hasContent('---a')).toBe(true);
  });
});
