import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { loadSchemas, schemasNow } from './schemas';

// Issue 20 item 19 in the app: the schemas load lazily; once loaded, import flags unknown fields
// with their lines and export leaves them out.
describe('schemas in the store', () => {
  const blog = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');

  it('the KubeVirt blog: import warns on the typo (line), export lacks it, autosave keeps the source', async () => {
    await loadSchemas();
    expect(schemasNow()).toBeDefined();
    const store = createAppStore();
    const diags = store.getState().importYaml(blog, 'replace');
    expect(diags.map((d) => [d.code, d.object?.name, d.field, d.line])).toEqual(
      [56, 110, 164, 218, 272, 326].map((line, k) => [
        'field-unknown',
        `vm${k + 1}`,
        'spec.template.spec.termination/GracePeriodSeconds',
        line,
      ]),
    );
    expect(store.getState().importDiagnostics).toEqual(diags);
    const out = store.getState().exportYaml();
    expect(out).not.toContain('GracePeriodSeconds');
    expect(out.match(/^kind: VirtualMachine$/gm)).toHaveLength(6);
    // the design itself stays verbatim (undo, autosave): only export leaves the field out
    expect(JSON.stringify(store.getState().objects)).toContain('termination/GracePeriodSeconds');
  });
});
