import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { ALL_CONNS, NO_CONNS, connOf } from '../conn';
import { range } from '../ports';
import { analyze } from '../analyze';
import { connLines, proposeChange } from './propose';

const blog = parseManifests([{ text: readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8') }]).model;
const id = (name: string) => blog.endpoints.find((e) => e.name === name && e.kind === 'VM')?.id as string;
const NET = 'default/flatl2net';

describe('draw to allow: proposals on the KubeVirt blog', () => {
  it('allowing vm4 → vm1 TCP 22 changes exactly that pair, and the result is exact', () => {
    const ssh = connOf('TCP', range(22));
    const { proposal, errors } = proposeChange(blog, NET, [
      { fromId: id('vm4'), toId: id('vm1'), network: NET, conns: ssh, mode: 'allow' },
    ]);
    expect(errors).toEqual([]);
    expect(proposal?.exact).toBe(true);
    expect(proposal?.problems).toEqual([]);
    expect(proposal?.changes.map((r) => `${r.change} ${r.from} → ${r.to} ${r.text}`)).toEqual([
      'gained default/vm4 → default/vm1 TCP 22',
    ]);
    expect(proposal?.removed.map((p) => p.name)).toEqual(['ingress-ipblock']);
    // the result, analysed again from the policies alone, allows exactly that
    const after = analyze({
      ...blog,
      policies: [...(proposal?.added ?? [])],
    }).connections.filter((c) => c.network === NET);
    expect(
      after.filter((c) => c.from === 'default/vm4').map((c) => `${c.to} ${c.allowed.TCP.length}`),
    ).toEqual(['default/vm1 1', 'default/vm2 0', 'default/vm3 0', 'default/vm5 0', 'default/vm6 0']);
  });

  it('denying vm1 → vm6 (all) loses exactly that pair', () => {
    const { proposal } = proposeChange(blog, NET, [
      { fromId: id('vm1'), toId: id('vm6'), network: NET, conns: ALL_CONNS, mode: 'deny' },
    ]);
    expect(proposal?.exact).toBe(true);
    expect(proposal?.changes.map((r) => `${r.change} ${r.from} → ${r.to} ${r.text}`)).toEqual([
      'lost default/vm1 → default/vm6 all',
    ]);
  });

  it('allowing an already allowed pair changes no verdict', () => {
    const { proposal } = proposeChange(blog, NET, [
      { fromId: id('vm1'), toId: id('vm2'), network: NET, conns: ALL_CONNS, mode: 'allow' },
    ]);
    expect(proposal?.changes).toEqual([]);
  });
});

describe('connLines', () => {
  it('one line per protocol range, `any` for everything, none for nothing', () => {
    expect(connLines('a', 'b', 'default', ALL_CONNS)).toEqual([
      { from: 'a', to: 'b', network: 'default', protocol: 'any' },
    ]);
    expect(connLines('a', 'b', 'default', NO_CONNS)).toEqual([]);
    const c = {
      ...NO_CONNS,
      TCP: [[1, 65535]] as const,
      UDP: [
        [53, 53],
        [8000, 8080],
      ] as const,
      ICMP: true,
    };
    expect(
      connLines('a', 'b', 'n', c).map((l) => `${l.protocol} ${l.port ?? ''}-${l.endPort ?? ''}`),
    ).toEqual(['TCP -', 'UDP 53-', 'UDP 8000-8080', 'ICMP -']);
  });
});
