import { endpointId } from '../../model/ids';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint, LabelSelector } from '../../model/types';
import { parseCidr } from '../cidr';
import type { CompiledPeer } from '../compile';
import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { atomOf, newAtoms, slot } from './atoms';
import { ClassCache } from './cache';
import { classKey, CompactReader, NO_PART, resultNumbering } from './compact';
import { intern, labelKey, selectorKey, sortStrings } from './features';
import { byNamespace, refresh } from './presence';
import type { CompactFactor, CompactTables } from './types';

const ctx: EvalContext = { networkId: 'default', namespaceLabels: (ns) => ({ team: ns }) };

function member(ns: string, name: string, labels: Record<string, string>, ip?: string): Member {
  const e: Endpoint = {
    id: endpointId('Pod', ns, name),
    kind: 'Pod',
    sourceKind: 'Pod',
    name,
    namespace: ns,
    labels,
    attachments: [],
    namedPorts: [],
    hostNetwork: false,
  };
  const r = ip ? parseCidr(`${ip}/32`) : undefined;
  return {
    endpoint: e,
    index: 0,
    nad: 'default',
    ips: r?.ok ? [{ text: ip as string, family: 4, value: r.range.start }] : [],
    ipSource: ip ? 'status' : 'none',
  };
}

function ipPeer(cidr: string, except: string[] = []): Extract<CompiledPeer, { kind: 'ipBlock' }> {
  const range = (t: string) => {
    const p = parseCidr(t);
    if (!p.ok) throw new Error(t);
    return p.range;
  };
  return { kind: 'ipBlock', cidr: range(cidr), except: except.map(range) };
}

