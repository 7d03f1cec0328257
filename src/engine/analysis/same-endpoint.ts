import type { Attachment, Endpoint, Labels, NamedPort, Origin } from '../../model/types';
import { sameData } from './same-data';

/**
 * Equality of endpoints field by field: what `sameData` says, several times faster (every edit
 * compares every endpoint with the one the analyzer holds, and `sameData` walks them generically).
 */

/** The fields a label or named-port change leaves alone: the network layout reads only these. */
type LayoutField =
  'id' | 'kind' | 'sourceKind' | 'name' | 'namespace' | 'attachments' | 'hostNetwork' | 'udn';
// every field is compared: a new field of these types fails the type check until it is added here
type Covers<T, K> = [Exclude<keyof T, K>] extends [never] ? true : never;
const covered: [
  Covers<Origin, 'file' | 'doc' | 'line' | 'map'>,
  Covers<Endpoint, LayoutField | 'labels' | 'namedPorts' | 'origin'>,
  Covers<Attachment, 'nad' | 'ips' | 'ipSource' | 'iface'>,
  Covers<NamedPort, 'name' | 'port' | 'protocol'>,
] = [true, true, true, true];
void covered;

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameAttachments(a: readonly Attachment[], b: readonly Attachment[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Attachment;
    const y = b[i] as Attachment;
    if (x.nad !== y.nad || x.ipSource !== y.ipSource || x.iface !== y.iface || !sameStrings(x.ips, y.ips))
      return false;
  }
  return true;
}

/** A label map's entries, key then value, in enumeration order (what `sameLabelEntries` compares with). */
export function labelEntries(l: Labels): readonly string[] {
  const out: string[] = [];
  for (const k in l) {
    const v = l[k];
    if (v !== undefined) out.push(k, v);
  }
  return out;
}

/**
 * Whether label map `b` has the entries `e` (of the map held before). `b` is read once: label
 * maps are null-prototype objects (model/labels.ts), slow to enumerate and to look up, and a
 * fresh read of the same source lists the same keys in the same order (else the slow way).
 */
export function sameLabelEntries(e: readonly string[], b: Labels): boolean {
  let i = 0;
  for (const k in b) {
    const v = b[k];
    if (v === undefined) continue;
    if (e[i] !== k) return sameLabelsSlow(e, b);
    if (e[i + 1] !== v) return false;
    i += 2;
  }
  return i === e.length;
}

/** Equal label maps (selectors' matchLabels: read once each, nothing allocated). */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    // (values are strings: an inherited member of a plain object never equals one)
    if (b[k] !== v) return false;
    n++;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}

function sameLabelsSlow(e: readonly string[], b: Labels): boolean {
  let n = 0;
  for (let i = 0; i < e.length; i += 2) {
    if (b[e[i] as string] !== e[i + 1]) return false;
    n++;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}

/** Equal origins: the source map is compared only when the position is the same. */
export function sameOrigin(a: Origin | undefined, b: Origin | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.file === b.file && a.doc === b.doc && a.line === b.line && (a.map === b.map || sameData(a.map, b.map))
  );
}

function sameNamedPorts(a: readonly NamedPort[], b: readonly NamedPort[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as NamedPort;
    const y = b[i] as NamedPort;
    if (x.name !== y.name || x.port !== y.port || x.protocol !== y.protocol) return false;
  }
  return true;
}

/** Equal in every field the network layout reads (labels, named ports and origin may differ). */
export function sameLayoutFields(a: Endpoint, b: Endpoint): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.sourceKind === b.sourceKind &&
      a.name === b.name &&
      a.namespace === b.namespace &&
      a.hostNetwork === b.hostNetwork &&
      sameAttachments(a.attachments, b.attachments) &&
      (a.udn === b.udn || sameData(a.udn, b.udn)))
  );
}

/** Equal endpoints (as `sameData` would say, for the fields an Endpoint has). */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a === b || sameEndpointWith(a, labelEntries(a.labels), b);
}

/** `sameEndpoint` with the label entries of `a` at hand (see `labelEntries`). */
export function sameEndpointWith(a: Endpoint, aLabels: readonly string[], b: Endpoint): boolean {
  return (
    a === b ||
    (sameLayoutFields(a, b) &&
      sameLabelEntries(aLabels, b.labels) &&
      sameNamedPorts(a.namedPorts, b.namedPorts) &&
      sameOrigin(a.origin, b.origin))
  );
}
