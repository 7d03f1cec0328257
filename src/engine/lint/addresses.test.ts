import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointId } from '../../model/ids';
import type { Endpoint, IpSource } from '../../model/types';
import type { Member, ParsedIp } from '../networks';
import { AddressIndex, DYNAMIC_IP, POD } from './addresses';

/**
 * `AddressIndex` answers range scans from sorted typed tables, filtering members by bits made
 * once. On random members (one or several addresses of both families, shared addresses,
 * externals, every address source) each scan must give what a plain filter of every member's
 * addresses sorted by address gives: each member once, at its first address in the range.
 */
const SOURCES: IpSource[] = [
  'status',
  'network-status',
  'annotation',
  'ipam-simulated',
  'vmi-status',
  'user',
];

const ip = fc.oneof(
  fc.nat(40).map((v): ParsedIp => ({ text: `10.0.0.${v}`, family: 4, value: 167772160n + BigInt(v) })),
  fc.nat(40).map((v): ParsedIp => ({
    text: `fd00::${v.toString(16)}`,
    family: 6,
    value: (0xfd00n << 112n) + BigInt(v),
  })),
);

const member = fc.record({
  external: fc.boolean(),
  ips: fc.array(ip, { minLength: 1, maxLength: 3 }),
  source: fc.constantFrom(...SOURCES),
});

const needs = fc.constantFrom(0, POD, DYNAMIC_IP, POD | DYNAMIC_IP);

function members(list: { external: boolean; ips: ParsedIp[]; source: IpSource }[]): Member[] {
  return list.map((x, k) => {
    const endpoint = {
      kind: x.external ? 'External' : 'Pod',
      id: x.external ? endpointId('External', '', `e${k}`) : endpointId('Pod', 'ns', `p${k}`),
    } as Endpoint;
    return { endpoint, index: k, nad: 'default', ips: x.ips, ipSource: x.source };
  });
}

/** The scan as a filter of every address, sorted by address (stable), each member once. */
function expected(
  ms: Member[],
  family: 4 | 6,
  start: bigint,
  end: bigint,
  need: number,
  odd: boolean,
): number[] {
  const all = ms.flatMap((m, slot) => m.ips.filter((x) => x.family === family).map((x) => ({ x, slot, m })));
  all.sort((a, b) => (a.x.value < b.x.value ? -1 : a.x.value > b.x.value ? 1 : 0));
  const out: number[] = [];
  for (const { x, slot, m } of all) {
    if (x.value < start || x.value > end || out.includes(slot)) continue;
    const bits =
      (m.endpoint.kind !== 'External' ? POD : 0) |
      (['status', 'network-status', 'ipam-simulated', 'vmi-status'].includes(m.ipSource) ? DYNAMIC_IP : 0);
    if ((bits & need) === need && (!odd || m.index % 2 === 1)) out.push(slot);
  }
  return out;
}

describe('AddressIndex', () => {
  it('gives the members and slots a filter of every address finds, in address order', () => {
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 30 }),
        fc.constantFrom(4 as const, 6 as const),
        fc.nat(45),
        fc.nat(45),
        needs,
        fc.boolean(),
        (list, family, a, b, need, odd) => {
          const ms = members(list);
          const base = family === 4 ? 167772160n : 0xfd00n << 112n;
          const [start, end] = [base + BigInt(Math.min(a, b)), base + BigInt(Math.max(a, b))];
          const include = odd ? (m: Member) => m.index % 2 === 1 : undefined;
          const index = AddressIndex.of(ms);
          const want = expected(ms, family, start, end, need, odd);
          expect([...index.slotsIn(family, start, end, need, include)]).toEqual(want);
          expect(index.membersIn(family, start, end, need, include)).toEqual(want.map((s) => ms[s]));
        },
      ),
      { numRuns: 500 },
    );
  });
});
