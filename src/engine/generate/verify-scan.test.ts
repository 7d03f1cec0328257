import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { dumpObject } from '../../io/design';
import { parseIntent } from '../../io/intent';
import { parseManifests, parseObjects } from '../../io/k8s-to-model';
import { policyObject } from '../../io/policy-k8s';
import { DEFAULT_NETWORK, endpointLabel, type Model } from '../../model/types';
import { generateCluster, Rng, type Obj } from '../../testing/generate';
import { withUdns } from '../../testing/generate-udn';
import { analyze } from '../analyze';
import { layoutNetworks } from '../networks';
import { applyPolicies, generatePlan, printedPolicies } from './index';
import { verifyPlan } from './verify';

/** A random intent over one or two networks: TCP/UDP ports and ranges, ICMP alone, `any`. */
function intent(model: Model, r: Rng, lines: number): string {
  const layout = layoutNetworks(model);
  const nets = [...layout.members.keys()].sort();
  const allow: Record<string, unknown>[] = [];
  for (let k = 0; k < lines; k++) {
    const net = r.chance(0.7) ? DEFAULT_NETWORK : (r.pick(nets) as string);
    const members = layout.members.get(net) ?? [];
    const a = r.pick(members)?.endpoint;
    const b = r.pick(members)?.endpoint;
    if (!a || !b || a.id === b.id || (a.kind === 'External' && b.kind === 'External')) continue;
    const protocol = r.pick(['TCP', 'UDP', 'ICMP', 'any']) as string;
    const key = net === DEFAULT_NETWORK ? net : (layout.networks.get(net)?.nads[0]?.key ?? net);
    allow.push({
      from: endpointLabel(a),
      to: endpointLabel(b),
      network: key,
      protocol,
      ...((protocol === 'TCP' || protocol === 'UDP') && r.chance(0.7)
        ? { port: 8000 + r.int(4), ...(r.chance(0.3) ? { endPort: 8100 } : {}) }
        : {}),
    });
  }
  return dump({ allow });
}

/** What a verification says, in words (listed pairs and tables are walked in other orders). */
const said = (v: ReturnType<typeof verifyPlan>) => ({
  exact: v.exact,
  pairs: v.pairsChecked,
  lines: v.lines.map((l) => [
    l.line.index,
    [...l.reasons].sort(),
    l.pairs.map((p) => `${p.network} ${p.from}->${p.to}`).sort(),
  ]),
  unexplained: v.unexplained.map((p) => `${p.network} ${p.from}->${p.to}: ${p.why}`).sort(),
  mispredicted: v.mispredicted.map((p) => `${p.network} ${p.from}->${p.to}: ${p.why}`).sort(),
});

describe('verifyPlan on class tables (pairs judged per kind) says what it says on listed pairs', () => {
  it('random designs (cluster policies, UDNs) and intents, exact and inexact', () => {
    let inexact = 0;
    let pairs = 0;
    let wrong = 0;
    for (const seed of [71, 72, 73, 74, 75, 76]) {
      const r = new Rng(seed);
      let objs: Obj[] = generateCluster(seed, {
        endpoints: 50,
        policies: 8,
        adminPolicies: seed % 2 ? 2 : 0,
      });
      if (seed % 3 === 0) objs = withUdns(objs, seed);
      const model = parseObjects(objs).model;
      const planOf = () => {
        const parsed = parseIntent(intent(model, r, 14), 'intent.yaml');
        const { plan } = generatePlan(model, parsed.intent as NonNullable<typeof parsed.intent>, {
          dns: r.chance(0.5),
        });
        if (!plan) throw new Error(`seed ${seed}: no plan`);
        return plan;
      };
      const plan = planOf();
      // another intent's plan: its predictions and wants have nothing to do with these policies
      const other = planOf();
      const yaml = printedPolicies(plan)
        .map((p) => `---\n${dumpObject(policyObject(p))}`)
        .join('');
      const generated = parseManifests([{ text: yaml }]).model.policies;
      // as generated, and with every other generated policy left out (the engine then disagrees
      // with the plan on many kinds of pair: mispredicted and unexplained pairs)
      for (const policies of [generated, generated.filter((_, k) => k % 2)]) {
        const final = applyPolicies(model, plan, policies);
        const listed = verifyPlan(final, plan, analyze(final, { compactAbove: Number.MAX_SAFE_INTEGER }));
        const tables = analyze(final, { compactAbove: 0 });
        expect(tables.compact?.length).toBeGreaterThan(0);
        expect(said(verifyPlan(final, plan, tables))).toEqual(said(listed));
        const all = analyze(final, { compactAbove: Number.MAX_SAFE_INTEGER });
        expect(said(verifyPlan(final, other, tables))).toEqual(said(verifyPlan(final, other, all)));
        if (!listed.exact) inexact++;
        wrong += listed.mispredicted.length;
        pairs += listed.pairsChecked;
      }
    }
    expect(inexact).toBeGreaterThan(6);
    expect(wrong).toBeGreaterThan(100);
    expect(pairs).toBeGreaterThan(20000);
  });
});
