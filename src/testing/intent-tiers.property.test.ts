import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/analyze';
import { NO_CONNS, equalConns, unionConns, type ConnSet } from '../engine/conn';
import { applyPolicies, generatePlan, printedPolicies } from '../engine/generate/index';
import { lineConns } from '../engine/generate/resolve';
import { verifyPlan } from '../engine/generate/verify';
import { layoutNetworks } from '../engine/networks';
import { dumpObject } from '../io/design';
import { parseIntent } from '../io/intent';
import { parseManifests, parseObjects } from '../io/k8s-to-model';
import { policyObject } from '../io/policy-k8s';
import { DEFAULT_NETWORK, endpointLabel, type Model } from '../model/types';
import { generateCluster } from './generate';
import { withUdns } from './generate-udn';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP', 'any'] as const;
type Pick = { a: number; b: number; net: number; proto: number; port: number };

function intentText(model: Model, picks: readonly Pick[]): string {
  const layout = layoutNetworks(model);
  const nets = [...layout.members.keys()].sort();
  const keyOf = (id: string) => (id === DEFAULT_NETWORK ? id : (layout.networks.get(id)?.nads[0]?.key ?? id));
  const allow: Record<string, unknown>[] = [];
  for (const p of picks) {
    const net = nets[p.net % nets.length] as string;
    const members = (layout.members.get(net) ?? []).map((m) => m.endpoint);
    const src = members[p.a % members.length];
    const dst = members[p.b % members.length];
    if (!src || !dst || src.id === dst.id || (src.kind === 'External' && dst.kind === 'External')) continue;
    const protocol = PROTOCOLS[p.proto % PROTOCOLS.length] as string;
    const ports = protocol === 'ICMP' || protocol === 'any' || p.port % 4 === 0 ? {} : { port: p.port };
    allow.push({ from: endpointLabel(src), to: endpointLabel(dst), network: keyOf(net), protocol, ...ports });
  }
  return dump({ allow });
}

/**
 * Issue 17, item 5: designs with primary UDNs (locked default attachments, NetworkPolicy on the
 * UDN) and cluster policies (Admin and Baseline tiers decide around the generated policies).
 */
describe('generate with primary UDNs and cluster policies (fast-check, fixed seed)', () => {
  it('the generator predicts the engine through the tiers; every difference is reported with its verdict', () => {
    const reasons = new Set<string>();
    let udnRuns = 0;
    let adminLines = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 6, max: 16 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.array(
          fc.record({
            a: fc.nat(50),
            b: fc.nat(50),
            net: fc.nat(7),
            proto: fc.nat(9),
            port: fc.integer({ min: 1, max: 9000 }),
          }),
          { maxLength: 10 },
        ),
        (seed, endpoints, policies, adminPolicies, udn, picks) => {
          const base = generateCluster(seed, { endpoints, policies, adminPolicies, namespaces: 5 });
          const objs = udn ? withUdns(base, seed) : base;
          const model = parseObjects(objs).model;
          const text = intentText(model, picks);
          const context = () =>
            `\n--- seed ${seed}, intent ---\n${text}--- design ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`;
          const parsed = parseIntent(text, 'intent.yaml');
          const { plan } = generatePlan(model, parsed.intent as NonNullable<typeof parsed.intent>, {
            dns: false,
          });
          if (!plan) throw new Error(`no plan${context()}`);
          const yaml = printedPolicies(plan)
            .map((p) => `---\n${dumpObject(policyObject(p))}`)
            .join('');
          const back = parseManifests([{ text: yaml, file: 'out.yaml' }]);
          const final = applyPolicies(model, plan, back.model.policies);
          const v = verifyPlan(final, plan);
          expect(v.mispredicted, context()).toEqual([]);
          if (udn) udnRuns++;
          // every difference between the intent and the engine is reported, with the engine's verdict
          const layout = layoutNetworks(final);
          const wanted = new Map<string, ConnSet>();
          for (const l of parsed.intent?.allow ?? []) {
            const netId =
              l.network === DEFAULT_NETWORK ? l.network : layout.nadToNetwork.get(l.network ?? '');
            const k = `${netId}|${l.from}|${l.to}`;
            wanted.set(k, unionConns(wanted.get(k) ?? NO_CONNS, lineConns(l)));
          }
          const differ = new Map<string, ConnSet>();
          for (const c of analyze(final).connections) {
            const netId = c.network === DEFAULT_NETWORK ? c.network : layout.nadToNetwork.get(c.network);
            const k = `${netId}|${c.from}|${c.to}`;
            if (!equalConns(wanted.get(k) ?? NO_CONNS, c.allowed))
              differ.set(`${c.network}|${c.from}|${c.to}`, c.allowed);
          }
          const reported = new Map<string, ConnSet>();
          for (const line of v.lines)
            for (const p of line.pairs) reported.set(`${p.network}|${p.from}|${p.to}`, p.allowed);
          for (const p of v.unexplained) reported.set(`${p.network}|${p.from}|${p.to}`, p.allowed);
          expect([...reported.keys()].sort(), context()).toEqual([...differ.keys()].sort());
          for (const [k, allowed] of differ)
            expect(equalConns(reported.get(k) ?? NO_CONNS, allowed), `${k}${context()}`).toBe(true);
          expect(v.exact).toBe(differ.size === 0);
          for (const line of v.lines)
            for (const r of line.reasons) {
              if (/Admin tier/.test(r)) adminLines++;
              reasons.add(
                /Admin tier/.test(r)
                  ? 'admin'
                  : /UDN|locked/.test(r)
                    ? 'udn'
                    : /ICMP/.test(r)
                      ? 'icmp'
                      : 'other',
              );
            }
        },
      ),
      { seed: 20261201, numRuns: 80 },
    );
    expect(udnRuns).toBeGreaterThan(20);
    expect(adminLines).toBeGreaterThan(0);
    expect(reasons.has('admin')).toBe(true);
  }, 180_000);
});
