import { describe, expect, it } from 'vitest';
import { plural, previewImport } from './import-preview';

describe('import preview', () => {
  it('reports a YAML syntax error at its line without importing', () => {
    const p = previewImport('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [\n');
    expect(p.objects).toBe(1);
    const syntax = p.diagnostics.filter((d) => d.code === 'yaml-syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]?.severity).toBe('error');
    expect(syntax[0]?.line).toBe(7);
  });
  it('is clean for a valid pod', () => {
    expect(previewImport('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n').diagnostics).toEqual([]);
  });
  it('pluralises', () => {
    expect([plural(0, 'problem'), plural(1, 'problem'), plural(4, 'error')]).toEqual([
      '0 problems',
      '1 problem',
      '4 errors',
    ]);
  });
});
