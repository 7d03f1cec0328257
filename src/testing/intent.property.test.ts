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
import { generateCluster, type Obj } from './generate';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP', 'any'] as const;
type Pick = { a: number; b: number; net: number; proto: number; port: number; span: number };

/** A random intent over the model's pairs: shared networks, every protocol, ports and ranges. */
function intentText(model: Model, picks: readonly Pick[], coverSome: number): string {
  const layout = layoutNetworks(model);
  const nets = [...layout.members.keys()].sort();
  const keyOf = (id: string) => (id === DEFAULT_NETWORK ? id : (layout.networks.get(id)?.nads[0]?.key ?? id));
  const covered = coverSome ? nets.filter((_, k) => (coverSome >> k) & 1) : nets;
  const onNet = (id: string) => new Set((layout.members.get(id) ?? []).map((m) => m.endpoint.id));
  const allow: Record<string, unknown>[] = [];
  for (const p of picks) {
    if (covered.length === 0) break;
    const net = covered[p.net % covered.length] as string;
    const members = [...onNet(net)];
    const src = model.endpoints.find((e) => e.id === members[p.a % members.length]);
    const dst = model.endpoints.find((e) => e.id === members[p.b % members.length]);
    if (!src || !dst || src.id === dst.id || (src.kind === 'External' && dst.kind === 'External')) continue;
    const protocol = PROTOCOLS[p.proto % PROTOCOLS.length] as string;
    const ports =
      protocol === 'ICMP' || protocol === 'any' || p.port % 4 === 0
        ? {}
        : { port: p.port, ...(p.span % 3 === 0 ? { endPort: p.port + p.span } : {}) };
    allow.push({ from: endpointLabel(src), to: endpointLabel(dst), network: keyOf(net), protocol, ...ports });
  }
  return dump({ ...(coverSome ? { networks: covered.map(keyOf) } : {}), allow });
}

/** Copies of the first pods with the same labels: no selector tells them apart. */
function withTwins(objs: Obj[], n: number): Obj[] {
  const pods = objs.filter((o) => o.kind === 'Pod').slice(0, n);
  return [
    ...objs,
    ...pods.map((o, k) => {
      const meta = o.metadata as Obj;
      return {
        ...o,
        metadata: {
          name: `${String(meta.name)}-twin`,
          namespace: meta.namespace,
          labels: meta.labels,
          // every other twin has no address, also on the network without subnets: nothing can name it there
          ...(k % 2 ? { annotations: { 'k8s.v1.cni.cncf.io/networks': 'ns0/flat' } } : {}),
        },
        ...(k % 2 ? { status: {} } : { status: { podIP: `10.99.0.${k + 1}` } }),
      };
    }),
  ];
}

describe('generate: random designs and intents → policies → engine (fast-check, fixed seed)', () => {
  it('exact on every pair, protocol and port, or the reported lines say exactly what differs', () => {
    let inexactRuns = 0;
    let exactRuns = 0;
    const reasons = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 3, max: 14 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(
          fc.record({
            a: fc.nat(50),
            b: fc.nat(50),
            net: fc.nat(5),
            proto: fc.nat(9),
            port: fc.integer({ min: 1, max: 9000 }),
            span: fc.nat(200),
          }),
          { maxLength: 12 },
        ),
        fc.nat(15),
        fc.boolean(),
        fc.nat(3),
        (seed, endpoints, policies, picks, coverSome, dns, twins) => {
          const objs = withTwins(generateCluster(seed, { endpoints, policies }), twins);
          const model = parseObjects(objs).model;
          const text = intentText(model, picks, coverSome);
          const context = () =>
            `\n--- seed ${seed}, intent ---\n${text}--- design ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`;
          const parsed = parseIntent(text, 'intent.yaml');
          expect(parsed.diagnostics, context()).toEqual([]);
          const { plan, diagnostics } = generatePlan(
            model,
            parsed.intent as NonNullable<typeof parsed.intent>,
            {
              dns,
            },
          );
          expect(
            diagnostics.filter((d) => d.severity === 'error'),
            context(),
          ).toEqual([]);
          if (!plan) throw new Error(`no plan${context()}`);
          // what is printed, read back as a person's kubectl would send it
          const yaml = printedPolicies(plan)
            .map((p) => `---\n${dumpObject(policyObject(p))}`)
            .join('');
          const back = parseManifests([{ text: yaml, file: 'out.yaml' }]);
          expect(
            back.diagnostics.filter((d) => d.severity !== 'info'),
            context(),
          ).toEqual([]);
          expect(back.model.policies).toHaveLength(printedPolicies(plan).length);
          const final = applyPolicies(model, plan, back.model.policies);
          const v = verifyPlan(final, plan);
          // the generator knew what the engine would say, pair by pair
          expect(v.mispredicted, context()).toEqual([]);
          expect(v.unexplained, context()).toEqual([]);

          // independent of the generator: the intent, line by line, against the engine's verdicts
          const layout = layoutNetworks(final);
          const wanted = new Map<string, ConnSet>();
          const covered = plan.resolved.covered;
          for (const l of parsed.intent?.allow ?? []) {
            const netId =
              l.network === DEFAULT_NETWORK ? l.network : layout.nadToNetwork.get(l.network ?? '');
            const k = `${netId}|${l.from}|${l.to}`;
            wanted.set(k, unionConns(wanted.get(k) ?? NO_CONNS, lineConns(l)));
          }
          const differ = new Map<string, { intended: ConnSet; allowed: ConnSet }>();
          for (const c of analyze(final).connections) {
            const netId = c.network === DEFAULT_NETWORK ? c.network : layout.nadToNetwork.get(c.network);
            if (!netId || !covered.has(netId)) continue;
            const intended = wanted.get(`${netId}|${c.from}|${c.to}`) ?? NO_CONNS;
            if (!equalConns(intended, c.allowed))
              differ.set(`${c.network}|${c.from}|${c.to}`, { intended, allowed: c.allowed });
          }
          const reported = new Map<string, { intended: ConnSet; allowed: ConnSet }>();
          for (const line of v.lines)
            for (const p of line.pairs) reported.set(`${p.network}|${p.from}|${p.to}`, p);
          // every difference is reported by some line, with the engine's exact verdict, and nothing else is
          const keys = (m: Map<string, unknown>) => [...m.keys()].sort();
          expect(keys(reported), context()).toEqual(keys(differ));
          for (const [k, d] of differ) {
            expect(equalConns(reported.get(k)?.allowed ?? NO_CONNS, d.allowed), `${k}${context()}`).toBe(
              true,
            );
            expect(equalConns(reported.get(k)?.intended ?? NO_CONNS, d.intended), `${k}${context()}`).toBe(
              true,
            );
          }
          expect(v.exact).toBe(differ.size === 0);
          // inexact only where policies cannot say it: ICMP alone, or endpoints a selector cannot tell apart
          for (const line of v.lines)
            for (const r of line.reasons) {
              expect(r, context()).toMatch(/ICMP|cannot tell them apart|no address/);
              reasons.add(/ICMP/.test(r) ? 'icmp' : /apart/.test(r) ? 'twins' : 'address');
            }
          if (v.exact) exactRuns++;
          else inexactRuns++;
        },
      ),
      { seed: 20261130, numRuns: 120 },
    );
    // both outcomes were exercised
    expect(exactRuns).toBeGreaterThan(10);
    expect(inexactRuns).toBeGreaterThan(5);
    expect([...reasons].sort()).toEqual(['address', 'icmp', 'twins']);
  }, 120_000);
});
