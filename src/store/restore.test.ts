import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { checkFieldsWhenLoaded, readSaved } from './restore';
import { loadSchemas } from './schemas';

const TEXT = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default, lables: {a: b}}
spec: {containers: [{name: c}]}
`;

describe('checkFieldsWhenLoaded', () => {
  // first: the schemas are not loaded yet in this file (they stay loaded once they are)
  it('leaves a design changed meanwhile alone', async () => {
    const store = createAppStore();
    const read = readSaved(TEXT, 'autosave');
    store.setState({ objects: read.objects, importDiagnostics: read.diagnostics });
    checkFieldsWhenLoaded(store, read, 'autosave');
    store.getState().removeObjects(['pod:default/p']);
    await loadSchemas();
    await Promise.resolve();
    expect(store.getState().importDiagnostics).toEqual([]);
  });

  it('adds the unknown fields of a restored design, with file and line', async () => {
    const store = createAppStore();
    const read = readSaved(TEXT, 'autosave');
    store.setState({ objects: read.objects, importDiagnostics: read.diagnostics });
    checkFieldsWhenLoaded(store, read, 'autosave');
    await loadSchemas();
    await Promise.resolve();
    expect(store.getState().importDiagnostics.map((d) => [d.code, d.field, d.file, d.line])).toEqual([
      ['field-unknown', 'metadata.lables', 'autosave', 3],
    ]);
  });
});
