import { describe, expect, it } from 'vitest';
import { loadYamlDocuments } from './yaml-documents';

// Issue 20 item 13: valid YAML streams read as YAML 1.2 reads them; errors point at the byte.
const load = (text: string) => {
  const r = loadYamlDocuments(text, 'f.yaml');
  return {
    docs: r.documents.map((d) => [d.line, d.value]),
    diags: r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
  };
};

describe('YAML streams', () => {
  it('accepts a %YAML 1.2 directive before the first and a later document', () => {
    expect(load('%YAML 1.2\n---\na: 1\n')).toEqual({ docs: [[3, { a: 1 }]], diags: [] });
    expect(load('a: 1\n...\n%YAML 1.2\n---\nb: 2\n')).toEqual({
      docs: [
        [1, { a: 1 }],
        [5, { b: 2 }],
      ],
      diags: [],
    });
  });

  it('a byte-order mark before a later document is allowed (YAML 1.2), not part of a key', () => {
    expect(load('a: 1\n---\n\uFEFFb: 2\n')).toEqual({
      docs: [
        [1, { a: 1 }],
        [3, { b: 2 }],
      ],
      diags: [],
    });
    expect(load('\uFEFFa: 1\n\uFEFF---\nb: 2\n').docs).toEqual([
      [1, { a: 1 }],
      [3, { b: 2 }],
    ]);
  });

  it('a NUL byte is reported at its own line and column', () => {
    expect(load('a: 1\n---\nb: 2\nc: "x\u0000y"\n').diags).toEqual([
      [
        'yaml-syntax',
        4,
        6,
        'YAML syntax error: a NUL byte (U+0000) is not allowed in YAML; this document was skipped, the others were read',
      ],
    ]);
    expect(load('a: 1\nb: x\u0000y\n').diags.map((d) => d.slice(1, 3))).toEqual([[2, 5]]);
  });
});
