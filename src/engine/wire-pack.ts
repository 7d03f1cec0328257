import type { EndpointId } from '../model/ids';
import type { TierMeta, TierPart } from './admin/evaluate';
import type { ConnSet } from './conn';
import type { AnalysisResult, CompactNetwork, Connection } from './analysis/result';
import type { CompactFactor, CompactTables } from './classes/types';
import { writerOf } from './wire';
import { PartsWriter, readParts, type PartsRead, type WireParts } from './wire-parts';
import { packPolicies, unpackPolicies, type WirePolicies } from './wire-policies';

export { packPolicies, type WirePolicies } from './wire-policies';

/**
 * The worker's answer as it crosses to the page. Structured clone costs per object, not per
 * byte: at 10,000 endpoints the class tables are 6,000 factors of seven small typed arrays
 * (44,000 arrays, 14,000 distinct, 1 MB in all), the members 10,000 small objects and the policy
 * summaries 170,000 selected labels. `pack` puts each distinct factor array once into one
 * buffer per element type, members into columns and selections into numbers into one label
 * list; direction results, tier parts and tier metadata as number tables (wire-parts.ts);
 * `unpack` (the page, engine/client.ts) rebuilds the same shapes with views into those
 * buffers (factors sharing an array share its view). Everything else crosses as it is.
 */
export interface WireResult extends Omit<AnalysisResult, 'compact' | 'policies' | 'connections'> {
  readonly connections: readonly WireConnection[];
  readonly compact?: readonly WireNetwork[];
  readonly policies: WirePolicies;
  /** the results, parts and metadata the connections and networks name by number */
  readonly parts: WireParts;
}

type WireConnection = Omit<Connection, 'allowed' | 'egress' | 'ingress'> & {
  readonly allowed: number;
  readonly egress: number;
  readonly ingress: number;
};

interface WireNetwork extends Omit<CompactNetwork, 'members' | 'tables' | 'results' | 'parts'> {
  readonly members: {
    readonly labels: readonly string[];
    readonly ids: readonly EndpointId[];
    readonly nads: readonly string[];
    /** per member: index into `nads`, times 2, plus 1 when external */
    readonly nadExt: Int32Array;
  };
  readonly tables: Omit<CompactTables, 'factors'> & { readonly factors: WireFactors };
  /** result k's number in the answer's parts (-1: not isolated) */
  readonly results: Int32Array;
  readonly parts: Int32Array;
}

/** Factors by field, every array once: `ints` / `floats` hold them end to end. */
interface WireFactors {
  readonly count: number;
  /**
   * per factor: tier code, usesNamed, nsSpan, selSpan, admin, np, baseline tier (-2: no tiers),
   * meta (-1: none; a number in the answer's parts: at 50,000 endpoints 23,000 metas name
   * 700,000 policy ids, the 9,000 lists the engine shares cross once each)
   */
  readonly head: Int32Array;
  /** per factor, per array field in `INT_FIELDS` order then keys: index into the array table */
  readonly arrays: Int32Array;
  /** per distinct int array: start and length in `ints`; per float array: in `floats` */
  readonly intAt: Int32Array;
  readonly floatAt: Int32Array;
  readonly ints: Int32Array;
  readonly floats: Float64Array;
}

const TIERS = ['whole', 'Admin', 'Baseline'] as const;
const INT_FIELDS = ['sel', 'kinds', 'ns', 'nsKinds', 'ip', 'values'] as const;
const HEAD = 8;
const ARRAYS = INT_FIELDS.length + 1;

