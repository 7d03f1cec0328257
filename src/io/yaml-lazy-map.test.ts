import { describe, expect, it } from 'vitest';
import { loadYamlDocuments, newYamlCache, type YamlDocument } from './yaml-documents';
import { lazyOrigin } from './yaml-origin';

// Source maps are built on first read, from the document's text parsed again; the CLI diff shares
// the parse of documents both of its sides hold (YamlCache).
const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: &l\n    app: web # a comment\n  annotations: *l\nspec:\n  containers:\n  - name: c\n    ports: [{containerPort: 80}]\n`;
const withPos = (d: YamlDocument) => ({ line: d.line, value: d.value, map: { ...d.map } });

describe('lazy source maps', () => {
  it('give every field its line and column, anchors, aliases, flow items and comments included', () => {
    const [d] = loadYamlDocuments(`# head\n---\n${pod('a')}`, 'f.yaml').documents;
    expect(d?.line).toBe(3);
    // as the load built them before maps were made on demand (a scalar: its value; else its key)
    const at = (line: number, column: number) => ({ file: 'f.yaml', line, column });
    expect({ ...d?.map }).toEqual({
      apiVersion: at(3, 13),
      kind: at(4, 7),
      metadata: at(5, 1),
      'metadata.name': at(6, 9),
      'metadata.labels': at(7, 3),
      'metadata.labels.app': at(8, 10),
      'metadata.annotations': at(9, 3),
      spec: at(10, 1),
      'spec.containers': at(11, 3),
      'spec.containers[0]': at(12, 5),
      'spec.containers[0].name': at(12, 11),
      'spec.containers[0].ports': at(13, 5),
      'spec.containers[0].ports[0]': at(13, 13),
      'spec.containers[0].ports[0].containerPort': at(13, 29),
    });
  });

  it('a shared parse gives the same values, with the positions of each text', () => {
    const cache = newYamlCache();
    const one = [pod('a'), pod('b'), pod('c')].join('---\n');
    const two = [pod('y'), pod('z'), pod('b'), pod('c')].join('---\n');
    const x = loadYamlDocuments(one, 'one.yaml', undefined, cache).documents;
    const y = loadYamlDocuments(two, 'two.yaml', undefined, cache).documents;
    expect(y[2]?.value).toBe(x[1]?.value); // pod b: parsed once
    expect(y[3]?.value).toBe(x[2]?.value);
    expect(y[0]?.value).not.toBe(x[0]?.value);
    const fresh = loadYamlDocuments(two, 'two.yaml').documents;
    expect(y.map(withPos)).toEqual(fresh.map(withPos));
    expect(y[2]?.line).toBe(25);
    expect(y[2]?.map['metadata.name']).toEqual({ file: 'two.yaml', line: 28, column: 9 });
    expect(x[1]?.map['metadata.name']).toEqual({ file: 'one.yaml', line: 16, column: 9 });
  });

  it("an object's origin does not build its document's map until read", () => {
    let built = 0;
    const doc: YamlDocument = {
      index: 2,
      value: {},
      line: 7,
      get map() {
        built++;
        return { 'items[1]': { line: 9, column: 3 }, 'items[1].kind': { line: 9, column: 3 } };
      },
    };
    const whole = lazyOrigin(doc, 'f.yaml', '');
    const item = lazyOrigin(doc, 'f.yaml', 'items[1]');
    expect(built).toBe(0);
    expect(whole.line).toBe(7);
    expect(item.line).toBe(9); // a List item's line is read from the map
    expect(item.map).toEqual({ kind: { line: 9, column: 3 } });
    expect(whole.map['items[1].kind']).toEqual({ line: 9, column: 3 });
    // a design object's plain map is passed on as a plain property
    const plain = lazyOrigin({ index: 0, value: {}, line: 0, map: {} }, undefined, '');
    expect(Object.getOwnPropertyDescriptor(plain, 'map')?.get).toBeUndefined();
  });
});
