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
  it('gives the model’s problems and the ignored kinds the line of their object', () => {
    const p = previewImport(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: example.com/v1\nkind: FancyFirewall\nmetadata: {name: ff, namespace: default}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {"bad key!": x}}\n',
    );
    expect(p.notes.map((d) => [d.code, d.line, d.object?.kind, d.object?.name])).toEqual([
      ['kind-ignored', 6, 'FancyFirewall', 'ff'],
    ]);
    const label = p.diagnostics.filter((d) => d.object?.name === 'b');
    expect(label.length).toBeGreaterThan(0);
    expect(label.every((d) => d.line !== undefined && d.line >= 9 && d.line <= 11)).toBe(true);
  });
  it('pluralises', () => {
    expect([plural(0, 'problem'), plural(1, 'problem'), plural(4, 'error')]).toEqual([
      '0 problems',
      '1 problem',
      '4 errors',
    ]);
  });
});
