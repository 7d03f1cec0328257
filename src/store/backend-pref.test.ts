// The backend profile in the store: a preference (prefs.ts) that re-analyses the design in the
// real engine host (fake worker, in-process) when it changes.
import { describe, expect, it } from 'vitest';
import { parseDesignYaml } from '../io/design';
import { adminNetworkPolicy, docs, namespace, pod } from '../testing/manifests';
import { HostWorker, hostWorkers } from '../testing/engine-worker';
import { createAppStore } from './app-store';
import { loadBackend, saveBackend } from './prefs';

const DESIGN = docs(
  namespace('a', 'team: a'),
  pod('a', 'web', { ip: '10.0.0.1' }),
  pod('default', 'api', { ip: '10.0.1.1' }),
  adminNetworkPolicy('high', 150, '{namespaces: {matchLabels: {team: a}}}', [
    '{action: Deny, from: [{namespaces: {}}]}',
  ]),
);

describe('backend profile preference', () => {
  it('setBackend re-analyses: the priority-150 ANP applies per the API, not under ovn-kubernetes', async () => {
    const store = createAppStore({ objects: parseDesignYaml(DESIGN).objects });
    const { workers, make } = hostWorkers(() => new HostWorker());
    const disconnect = store.getState().connectEngine(make);
    const verdict = () =>
      store
        .getState()
        .analysis?.result.connections.filter((c) => c.to === 'a/web')
        .map((c) => `${c.from} ${c.allowed.ICMP}`)
        .join();
    await expect.poll(verdict).toBe('default/api false');
    store.getState().setBackend('ovn-kubernetes');
    await expect.poll(verdict).toBe('default/api true');
    expect(store.getState().analysis?.result.policies.map((p) => p.notApplied)).toEqual([
      'not programmed by OVN-Kubernetes: priority 150 is above 99 (backend profile ovn-kubernetes)',
    ]);
    store.getState().setBackend('api');
    await expect.poll(verdict).toBe('default/api false');
    expect(workers[0]?.requests.map((r) => r.type === 'analyze' && r.backend)).toEqual([
      'api',
      'ovn-kubernetes',
      'api',
    ]);
    disconnect();
  });

  it('is remembered in storage; anything else reads as api', () => {
    const m = new Map<string, string>();
    const storage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    expect(loadBackend(storage)).toBe('api');
    saveBackend(storage, 'ovn-kubernetes');
    expect(loadBackend(storage)).toBe('ovn-kubernetes');
    m.set('netpol-studio.backend', 'cilium');
    expect(loadBackend(storage)).toBe('api');
    expect(loadBackend(undefined)).toBe('api');
    const blocked = {
      getItem: (): string => {
        throw new Error('SecurityError');
      },
    };
    expect(loadBackend(blocked)).toBe('api');
  });
});
