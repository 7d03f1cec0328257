import type { SourcePos } from '../model/diagnostic';
import type { Origin, SourceMap } from '../model/types';
import type { YamlDocument } from './yaml-documents';

/**
 * The source map of the object at `prefix` (an item of a `kind: List`), its paths relative to it;
 * the whole map for a top-level object.
 */
export function mapUnder(doc: YamlDocument, prefix: string): Readonly<Record<string, SourcePos>> {
  if (!prefix) return doc.map;
  const head = `${prefix}.`;
  return Object.fromEntries(
    Object.entries(doc.map)
      .filter(([k]) => k.startsWith(head))
      .map(([k, v]) => [k.slice(head.length), v]),
  );
}

/**
 * Where the object at `prefix` of a document comes from; its source map is cut out of the
 * document's when first read (only diagnostics read it).
 */
export function lazyOrigin(doc: YamlDocument, file: string | undefined, prefix: string): Origin {
  // (literals without a spread: a spread before a getter makes every origin a slow object)
  if (!prefix && !Object.getOwnPropertyDescriptor(doc, 'map')?.get) {
    // a whole document's map, when it is a plain property (design objects: parseObjects), is
    // given as one too, no getter (the engine compares origins on every edit, and reading
    // through a getter is several times slower)
    const { index, line, map } = doc;
    return file !== undefined ? { file, doc: index, line, map } : { doc: index, line, map };
  }
  let map: SourceMap | undefined;
  if (!prefix) {
    // a loaded document's map is still to be built: not read here
    const { index, line } = doc;
    return file !== undefined
      ? {
          file,
          doc: index,
          line,
          get map() {
            return (map ??= doc.map);
          },
        }
      : {
          doc: index,
          line,
          get map() {
            return (map ??= doc.map);
          },
        };
  }
  // an item of a List: its line on first use, read from the text for a top-level item (the
  // document's map of a 10,000-item List took 1.2 s), else from the document's map
  let line: number | undefined;
  const top = /^items\[(\d+)\]$/.exec(prefix);
  const lineOf = () =>
    (line ??= (top ? doc.itemLines?.[Number(top[1])] : undefined) ?? doc.map[prefix]?.line ?? doc.line);
  const mapOf = () => (map ??= mapUnder(doc, prefix));
  return file !== undefined
    ? {
        file,
        doc: doc.index,
        get line() {
          return lineOf();
        },
        get map() {
          return mapOf();
        },
      }
    : {
        doc: doc.index,
        get line() {
          return lineOf();
        },
        get map() {
          return mapOf();
        },
      };
}
