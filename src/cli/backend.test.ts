import { describe, expect, it } from 'vitest';
import { memoryIo } from '../testing/cli-io';
import { adminNetworkPolicy, docs, namespace, pod } from '../testing/manifests';
import { runCli } from './run';

/** `--backend api|ovn-kubernetes` on analyze, probe, lint, diff and test (R9.3, R9.15). */
const SCENE = docs(
  namespace('a', 'team: a'),
  namespace('b', 'team: b'),
  pod('a', 'web', { ip: '10.0.0.1' }),
  pod('b', 'api', { ip: '10.0.1.1' }),
  adminNetworkPolicy('high', 150, '{namespaces: {matchLabels: {team: a}}}', [
    '{name: deny-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}',
  ]),
);
const io = memoryIo({
  'anp.yaml': SCENE,
  'none.yaml': SCENE.slice(0, SCENE.indexOf('---\napiVersion: policy')),
  'expect.yaml': `name: web closed to b\nmanifests: |\n${SCENE.replace(/^/gm, '  ')}\nexpect:\n- {from: b/api, to: a/web, network: default, protocol: TCP, port: 80, allowed: false}\n`,
});

describe('cli --backend', () => {
  it('probe: denied per the API, allowed under ovn-kubernetes (priority 150 is not programmed)', () => {
    const api = runCli(['probe', 'b/api', 'a/web', 'anp.yaml', '--protocol', 'TCP', '--port', '80'], io);
    expect(api.code).toBe(1);
    expect(api.stdout).toContain('verdict: denied (TCP 80 on default)');
    const ovnk = runCli(
      [
        'probe',
        'b/api',
        'a/web',
        'anp.yaml',
        '--protocol',
        'TCP',
        '--port',
        '80',
        '--backend',
        'ovn-kubernetes',
      ],
      io,
    );
    expect(ovnk.code).toBe(0);
    expect(ovnk.stdout).toContain('verdict: allowed (TCP 80 on default)');
  });
  it('analyze json: the pair and the policy summary follow the profile', () => {
    const pair = (argv: string[]) => {
      const j = JSON.parse(runCli(['analyze', 'anp.yaml', '--format', 'json', ...argv], io).stdout) as {
        connections: { from: string; to: string; allowed: { ICMP: boolean } }[];
      };
      return j.connections.find((c) => c.from === 'b/api' && c.to === 'a/web')?.allowed.ICMP;
    };
    expect(pair([])).toBe(false);
    expect(pair(['--backend=api'])).toBe(false);
    expect(pair(['--backend', 'ovn-kubernetes'])).toBe(true);
  });
  it('lint: M22 names the profile', () => {
    const m22 = (argv: string[]) =>
      runCli(['lint', 'anp.yaml', '--format', 'json', ...argv], io)
        .stdout.split('\n')
        .filter((l) => l.includes('above 99'))
        .map((l) => l.trim());
    expect(m22([]).join()).toContain('applied here per the API (backend profile api)');
    expect(m22(['--backend', 'ovn-kubernetes']).join()).toContain(
      'not applied here (backend profile ovn-kubernetes)',
    );
  });
  it('diff: adding the ANP loses b/api → a/web per the API, changes nothing under ovn-kubernetes', () => {
    const api = runCli(['diff', 'none.yaml', '--against', 'anp.yaml'], io);
    expect(api.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^CHANGE\s+FROM\s+TO\s+NETWORK\s+CONNECTIONS$/),
      expect.stringMatching(/^- lost\s+b\/api\s+a\/web\s+default\s+all$/),
    ]);
    const ovnk = runCli(['diff', 'none.yaml', '--against', 'anp.yaml', '--backend', 'ovn-kubernetes'], io);
    expect(ovnk.stdout.trim()).toBe('no change in reachability');
  });
  it('test: the expectation passes per the API and fails under ovn-kubernetes', () => {
    expect(runCli(['test', 'expect.yaml'], io).code).toBe(0);
    expect(runCli(['test', 'expect.yaml', '--backend', 'ovn-kubernetes'], io).code).toBe(1);
  });
  it('a bad value is a usage error naming the choices', () => {
    const out = runCli(['analyze', 'anp.yaml', '--backend', 'cilium'], io);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--backend must be api or ovn-kubernetes, not "cilium"');
  });
});
