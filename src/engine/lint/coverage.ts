import { rangeWithin, type AddrRange } from '../cidr';
import type { CompiledPeer, CompiledPort, CompiledRule } from '../compile';
import { subtract } from '../ports';
import { isEmptySelector } from '../selectors';

function overlaps(a: AddrRange, b: AddrRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

function portCovered(a: CompiledPort, bs: readonly CompiledPort[]): boolean {
  return bs.some((b) => {
    if (b.protocol !== a.protocol) return false;
    if (b.kind === 'set')
      return a.kind === 'set'
        ? subtract(a.set, b.set).length === 0
        : b.set.length === 1 && b.set[0]?.[0] === 1 && b.set[0]?.[1] === 65535;
    return a.kind === 'named' && a.name === b.name;
  });
}

function clip(x: AddrRange, to: AddrRange): AddrRange {
  return {
    family: x.family,
    start: x.start > to.start ? x.start : to.start,
    end: x.end < to.end ? x.end : to.end,
  };
}

function peerCovered(a: CompiledPeer, bs: readonly CompiledPeer[]): boolean {
  if (a.kind === 'nothing') return true;
  return bs.some((b) => {
    if (a.kind === 'ipBlock' && b.kind === 'ipBlock') {
      // a ⊆ b iff a.cidr ⊆ b.cidr and every part of b's excepts inside a.cidr is excepted by a too
      return (
        rangeWithin(a.cidr, b.cidr) &&
        b.except.every((x) => !overlaps(x, a.cidr) || a.except.some((y) => rangeWithin(clip(x, a.cidr), y)))
      );
    }
    if (a.kind === 'selector' && b.kind === 'selector') {
      if (peerKey(a) === peerKey(b)) return true;
      const bAllPods = !b.podSelector || isEmptySelector(b.podSelector);
      if (b.namespaceSelector && isEmptySelector(b.namespaceSelector) && bAllPods) return true; // every pod everywhere
      if (!b.namespaceSelector && bAllPods && !a.namespaceSelector) return true; // every pod of the policy's namespace
    }
    return false;
  });
}

/** Is every connection rule `a` admits also admitted by rule `b` (syntactically)? */
export function ruleCovered(a: CompiledRule, b: CompiledRule): boolean {
  const portsOk =
    b.ports === 'all' ||
    (a.ports !== 'all' && a.ports.every((p) => portCovered(p, b.ports as readonly CompiledPort[])));
  const peersOk =
    b.peers === 'all' ||
    (a.peers !== 'all' && a.peers.every((p) => peerCovered(p, b.peers as readonly CompiledPeer[])));
  return portsOk && peersOk;
}

const keys = new WeakMap<CompiledPeer, string>();

/** A selector peer's identity (memoised: comparing two peers must not re-serialise them). */
function peerKey(p: CompiledPeer): string {
  let k = keys.get(p);
  if (k === undefined) {
    k = JSON.stringify(p); // selector peers only: no bigint inside
    keys.set(p, k);
  }
  return k;
}

/** A selector peer that `peerCovered` may count as covering any selector peer. */
function broadSelector(b: CompiledPeer): boolean {
  if (b.kind !== 'selector') return false;
  const allPods = !b.podSelector || isEmptySelector(b.podSelector);
  return allPods && (!b.namespaceSelector || isEmptySelector(b.namespaceSelector));
}

/** Host bits of a prefix-aligned range (its size is 2^host). */
function hostBits(r: AddrRange): number {
  let host = 0;
  for (let size = r.end - r.start + 1n; size > 1n; size >>= 1n) host++;
  return host;
}

/** Rules by the CIDRs of their ipBlock peers: family and host bits, then network start. */
class CidrIndex {
  private readonly byLen = new Map<string, Map<bigint, CompiledRule[]>>();

  add(cidr: AddrRange, r: CompiledRule): void {
    const k = `${cidr.family}/${hostBits(cidr)}`;
    let m = this.byLen.get(k);
    if (!m) this.byLen.set(k, (m = new Map()));
    const l = m.get(cidr.start);
    if (!l) m.set(cidr.start, [r]);
    else if (l[l.length - 1] !== r) l.push(r);
  }

  /** Lists of rules with a CIDR that contains `r`: one lookup per prefix length in use. */
  containing(r: AddrRange): CompiledRule[][] {
    const own = hostBits(r);
    const out: CompiledRule[][] = [];
    for (const [k, m] of this.byLen) {
      const [family, host] = k.split('/').map(Number) as [number, number];
      if (family !== r.family || host < own) continue;
      const l = m.get(r.start & ~((1n << BigInt(host)) - 1n));
      if (l) out.push(l);
    }
    return out;
  }
}

const covering = (a: CompiledRule, b: CompiledRule): boolean =>
  b.index !== a.index && ruleCovered(a, b) && !(ruleCovered(b, a) && b.index > a.index);

/**
 * `(a) => the first rule b (in order) that covers rule a`, exactly as a scan of every pair
 * would find it, without the scan: a rule can only cover `a` if it covers a's first real peer,
 * so candidates come from an index of peers (same selector, a broad selector, a CIDR that
 * contains a's, or all peers). Keeps linting a policy of 10,000 rules linear in practice.
 * Below `scanBelow` rules the scan is what runs: most policies have a few rules, and the index
 * cost them more than the pairs (2,000 policies at 10,000 endpoints).
 */
export function coverFinder(
  rules: readonly CompiledRule[],
  scanBelow = 12,
): (a: CompiledRule) => CompiledRule | undefined {
  if (rules.length < scanBelow) return (a) => rules.find((b) => covering(a, b));
  const bySelector = new Map<string, CompiledRule[]>();
  const byCidr = new CidrIndex();
  const general: CompiledRule[] = []; // all peers, or a broad selector peer
  const add = (m: Map<string, CompiledRule[]>, k: string, r: CompiledRule): void => {
    const l = m.get(k);
    if (l) {
      if (l[l.length - 1] !== r) l.push(r);
    } else m.set(k, [r]);
  };
  for (const r of rules) {
    if (r.peers === 'all' || r.peers.some(broadSelector)) {
      general.push(r);
      continue;
    }
    for (const p of r.peers) {
      if (p.kind === 'selector') add(bySelector, peerKey(p), r);
      else if (p.kind === 'ipBlock') byCidr.add(p.cidr, r);
    }
  }
  const candidates = (a: CompiledRule): readonly CompiledRule[] => {
    if (a.peers === 'all') return general;
    const first = a.peers.find((p) => p.kind !== 'nothing');
    if (!first) return rules;
    const lists =
      first.kind === 'selector'
        ? [general, bySelector.get(peerKey(first)) ?? []]
        : first.kind === 'ipBlock'
          ? [general, ...byCidr.containing(first.cidr)]
          : [rules];
    const some = lists.filter((l) => l.length > 0);
    // each list is in rule order already; only a merge of several needs a sort
    if (some.length <= 1) return some[0] ?? [];
    return [...new Set(some.flat())].sort((x, y) => x.index - y.index);
  };
  return (a) => candidates(a).find((b) => covering(a, b));
}