function packFactors(factors: readonly CompactFactor[], parts: PartsWriter): WireFactors {
  const head = new Int32Array(factors.length * HEAD);
  const arrays = new Int32Array(factors.length * ARRAYS);
  const intIds = new Map<Int32Array, number>();
  const floatIds = new Map<Float64Array, number>();
  const ints: Int32Array[] = [];
  const floats: Float64Array[] = [];
  // every empty array is one (4,400 of 6,000 factors at 10,000 endpoints have tiers and no
  // arrays of their own, each with a fresh empty `keys`): numbered 0, no lookup
  ints.push(new Int32Array(0));
  floats.push(new Float64Array(0));
  for (let k = 0; k < factors.length; k++) {
    const f = factors[k] as CompactFactor;
    const h = k * HEAD;
    head[h] = TIERS.indexOf(f.tier);
    head[h + 1] = f.usesNamed ? 1 : 0;
    head[h + 2] = f.nsSpan;
    head[h + 3] = f.selSpan;
    head[h + 4] = f.tiers ? f.tiers.admin : -2;
    head[h + 5] = f.tiers ? f.tiers.np : -2;
    head[h + 6] = f.tiers ? f.tiers.baseline : -2;
    head[h + 7] = f.tiers ? parts.meta(f.tiers.meta) : -1;
    for (let j = 0; j < INT_FIELDS.length; j++) {
      const a = f[INT_FIELDS[j] as (typeof INT_FIELDS)[number]];
      let id = a.length ? intIds.get(a) : 0;
      if (id === undefined) {
        intIds.set(a, (id = ints.length));
        ints.push(a);
      }
      arrays[k * ARRAYS + j] = id;
    }
    let id = f.keys.length ? floatIds.get(f.keys) : 0;
    if (id === undefined) {
      floatIds.set(f.keys, (id = floats.length));
      floats.push(f.keys);
    }
    arrays[k * ARRAYS + INT_FIELDS.length] = id;
  }
  const concat = <A extends Int32Array | Float64Array>(
    list: readonly A[],
    make: (n: number) => A,
  ): { all: A; at: Int32Array } => {
    const at = new Int32Array(list.length * 2);
    let n = 0;
    list.forEach((a, k) => {
      at[k * 2] = n;
      at[k * 2 + 1] = a.length;
      n += a.length;
    });
    const all = make(n);
    list.forEach((a, k) => all.set(a, at[k * 2] as number));
    return { all, at };
  };
  const i = concat(ints, (n) => new Int32Array(n));
  const f = concat(floats, (n) => new Float64Array(n));
  return {
    count: factors.length,
    head,
    arrays,
    intAt: i.at,
    floatAt: f.at,
    ints: i.all,
    floats: f.all,
  };
}

function unpackFactors(w: WireFactors, metas: readonly TierMeta[]): CompactFactor[] {
  const view = <A extends Int32Array | Float64Array>(all: A, at: Int32Array, k: number): A =>
    all.subarray(at[k * 2] as number, (at[k * 2] as number) + (at[k * 2 + 1] as number)) as A;
  const ints = Array.from({ length: w.intAt.length / 2 }, (_, k) => view(w.ints, w.intAt, k));
  const floats = Array.from({ length: w.floatAt.length / 2 }, (_, k) => view(w.floats, w.floatAt, k));
  const { head, arrays } = w;
  const out = new Array<CompactFactor>(w.count);
  for (let k = 0; k < w.count; k++) {
    const h = k * HEAD;
    const a = k * ARRAYS;
    const admin = head[h + 4] as number;
    // (two literal shapes, with and without tiers: an object spread per factor is a slow copy)
    const tier = TIERS[head[h] as number] as CompactFactor['tier'];
    const usesNamed = head[h + 1] === 1;
    const nsSpan = head[h + 2] as number;
    const selSpan = head[h + 3] as number;
    const sel = ints[arrays[a] as number] as Int32Array;
    const kinds = ints[arrays[a + 1] as number] as Int32Array;
    const ns = ints[arrays[a + 2] as number] as Int32Array;
    const nsKinds = ints[arrays[a + 3] as number] as Int32Array;
    const ip = ints[arrays[a + 4] as number] as Int32Array;
    const values = ints[arrays[a + 5] as number] as Int32Array;
    const keys = floats[arrays[a + INT_FIELDS.length] as number] as Float64Array;
    out[k] =
      admin === -2
        ? { tier, usesNamed, nsSpan, selSpan, sel, kinds, ns, nsKinds, ip, values, keys }
        : {
            tier,
            tiers: {
              admin,
              np: head[h + 5] as number,
              baseline: head[h + 6] as number,
              meta: metas[head[h + 7] as number] as TierMeta,
            },
            usesNamed,
            nsSpan,
            selSpan,
            sel,
            kinds,
            ns,
            nsKinds,
            ip,
            values,
            keys,
          };
  }
  return out;
}

