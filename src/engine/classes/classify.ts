import { split, type Decider } from '../admin/evaluate';
import { firstMatchOf, matchedRules } from '../admin/first-match';
import type { CompiledPolicy } from '../compile';
import { ALL_CONNS, intersectConns } from '../conn';
import {
  directionAllowed,
  evaluateDirection,
  evaluateKnown,
  type DirectionResult,
  type EvalContext,
  type TierStep,
} from '../evaluate';
import type { Member } from '../networks';
import { ClassCache } from './cache';
import { NO_PART, NOT_ISOLATED, NP, resultNumbering } from './compact';
import { classOf, ipOf } from './factors';
import { nsKindsOf, shippedNs } from './ns-kinds';
import { allPeers } from './peers';
import { hitsKey, matchedKey, partKey, patternOf, planOf } from './plan';
import { type Feature, type IpPeer, type PolicyFeatures } from './features';
import { refresh } from './presence';
import { shippedSel } from './sel-table';
import { selectFactors } from './selection';
import type { Atoms, Factor, FirstMatch, PatternKey, Presence } from './state';
import { countClasses } from './count';
import { combine, metaOfTiers } from './tiers';
import type { NetworkVerdicts } from './types';
import { ints } from './ints';

/**
 * The verdicts of one network under the policies (SEMANTICS R1-R4). Pass the analyzer's
 * `cache` to reuse what earlier analyses computed; without it everything is computed afresh.
 */
