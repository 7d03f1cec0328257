import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesignYaml } from '../io/design';
import { createAppStore } from './app-store';
import { addBulk, bulkVms } from './bulk';
import { propose, applyProposal } from './propose';
import { connsOf } from './propose';

const blog = () =>
  createAppStore({
    objects: parseDesignYaml(readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8')).objects,
  });
const req = {
  count: 3,
  network: 'default/flatl2net',
  start: '10.200.0.10',
  prefix: 'vm',
  namespace: 'default',
};

describe('bulk VMs: N VMs on network X from address A', () => {
  it('unique names after the existing ones, sequential addresses, one undo step', () => {
    const store = blog();
    const { objects, errors } = bulkVms(store.getState(), req);
    expect(errors).toEqual([]);
    addBulk(store.getState, store.setState, objects ?? []);
    const added = store.getState().model.endpoints.filter((e) => !/^vm[1-6]$/.test(e.name));
    expect(
      added.map((e) => `${e.name} ${e.attachments.map((a) => `${a.nad}=${a.ips.join(',')}`).join(' ')}`),
    ).toEqual([
      'vm7 default/flatl2net=10.200.0.10/24',
      'vm8 default/flatl2net=10.200.0.11/24',
      'vm9 default/flatl2net=10.200.0.12/24',
    ]);
    store.temporal.getState().undo();
    expect(store.getState().model.endpoints).toHaveLength(6);
  });

  it('says which field is wrong', () => {
    const s = blog().getState();
    expect(bulkVms(s, { ...req, start: '10.200.0.5' }).errors).toEqual([
      'first address: 10.200.0.5 is already used by default/vm5 on default/flatl2net',
    ]);
    expect(bulkVms(s, { ...req, count: 0, start: '10.300.0.1', network: 'default/nope' }).errors).toEqual([
      'count: a whole number from 1 to 500',
      'network: no network "default/nope" in the design',
      'first address: "10.300.0.1" is not an IPv4 address',
    ]);
    expect(bulkVms(s, { ...req, start: '255.255.255.254' }).errors).toEqual([
      'first address: 3 addresses from 255.255.255.254 run past 255.255.255.255',
    ]);
    expect(bulkVms(s, { ...req, prefix: 'VM_' }).errors[0]).toMatch(/^name prefix:/);
  });
});

describe('proposals through the store', () => {
  it('a stale proposal is not applied; a fresh one is one undo step', () => {
    const store = blog();
    const s = store.getState();
    const vm = (n: string) => s.model.endpoints.find((e) => e.name === n)?.id as string;
    const change = {
      fromId: vm('vm4'),
      toId: vm('vm1'),
      network: 'default/flatl2net',
      conns: connsOf({ protocol: 'TCP', port: 22 }),
      mode: 'allow' as const,
    };
    const { view } = propose(s, 'default/flatl2net', [change]);
    expect(view?.edits.map((e) => `${e.change} ${e.id}`)).toContain(
      'removed MultiNetworkPolicy/default/ingress-ipblock',
    );
    store.getState().setShowDenied(true); // not a design change: still applies
    expect(applyProposal(store.getState, store.setState, view!)).toBe(true);
    expect(store.getState().model.policies.map((p) => p.name)).not.toContain('ingress-ipblock');
    expect(applyProposal(store.getState, store.setState, view!)).toBe(false); // the design moved on
    store.temporal.getState().undo();
    expect(store.getState().model.policies.map((p) => p.name)).toEqual(['ingress-ipblock']);
  });
});