function packNetwork(c: CompactNetwork, parts: PartsWriter): WireNetwork {
  const nads: string[] = [];
  const nadIds = new Map<string, number>();
  const nadExt = new Int32Array(c.members.length);
  c.members.forEach((m, k) => {
    let id = nadIds.get(m.nad);
    if (id === undefined) {
      nadIds.set(m.nad, (id = nads.length));
      nads.push(m.nad);
    }
    nadExt[k] = id * 2 + (m.external ? 1 : 0);
  });
  const { factors, ...tables } = c.tables;
  return {
    ...c,
    members: { labels: c.members.map((m) => m.label), ids: c.members.map((m) => m.id), nads, nadExt },
    tables: { ...tables, factors: packFactors(factors, parts) },
    results: numbers(c.results, (r) => parts.result(r)),
    parts: numbers(c.parts, (p) => parts.part(p)),
  };
}

// (indexed loops: `Int32Array.from` / `Array.from` with a map step iterate generically, 4x slower)
function numbers<T>(xs: readonly T[], id: (x: T) => number): Int32Array {
  const out = new Int32Array(xs.length);
  for (let k = 0; k < xs.length; k++) out[k] = id(xs[k] as T);
  return out;
}

function objects<T>(ids: Int32Array, of: (id: number) => T): T[] {
  const out = new Array<T>(ids.length);
  for (let k = 0; k < ids.length; k++) out[k] = of(ids[k] as number);
  return out;
}

function unpackNetwork(w: WireNetwork, parts: PartsRead): CompactNetwork {
  const { labels, ids, nads, nadExt } = w.members;
  const members = labels.map((label, k) => {
    const x = nadExt[k] as number;
    return { label, id: ids[k] as EndpointId, nad: nads[x >> 1] as string, external: (x & 1) === 1 };
  });
  const { factors, ...tables } = w.tables;
  return {
    ...w,
    members,
    tables: { ...tables, factors: unpackFactors(factors, parts.metas) },
    results: objects(w.results, (r) => parts.result(r)),
    parts: objects(w.parts, (p) => parts.parts[p] as TierPart),
  };
}

/** The answer as it is posted (the worker side). */
export function pack(r: AnalysisResult): WireResult {
  const { compact, policies, connections, ...rest } = r;
  const parts = writerOf(r) ?? new PartsWriter();
  const pairs = connections.map((c): WireConnection => ({
    ...c,
    allowed: parts.conn(c.allowed),
    egress: parts.result(c.egress),
    ingress: parts.result(c.ingress),
  }));
  return {
    connections: pairs,
    ...rest,
    ...(compact ? { compact: compact.map((c) => packNetwork(c, parts)) } : {}),
    policies: packPolicies(policies),
    parts: parts.done(),
  };
}

/** The answer as the page reads it: `pack` undone (equal data, shared arrays shared). */
export function unpack(w: WireResult): AnalysisResult {
  const { compact, policies, connections, parts: wire, ...rest } = w;
  // (a stand-in worker in tests may answer without parts or summaries)
  const parts = (wire as WireParts | undefined) ? readParts(wire) : undefined;
  return {
    connections: parts
      ? connections.map((c): Connection => ({
          ...c,
          allowed: parts.conns[c.allowed] as ConnSet,
          egress: parts.result(c.egress),
          ingress: parts.result(c.ingress),
        }))
      : (connections as unknown as Connection[]),
    ...rest,
    ...(compact && parts ? { compact: compact.map((c) => unpackNetwork(c, parts)) } : {}),
    policies: (policies as WirePolicies | undefined) ? unpackPolicies(policies) : [],
  };
}