export function classify(
  network: string,
  members: readonly Member[],
  policies: readonly Decider[],
  given: EvalContext,
  opts: { cache?: ClassCache } = {},
): NetworkVerdicts {
  const cache = opts.cache ?? new ClassCache();
  if (!opts.cache) cache.begin('', given.namespaceLabels);
  // selectors read from the features (their matches per group or kind) in evaluations
  const ctx: EvalContext = { ...given, matchPeer: cache.matchPeer(given) };
  const st = cache.net(network);
  const onNet = policies.filter((p) => p.networks.has(network));

  // ---- the policies' features on this network
  const ipPeers = new Map<string, IpPeer>();
  const byNs = new Map<string, { p: Decider; pf: PolicyFeatures }[]>();
  const features: PolicyFeatures[] = [];
  for (const p of onNet) {
    const pf = cache.policy(p);
    features.push(pf);
    const list = byNs.get(p.policy.namespace);
    if (list) list.push({ p, pf });
    else byNs.set(p.policy.namespace, [{ p, pf }]);
    const ips = pf.ips;
    for (let k = 0; k < ips.length; k++) {
      const x = ips[k] as IpPeer;
      if (!ipPeers.has(x.key)) ipPeers.set(x.key, x);
    }
  }
  refresh(cache, st, members, [...ipPeers.keys()].join('\n'), [...ipPeers.values()], ctx);
  const atoms = st.atoms as Atoms;
  const presence = st.presence as Presence;
  cache.updateKinds();
  // the kinds the tables are built on (kinds.ts; a later network may number them afresh)
  st.kindOf = cache.kinds.of;
  for (let k = 0; k < features.length; k++) {
    const sels = (features[k] as PolicyFeatures).sels;
    for (let x = 0; x < sels.length; x++) cache.ensure(sels[x] as Feature);
  }

  // ---- factors: the policies deciding each member's egress and ingress (kept per label group)
  const selection = selectFactors(cache, st, network, atoms, members, byNs);
  const { egressOf, ingressOf } = selection;

  let computed = 0;
  // the keys of the last `cached` miss, for `keep` (no closure per lookup: there is one per
  // class pair asked, and nothing runs between a miss and its `keep` but the computation)
  let missKey = 0;
  let missPattern: PatternKey = 0;
  let missNp = 0;
  /**
   * The factor's result (or tier part) for a peer, ports resolved on named-port signature `np`
   * (the destination's): by class, else by the peer's match pattern; undefined when it must be
   * computed (then `keep` it).
   */
  const cached = <R>(f: Factor<R>, peer: number, np: number): R | undefined => {
    const n = f.usesNamed ? np : 0;
    const key = classOf(st, atoms, f, peer) * NP + n;
    let r = f.results.get(key);
    if (r === undefined) {
      const sk = patternOf(cache, st, atoms, f, peer, n);
      r = f.store.get(sk);
      if (r !== undefined) f.results.set(key, r);
      else {
        missKey = key;
        missPattern = sk;
        missNp = n;
      }
    }
    return r;
  };
  const keep = <R>(f: Factor<R>, r: R): R => {
    f.store.set(missPattern, r);
    f.results.set(missKey, r);
    computed++;
    return r;
  };
  const partOf = (f: Factor<FirstMatch> | undefined, peer: number, np: number): FirstMatch | undefined => {
    if (!f) return undefined;
    const was = cached(f, peer, np);
    if (was !== undefined) return was;
    const policies = split(f.policies)[f.tier === 'Admin' ? 'admin' : 'baseline'];
    const matched = matchedRules(policies, f.dir, members[peer] as Member, ctx);
    // one part per sequence of rules matched (and named ports, where a matched rule names them)
    const key = matchedKey(cache, policies, f.dir, matched, missNp);
    let part = cache.alikeParts.get(key);
    if (!part) {
      const steps: TierStep[] = [];
      const dst = cache.npPorts[missNp] ?? [];
      const left = firstMatchOf(policies, f.dir, matched, dst, ALL_CONNS, steps);
      // and one object per content: other matches often end in the same steps (nothing
      // decided is the tables' part 0, NO_PART)
      if (steps.length === 0 && left === ALL_CONNS) part = NO_PART;
      else {
        const content = partKey(steps, left);
        part = cache.alikeParts.get(content);
        if (!part) cache.alikeParts.set(content, (part = { steps, left }));
      }
      cache.alikeParts.set(key, part);
    }
    return keep(f, part);
  };
  const resultOf = (f: Factor, peer: number, np: number): DirectionResult => {
    const t = f.parts;
    if (!t) {
      const was = cached(f, peer, np);
      if (was !== undefined) return was;
      // (right after the peer's pattern: its bits say which rules match it)
      const plan = planOf(cache, f);
      const policies = f.policies as CompiledPolicy[];
      const ports = cache.npPorts[missNp] ?? [];
      if (!plan) return keep(f, evaluateDirection(policies, f.dir, members[peer] as Member, ports, ctx));
      const hk = hitsKey(cache, plan, missNp);
      let r = plan.alike.get(hk);
      if (r === undefined) plan.alike.set(hk, (r = evaluateKnown(policies, f.dir, plan, ports)));
      return keep(f, r);
    }
    // with cluster policies: combined from the tiers' parts (memoised by the parts)
    const np0 = t.np && resultOf(t.np, peer, np);
    const c = combine(t, partOf(t.admin, peer, np), np0, np0 ? undefined : partOf(t.baseline, peer, np));
    if (c.fresh) computed++;
    return c.result;
  };
  const egress = (i: number, j: number): DirectionResult => {
    const f = egressOf[i];
    return f ? resultOf(f, j, st.npOf[j] as number) : NOT_ISOLATED;
  };
  const ingress = (i: number, j: number): DirectionResult => {
    const f = ingressOf[j];
    return f ? resultOf(f, i, st.npOf[j] as number) : NOT_ISOLATED;
  };
  const used = (): Factor[] => [...selection.refs.keys()];

  return {
    network,
    members,
    verdict(i, j) {
      const e = egress(i, j);
      const n = ingress(i, j);
      return { allowed: intersectConns(directionAllowed(e), directionAllowed(n)), egress: e, ingress: n };
    },
    egress,
    ingress,
    evaluated: () => computed,
    prepareAll() {
      // the named-port signatures each factor resolves ports on: egress, its peers' (any);
      // ingress, its subjects' (a tier's factor: the subjects of every factor holding it)
      const subjectNps = selection.subjectNps;
      const peersOf = (f: Factor<unknown>, named: boolean) =>
        allPeers({ cache, st, atoms, presence, f, named, npCount: cache.npPorts.length });
      const complete = (f: Factor<unknown>): boolean => {
        if (f.done !== presence.serial) return false;
        if (f.dir === 'egress' || !f.usesNamed) return f.doneNps.includes(0);
        for (const np of subjectNps.get(f) ?? []) if (!f.doneNps.includes(np)) return false;
        return true;
      };
      const prepare = (f: Factor<unknown>) => {
        const fill = (m: number, np: number) =>
          f.tier === 'whole' ? resultOf(f as Factor, m, np) : partOf(f as Factor<FirstMatch>, m, np);
        const egressNamed = f.dir === 'egress' && f.usesNamed;
        const nps = f.dir === 'ingress' && f.usesNamed ? [...(subjectNps.get(f) ?? [])] : [0];
        if (f.done !== presence.serial) {
          if (f.done > 0 && f.done === presence.parent?.serial) {
            // complete for the previous layout: only the classes this one brings
            for (const np of f.doneNps)
              for (const m of presence.parent.added) fill(m, egressNamed ? (st.npOf[m] as number) : np);
          } else {
            f.doneNps.length = 0;
            const peers = peersOf(f, egressNamed);
            for (const np of nps) {
              for (const m of peers) fill(m, egressNamed ? (st.npOf[m] as number) : np);
              f.doneNps.push(np);
            }
          }
          f.done = presence.serial;
        }
        // subjects with named ports not seen before: every class for them
        for (const np of nps) {
          if (f.doneNps.includes(np)) continue;
          for (const m of peersOf(f, false)) fill(m, np);
          f.doneNps.push(np);
        }
      };
      // a factor with cluster policies needs only its tiers' tables: its result for a class is
      // their parts combined when asked (here by `resultOf`, in views by `CompactReader`). An
      // edit leaves most tables complete: a check each, no lists built.
      const round = ++prepareRound;
      const visit = (f: Factor<unknown> | undefined) => {
        if (!f || f.prepared === round) return;
        f.prepared = round;
        if (!complete(f)) prepare(f);
      };
      eachTableFactor(selection.refs.keys(), visit);
    },
    tableSize() {
      const factors = tablesOf(used());
      let results = 0;
      for (const f of factors) results += f.results.size;
      return { factors: factors.length, results };
    },
    compact(resultIndex, partIndex) {
      // the tables (tablesOf order), then the factors with tiers, in the order used; each
      // factor's index kept on it (a map from factor to index cost 60 ms at 50,000 endpoints)
      const factors = shippedOrder(used());
      const at = (f: Factor<unknown> | undefined) => (f ? f.shipped : -1);
      return {
        groupOf: st.groupOf,
        slotOf: st.slotOf,
        atomOf: st.atomOf,
        npOf: st.npOf,
        kindOf: ints(st.groupOf.length, (i) => st.kindOf[st.groupOf[i] as number] ?? 0),
        nsKindOf: nsKindsOf(cache, st.slotOf),
        egressOf: ints(egressOf.length, (i) => at(egressOf[i])),
        ingressOf: ints(ingressOf.length, (i) => at(ingressOf[i])),
        factors: factors.map((f) => {
          const t = f.parts;
          if (t)
            // no classes of its own: a result is its tiers' parts combined
            return {
              tier: f.tier,
              tiers: {
                admin: at(t.admin),
                np: at(t.np),
                baseline: at(t.baseline),
                meta: metaOfTiers(t),
              },
              usesNamed: f.usesNamed,
              nsSpan: 1,
              selSpan: 1,
              sel: EMPTY,
              kinds: EMPTY,
              ns: EMPTY,
              nsKinds: EMPTY,
              ip: EMPTY,
              keys: NO_KEYS,
              values: EMPTY,
            };
          const { sel, kinds } = shippedSel(f.selTable);
          const ns = shippedNs(cache, f);
          const keys = new Float64Array(f.results.size);
          const values = new Int32Array(f.results.size);
          let r = 0;
          // (forEach: an iterator's [key, value] pair per entry is 100,000 arrays at 50,000)
          if (f.tier === 'whole')
            f.results.forEach((res, key) => {
              keys[r] = key;
              values[r++] = resultIndex(res as DirectionResult);
            });
          else
            f.results.forEach((res, key) => {
              keys[r] = key;
              values[r++] = partIndex(res as FirstMatch);
            });
          return {
            tier: f.tier,
            usesNamed: f.usesNamed,
            nsSpan: f.nsKeys.size,
            selSpan: f.selSpan,
            sel,
            kinds,
            ns: ns.pairs,
            nsKinds: ns.kinds,
            ip: ipOf(f, atoms),
            keys,
            values,
          };
        }),
      };
    },
    directionRows() {
      const { results, idOf } = resultNumbering();
      const rowIds = new Map<Factor, Map<number, number>>();
      const rows: Int32Array[] = [];
      const rowOf = (f: Factor | undefined, np: number): number => {
        if (!f) return -1;
        let byNp = rowIds.get(f);
        if (!byNp) rowIds.set(f, (byNp = new Map()));
        const k = f.dir === 'egress' || !f.usesNamed ? 0 : np;
        let row = byNp.get(k);
        if (row === undefined) {
          row = rows.length;
          byNp.set(k, row);
          rows.push(
            ints(members.length, (m) =>
              idOf(resultOf(f, m, f.dir === 'egress' ? (st.npOf[m] as number) : k)),
            ),
          );
        }
        return row;
      };
      const egressRow = ints(members.length, (i) => rowOf(egressOf[i], 0));
      const ingressRow = ints(members.length, (j) => rowOf(ingressOf[j], st.npOf[j] as number));
      return { egressRow, ingressRow, rows, results };
    },
    classCount() {
      // a factor with tiers tells peers apart by its tiers' classes
      const index = new Map(used().map((f, k) => [f, k]));
      const at = (f: Factor | undefined) => (f ? (index.get(f) as number) : -1);
      const subject = (i: number) => `${at(egressOf[i])},${at(ingressOf[i])},${st.npOf[i]}`;
      return countClasses(cache, st, atoms, members.length, subject, tablesOf(used()));
    },
  };
}

