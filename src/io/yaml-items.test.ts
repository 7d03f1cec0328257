import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../testing/generate';
import { loadYamlDocuments } from './yaml-documents';
import { listItemLines } from './yaml-items';

/** The items' lines as the source map has them (what a small import's findings name). */
function mapLines(text: string): (number | undefined)[] {
  const doc = loadYamlDocuments(text).documents[0];
  const items = (doc?.value as { items: unknown[] }).items;
  return items.map((_, k) => doc?.map[`items[${k}]`]?.line);
}

const scanned = (text: string) => loadYamlDocuments(text).documents[0]?.itemLines;

const HAND = `# a list, written by hand
apiVersion: v1
kind: List
items:
# items at the key's indentation
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    annotations:
      note: |
        - not an item
        - nor this
  spec:
    containers:
    - name: c
-   # its node starts on the next line
  apiVersion: v1
  kind: Pod
  metadata: {name: b}

- kind: Pod
  metadata:
    name: c
metadata:
  resourceVersion: "1"
`;

describe("a List's items' lines, read from its text", () => {
  it('match the source map for a hand-written List: comments, a block scalar with dashes, a bare -, a key after the items', () => {
    expect(scanned(HAND)).toEqual([6, 18, 22]);
    expect(mapLines(HAND)).toEqual([6, 18, 22]);
  });

  it('match the source map for a generated List, items indented or not, after other documents', () => {
    const items = generateCluster(3, { endpoints: 60, policies: 12 });
    const list = { apiVersion: 'v1', kind: 'List', items };
    for (const text of [
      dump(list),
      dump(list, { noArrayIndent: true }),
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n${dump(list, { indent: 4 })}`,
    ]) {
      const docs = loadYamlDocuments(text).documents;
      const doc = docs[docs.length - 1];
      const lines = doc?.itemLines;
      expect(lines).toHaveLength(items.length);
      expect(lines).toEqual(items.map((_, k) => doc?.map[`items[${k}]`]?.line));
    }
  });

  it('give up (undefined) where a scan cannot be sure: a flow sequence, a count that does not match, not a List', () => {
    expect(scanned('kind: List\nitems: [{kind: Pod, metadata: {name: a}}]\n')).toBeUndefined();
    expect(listItemLines('kind: List\nitems:\n- a\n- b\n', 0, 3)).toBeUndefined();
    expect(listItemLines('kind: List\nitems:\n- a\n- b\n', 10, 2)).toEqual([13, 14]);
    expect(scanned('kind: Pod\nmetadata: {name: a}\n')).toBeUndefined();
  });
});
