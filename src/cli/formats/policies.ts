import { dumpObject } from '../../io/design';

/** Generated policies (generate): kubectl-ready objects and the header saying what they are. */
export interface PoliciesReport {
  readonly header: readonly string[];
  readonly objects: readonly Record<string, unknown>[];
}

/** Multi-document YAML, the header as comments. */
export function policiesYaml(r: PoliciesReport): string {
  return `${r.header.map((l) => `# ${l}\n`).join('')}${r.objects.map((o) => `---\n${dumpObject(o)}`).join('')}`;
}

/** A kubectl `List`. */
export function policiesJson(r: PoliciesReport): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: r.objects }, null, 2)}\n`;
}
