import { describe, expect, it } from 'vitest';
import { memoryIo } from '../testing/cli-io';
import { docs, namespace, pod } from '../testing/manifests';
import { runCli } from './run';

/** `--allow-icmp` (OVN-K allow-icmp-network-policy, SEMANTICS R10.17) on probe, analyze, diff, test, lint. */
const OPEN = docs(
  namespace('a'),
  pod('a', 'server', { labels: 'app: server', ip: '10.0.0.1' }),
  pod('a', 'client', { labels: 'app: client', ip: '10.0.0.2' }),
);
const DENY_ALL = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: a}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`;
const io = memoryIo({
  'open.yaml': OPEN,
  'deny.yaml': OPEN + DENY_ALL,
  'expect.yaml': `name: ping through deny-all\nmanifests: |\n${(OPEN + DENY_ALL).replace(/^/gm, '  ')}\nexpect:\n- {from: a/client, to: a/server, network: default, protocol: ICMP, allowed: true}\n`,
});
const ping = ['probe', 'a/client', 'a/server', 'deny.yaml', '--protocol', 'ICMP'];

describe('cli --allow-icmp', () => {
  it('probe: ping denied by deny-all, allowed with the option, which the Why names', () => {
    const off = runCli(ping, io);
    expect(off.code).toBe(1);
    expect(off.stdout).toContain('verdict: denied (ICMP on default)');
    const on = runCli([...ping, '--allow-icmp'], io);
    expect(on.code).toBe(0);
    expect(on.stdout.trim().split('\n')).toEqual([
      'a/client → a/server on default: allowed ICMP',
      'egress of a/client: isolated by NetworkPolicy a/deny-all; allow-icmp-network-policy (backend option) allows ICMP',
      'ingress of a/server: isolated by NetworkPolicy a/deny-all; allow-icmp-network-policy (backend option) allows ICMP',
      'verdict: allowed (ICMP on default)',
    ]);
    // TCP stays denied
    const tcp = runCli(
      ['probe', 'a/client', 'a/server', 'deny.yaml', '--protocol', 'TCP', '--allow-icmp'],
      io,
    );
    expect(tcp.code).toBe(1);
  });

  it('analyze json: the option is its own entry in the rules, not a policy rule', () => {
    const j = JSON.parse(
      runCli(['analyze', 'deny.yaml', '--format', 'json', '--pairs', '--allow-icmp'], io).stdout,
    ) as {
      connections: { from: string; to: string; why: { ingress: number } }[];
      reasons: { rules: unknown[] }[];
    };
    const c = j.connections.find((x) => x.from === 'a/client' && x.to === 'a/server');
    expect(j.reasons[c?.why.ingress ?? -1]?.rules).toEqual([
      {
        option: 'allow-icmp-network-policy',
        direction: 'ingress',
        allowed: { TCP: [], UDP: [], SCTP: [], ICMP: true },
      },
    ]);
  });

  it('diff and test follow the option', () => {
    const diff = (argv: string[]) =>
      runCli(['diff', 'open.yaml', '--against', 'deny.yaml', ...argv], io)
        .stdout.trim()
        .split('\n');
    expect(diff([])).toEqual([
      expect.stringMatching(/^CHANGE\s+FROM\s+TO\s+NETWORK\s+CONNECTIONS$/),
      expect.stringMatching(/^- lost\s+a\/client\s+a\/server\s+default\s+all$/),
      expect.stringMatching(/^- lost\s+a\/server\s+a\/client\s+default\s+all$/),
    ]);
    expect(diff(['--allow-icmp'])).toEqual([
      expect.stringMatching(/^CHANGE\s+FROM\s+TO\s+NETWORK\s+CONNECTIONS$/),
      expect.stringMatching(/^- lost\s+a\/client\s+a\/server\s+default\s+TCP all; UDP all; SCTP all$/),
      expect.stringMatching(/^- lost\s+a\/server\s+a\/client\s+default\s+TCP all; UDP all; SCTP all$/),
    ]);
    expect(runCli(['test', 'expect.yaml'], io).code).toBe(1);
    expect(runCli(['test', 'expect.yaml', '--allow-icmp'], io).code).toBe(0);
  });

  it('--help lists it on every command that analyses', () => {
    for (const cmd of ['analyze', 'lint', 'diff', 'test', 'probe', 'probes'])
      expect(runCli([cmd, '--help'], io).stdout).toContain(
        '--allow-icmp                OVN-K allow-icmp-network-policy is on: ICMP passes NetworkPolicy default-deny',
      );
  });
});
