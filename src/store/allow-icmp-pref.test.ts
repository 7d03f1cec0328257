// allow-icmp-network-policy in the store: a preference (prefs.ts) beside the backend profile that
// re-analyses the design in the real engine host (fake worker, in-process) when it changes.
import { describe, expect, it } from 'vitest';
import { parseDesignYaml } from '../io/design';
import { docs, namespace, pod } from '../testing/manifests';
import { HostWorker, hostWorkers } from '../testing/engine-worker';
import { createAppStore } from './app-store';
import { loadAllowIcmp, saveAllowIcmp } from './prefs';

const DESIGN = docs(
  namespace('a'),
  pod('a', 'web', { ip: '10.0.0.1' }),
  pod('a', 'db', { ip: '10.0.0.2' }),
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: a}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n',
);

describe('allow-icmp-network-policy preference', () => {
  it('setAllowIcmp re-analyses: ping through the deny-all policy only with the option', async () => {
    const store = createAppStore({ objects: parseDesignYaml(DESIGN).objects });
    const { workers, make } = hostWorkers(() => new HostWorker());
    const disconnect = store.getState().connectEngine(make);
    const ping = () =>
      store.getState().analysis?.result.connections.find((c) => c.from === 'a/web' && c.to === 'a/db')
        ?.allowed.ICMP;
    await expect.poll(ping).toBe(false);
    store.getState().setAllowIcmp(true);
    await expect.poll(ping).toBe(true);
    store.getState().setAllowIcmp(false);
    await expect.poll(ping).toBe(false);
    expect(workers[0]?.requests.map((r) => r.type === 'analyze' && (r.allowIcmp ?? false))).toEqual([
      false,
      true,
      false,
    ]);
    disconnect();
  });

  it('is remembered in storage; off unless saved on, or when storage is blocked', () => {
    const m = new Map<string, string>();
    const storage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    expect(loadAllowIcmp(storage)).toBe(false);
    saveAllowIcmp(storage, true);
    expect(m.get('netpol-studio.allow-icmp')).toBe('on');
    expect(loadAllowIcmp(storage)).toBe(true);
    saveAllowIcmp(storage, false);
    expect(loadAllowIcmp(storage)).toBe(false);
    expect(loadAllowIcmp(undefined)).toBe(false);
    const blocked = {
      getItem: (): string => {
        throw new Error('SecurityError');
      },
    };
    expect(loadAllowIcmp(blocked)).toBe(false);
  });
});