describe('features: keys', () => {
  it('labelKey ignores label order and tells workloads, externals and host-network apart', () => {
    expect(labelKey('a', 'Pod', false, { x: '1', y: '2' })).toBe(
      labelKey('a', 'VM', false, { y: '2', x: '1' }),
    );
    expect(labelKey('a', 'Pod', false, {})).not.toBe(labelKey('a', 'Pod', true, {}));
    expect(labelKey('a', 'Pod', false, {})).not.toBe(labelKey('a', 'External', false, {}));
  });
  it('selectorKey is independent of matchLabels order', () => {
    expect(selectorKey({ matchLabels: { a: '1', b: '2' } })).toBe(
      selectorKey({ matchLabels: { b: '2', a: '1' } }),
    );
    expect(selectorKey({ matchLabels: { a: '1' } })).not.toBe(selectorKey({ matchLabels: { a: '2' } }));
  });
  it('selectorKey is the JSON of sorted matchLabels pairs and the expressions (random selectors)', () => {
    const word = fc.constantFrom('app', 'tier', 'a"b', 'zone\\x', '', 'é', 'Z');
    const selector = fc.record(
      {
        matchLabels: fc.dictionary(word, word, { maxKeys: 4 }),
        matchExpressions: fc.array(
          fc.record({
            key: word,
            operator: fc.constantFrom('In', 'NotIn', 'Exists'),
            values: fc.array(word),
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    const oracle = (sel: LabelSelector) =>
      JSON.stringify([
        Object.keys(sel.matchLabels ?? {})
          .sort()
          .map((k) => [k, (sel.matchLabels ?? {})[k]]),
        sel.matchExpressions ?? [],
      ]);
    fc.assert(
      fc.property(selector, (sel) => {
        expect(selectorKey(sel as LabelSelector)).toBe(oracle(sel as LabelSelector));
      }),
      { numRuns: 500, seed: 5 },
    );
  });
  it('intern numbers keys in order of first sight', () => {
    const m = new Map<string, number>();
    expect([intern(m, 'x'), intern(m, 'y'), intern(m, 'x')]).toEqual([0, 1, 0]);
  });
});

describe('atoms', () => {
  it('slot finds the interval between cuts', () => {
    expect([
      slot([10n, 20n], 5n),
      slot([10n, 20n], 10n),
      slot([10n, 20n], 19n),
      slot([10n, 20n], 25n),
    ]).toEqual([0, 1, 1, 2]);
  });
  it('members alike for every ipBlock share an atom; bits say which peers match', () => {
    const peers = [
      { key: 'p1', peer: ipPeer('10.0.0.0/8', ['10.1.0.0/16']), ns: 'a' },
      { key: 'p2', peer: ipPeer('10.1.2.0/24'), ns: 'a' },
    ];
    const atoms = newAtoms('k', peers);
    const ids = ['10.0.0.1', '10.0.0.2', '10.1.2.3', '10.1.9.9', '192.168.0.1'].map((ip) =>
      atomOf(atoms, member('a', ip, {}, ip), ctx),
    );
    expect(ids).toEqual([0, 0, 1, 2, 3]);
    expect(atoms.bits).toEqual(['10', '01', '00', '00']);
  });
});

describe('members by namespace', () => {
  it('groups member indices by namespace in order of first sight, ascending within', () => {
    const ms = ['a', 'b', 'a', 'c', 'b', 'a'].map((ns, i) => member(ns, `p${i}`, {}));
    expect([...byNamespace(ms)]).toEqual([0, 2, 5, 1, 4, 3]);
    expect([...byNamespace([])]).toEqual([]);
  });
  it('the layout numbers label groups namespace by namespace', () => {
    const ms = ['a', 'b', 'a', 'b'].map((ns, i) => member(ns, `p${i}`, { app: `x${i}` }));
    const cache = new ClassCache();
    const st = cache.net('default');
    refresh(cache, st, ms, '', [], ctx);
    expect([...st.order]).toEqual([0, 2, 1, 3]);
    expect([...st.groupOf]).toEqual([0, 2, 1, 3]);
  });
});

describe('ClassCache', () => {
  it('groups endpoints by namespace and labels, and features match groups', () => {
    const cache = new ClassCache();
    cache.begin('k', ctx.namespaceLabels);
    const a1 = member('a', 'p1', { app: 'web' });
    const a2 = member('a', 'p2', { app: 'web' });
    const a3 = member('a', 'p3', { app: 'db' });
    const b1 = member('b', 'p1', { app: 'web' });
    const g = [a1, a2, a3, b1].map((m) => cache.groupOf(m));
    expect(g).toEqual([0, 0, 1, 2]);
    const web = cache.feature({ podSelector: { matchLabels: { app: 'web' } } }, 'a');
    cache.ensure(web);
    expect([0, 1, 2].map((x) => cache.matches(web, x))).toEqual([true, false, false]);
    const nsB = cache.feature({ namespaceSelector: { matchLabels: { team: 'b' } } }, 'a');
    expect(nsB.nsWide).toBe(true);
    expect([0, 1, 2].map((x) => cache.matches(nsB, x))).toEqual([false, false, true]);
    // equal selectors share one feature
    expect(cache.feature({ podSelector: { matchLabels: { app: 'web' } } }, 'a')).toBe(web);
  });
});

describe('compact tables', () => {
  it('resultNumbering gives 0 to "not isolated" and one number per isolated result', () => {
    const { results, idOf } = resultNumbering();
    const r = {
      isolated: true as const,
      policies: [],
      rules: [],
      allowed: { TCP: [], UDP: [], SCTP: [], ICMP: false },
    };
    expect([idOf({ isolated: false }), idOf(r), idOf(r)]).toEqual([0, 1, 1]);
    expect(results.length).toBe(2);
  });
  it('CompactReader reads a pair through the deciding factor and the peer class', () => {
    // two members; member 0's egress decided by factor 0, which puts member 1 (group 1) in selector class 1
    const f: CompactFactor = {
      tier: 'whole',
      usesNamed: false,
      nsSpan: 1,
      selSpan: 2,
      sel: Int32Array.from([1, 1]),
      kinds: new Int32Array(0),
      ns: new Int32Array(0),
      nsKinds: new Int32Array(0),
      ip: Int32Array.from([0]),
      keys: Float64Array.from([classKey(0, 1, 0, 2, 1) * (1 << 16)]),
      values: Int32Array.from([7]),
    };
    const t: CompactTables = {
      groupOf: Int32Array.from([0, 1]),
      slotOf: Int32Array.from([1, 1]),
      atomOf: Int32Array.from([0, 0]),
      npOf: Int32Array.from([0, 0]),
      kindOf: Int32Array.from([0, 0]),
      nsKindOf: Int32Array.from([0, 0]),
      egressOf: Int32Array.from([0, -1]),
      ingressOf: Int32Array.from([-1, -1]),
      factors: [f],
    };
    const reader = new CompactReader(t, [], [NO_PART]);
    expect(reader.lookup(0, 1)).toEqual({ egress: 7, ingress: 0 });
    expect(reader.lookup(1, 0)).toEqual({ egress: 0, ingress: 0 });
  });
});

describe('sortStrings', () => {
  it('orders as the built-in sort (code units), including non-ASCII and equal strings', () => {
    expect(sortStrings(['tier', 'app', 'Zeta', 'äpp', 'app', ''])).toEqual([
      '',
      'Zeta',
      'app',
      'app',
      'tier',
      'äpp',
    ]);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 12 }), (xs) => {
        expect(sortStrings([...xs])).toEqual([...xs].sort());
      }),
    );
  });
});
