import type { LabelSelector, Labels } from '../../model/types';
import { labelValue } from '../../model/labels';
import type { CompiledPeer } from '../compile';
import type { Decider } from '../admin/evaluate';

// ---------------------------------------------------------------------------------------------
// Label groups and selector features: network-independent, kept while namespace labels hold.

/** Endpoints alike for every selector: same namespace, labels and selectability. */
export interface LabelGroup {
  readonly id: number;
  readonly ns: string;
  readonly labels: Labels;
  readonly selectable: boolean;
  /** namespace slot: 0 for endpoints no selector can match, else one per namespace */
  readonly slot: number;
  /** its index among its namespace's groups (`Feature.hasLocal`) */
  readonly local: number;
  /** its label set (and kind) across namespaces: groups of one set in two namespaces share it */
  readonly set: number;
}

/**
 * What a selector peer (or a policy's podSelector) matches. `nsWide` features have an empty
 * pod side: they match every selectable endpoint of the namespaces they admit. Other features
 * keep the list of label groups they match, extended when new label groups appear.
 */
export interface Feature {
  readonly key: string;
  readonly nsWide: boolean;
  readonly nsAdmits: Map<string, boolean>;
  readonly nsSelector?: LabelSelector;
  readonly ownNs?: string;
  readonly podSelector?: LabelSelector;
  /** `matchSelector` of its podSelector, prepared (`selectorMatcher`; always true without one) */
  readonly podMatch: (labels: Labels) => boolean;
  /**
   * group ids matched (features of one namespace, `ownNs`, not nsWide): cross-namespace
   * features match by kind instead (`kindMatch`)
   */
  readonly groups: number[];
  /** by a group's `local` index, 1 when it is one of `groups` (a bitmap per namespace, small) */
  hasLocal: Uint8Array;
  /** group ids below this were tested */
  checked: number;
  /** namespace slot → admitted (see ClassCache.admitsBySlot) */
  slotAdmits?: Uint8Array;
  /** cross-namespace features (not nsWide): per kind (kinds.ts), whether it matches; for `kindSerial` */
  kindMatch: Uint8Array;
  kindSerial: number;
}

/** A policy's features on the peers of one direction. */
export interface DirectionPeers {
  readonly sel: readonly Feature[];
  readonly nsw: readonly Feature[];
  readonly ip: readonly IpPeer[];
  readonly usesNamed: boolean;
  /**
   * Per rule of the direction, in order, its peers (undefined: every peer): a selector's
   * feature, an ipBlock's key, or null (a peer matching nothing). See plan.ts.
   */
  readonly rulePeers: readonly (readonly (Feature | string | null)[] | undefined)[];
}

export interface PolicyFeatures {
  readonly selection: Feature;
  readonly ingress: DirectionPeers;
  readonly egress: DirectionPeers;
  /** its selection and both directions' selector peers (what an analysis `ensure`s), flat */
  readonly sels: readonly Feature[];
  /** both directions' ipBlock peers, flat */
  readonly ips: readonly IpPeer[];
}

export interface IpPeer {
  readonly key: string;
  readonly peer: Extract<CompiledPeer, { kind: 'ipBlock' }>;
  readonly ns: string;
}

let nextSerial = 1;
const serials = new WeakMap<Decider, number>();
/** A number per compiled policy object: unchanged policies keep their object, hence their number. */
export function serialOf(p: Decider): number {
  let s = serials.get(p);
  if (s === undefined) {
    s = nextSerial++;
    serials.set(p, s);
  }
  return s;
}

export function labelKey(ns: string, kind: string, hostNetwork: boolean, labels: Labels): string {
  const keys = sortStrings(Object.keys(labels));
  // (joined, not concatenated: a concatenated key is a chain of string objects, and the cache
  // keeps one key per label group)
  const parts = [ns, '\u0000', kind === 'External' ? 'x' : 'w', hostNetwork ? 'h' : ''];
  // (own keys from Object.keys: no own-property check needed per key)
  for (const k of keys) parts.push('\u0000', k, '\u0001', labels[k] as string);
  return parts.join('');
}

/**
 * `xs.sort()` in place for the short lists of labels and ports: an insertion sort (the
 * built-in sort allocates a work area per call, once per endpoint here). Same order.
 */
export function sortStrings<T extends string[]>(xs: T): T {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as string;
    let j = i - 1;
    for (; j >= 0 && (xs[j] as string) > x; j--) xs[j + 1] = xs[j] as string;
    xs[j + 1] = x;
  }
  return xs;
}

/**
 * A selector's key: equal for equal selectors (matchLabels in any order), the JSON of
 * `[[[key, value], ...sorted], matchExpressions]`. Written out by parts (a sort work area and
 * an array per label were made for each of the policies' peers).
 */
export function selectorKey(sel: LabelSelector): string {
  const ml = sel.matchLabels;
  const parts = ['[['];
  if (ml) {
    const keys = sortStrings(Object.keys(ml));
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = labelValue(ml, k);
      parts.push(i ? ',[' : '[', JSON.stringify(k), ',', v === undefined ? 'null' : JSON.stringify(v), ']');
    }
  }
  parts.push('],', JSON.stringify(sel.matchExpressions ?? []), ']');
  return parts.join('');
}

export function intern<K>(map: Map<K, number>, key: K): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}