/**
 * Shared by the tables of factors with tiers (three in four at 50,000 endpoints): an array each
 * cost as much as the rest of the factor. Never written: tables are read-only.
 */
const EMPTY = new Int32Array(0);
const NO_KEYS = new Float64Array(0);
/** Marks the tables `prepareAll` visited (each once per call). */
let prepareRound = 0;

/** Each factor without tiers, and the tiers' factors (some absent) of the others, in order. */
function eachTableFactor(factors: Iterable<Factor>, visit: (f: Factor<unknown> | undefined) => void): void {
  for (const f of factors) {
    const t = f.parts;
    if (!t) visit(f);
    else {
      visit(t.admin);
      visit(t.np);
      visit(t.baseline);
    }
  }
}

/** The factors whose tables hold results: each factor without tiers, and the tiers' factors of the others. */
function tablesOf(factors: readonly Factor[]): Factor<unknown>[] {
  const out = new Set<Factor<unknown>>();
  eachTableFactor(factors, (f) => {
    if (f) out.add(f);
  });
  return [...out];
}

/**
 * The compact tables' factors: `tablesOf(used)`, then the factors with tiers in the order used
 * (a factor with tiers is no tier's factor), each one's index set as its `shipped`.
 */
function shippedOrder(used: readonly Factor[]): Factor<unknown>[] {
  const each = (visit: (f: Factor<unknown> | undefined) => void) => {
    eachTableFactor(used, visit);
    for (const f of used) if (f.parts) visit(f);
  };
  // unmark, then number each factor the first time it comes
  each((f) => {
    if (f) f.shipped = -1;
  });
  const factors: Factor<unknown>[] = [];
  each((f) => {
    if (f && f.shipped < 0) f.shipped = factors.push(f) - 1;
  });
  return factors;
}
