import { describe, expect, it } from 'vitest';
import { analyzeYaml, type Analysed } from '../../testing/helpers';
import { pod as podDoc, teamScene } from '../../testing/manifests';
import { explainConnection, shortReason } from '../explain';
import { lint } from '../lint';
import { parseManifests } from '../../io/k8s-to-model';
import { Analyzer } from '../analyze';
import { formatConns } from '../conn';

/**
 * SEMANTICS §9, rule by rule, with exact verdicts. The scene: namespaces a, b, mon; pods
 * a/web (app=web, container port http 8080/TCP), a/db, b/api, mon/prom, each with a pod IP;
 * an external host `ext` at 192.0.2.10.
 */
const PORTS =
  '[{name: http, containerPort: 8080, protocol: TCP}, {name: dns, containerPort: 53, protocol: UDP}]';
const pod = (n: string, name: string, ip: string, extra = '') =>
  `---\n${podDoc(n, name, { labels: `app: ${name}`, spec: `{${extra}containers: [{name: c, ports: ${PORTS}}]}`, ip })}`;
const SCENE =
  teamScene(
    ['a/web@10.0.0.1', 'a/db@10.0.0.2', 'b/api@10.0.1.1', 'mon/prom@10.0.2.1'],
    `{containers: [{name: c, ports: ${PORTS}}]}`,
  ) +
  `---\napiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: ext}\nspec: {ips: [192.0.2.10]}\n`;

const anp = (name: string, priority: number | string, body: string) =>
  `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n${body}`;
const banp = (body: string, name = 'default') =>
  `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${body}`;
const cnp = (name: string, tier: string, priority: number, body: string) =>
  `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n${body.replaceAll('    ports:', '    protocols:')}`;
const np = (n: string, name: string, body: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${n}}\nspec:\n${body}`;

/** NetworkPolicy `name` on every pod of a, admitting team `team` (on `port` only, if given). */
const npInA = (name: string, team: string, port?: number) =>
  np(
    'a',
    name,
    `  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ${team}}}}]${port ? `, ports: [{port: ${port}}]` : ''}}]\n`,
  );
/** a/web → b/api: allowed or not for each probe. */
const webToApi = (a: Analysed, probes: string[]) => probes.map((p) => a.can('a/web', 'b/api', p));
const SUBJ_A = '  subject: {namespaces: {matchLabels: {team: a}}}\n';
const inRule = (action: string, from: string, ports = '') =>
  `  - action: ${action}\n    from: [${from}]\n${ports ? `    ports: ${ports}\n` : ''}`;
const outRule = (action: string, to: string, ports = '') =>
  `  - action: ${action}\n    to: [${to}]\n${ports ? `    ports: ${ports}\n` : ''}`;
const NS = (t: string) => `{namespaces: {matchLabels: {team: ${t}}}}`;
const ALL_NS = '{namespaces: {}}';

describe('R9.2 subject and no implicit isolation', () => {
  it('an ANP that only allows from mon leaves other sources to NetworkPolicy/BANP (allowed)', () => {
    const a = analyzeYaml(SCENE + anp('mon-in', 10, `${SUBJ_A}  ingress:\n${inRule('Allow', NS('mon'))}`));
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(true);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(true);
    expect(formatConns(a.conn('b/api', 'a/web').allowed)).toBe(formatConns(a.conn('a/web', 'b/api').allowed));
  });
  it('pods subject: namespaceSelector AND podSelector', () => {
    const a = analyzeYaml(
      SCENE +
        anp(
          'deny-db',
          10,
          `  subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: db}}}}\n  ingress:\n${inRule('Deny', ALL_NS)}`,
        ),
    );
    expect(a.can('b/api', 'a/db', 'TCP/80')).toBe(false);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(true);
  });
  it('host-network pods are never subjects nor pods peers (R9.14)', () => {
    const a = analyzeYaml(
      SCENE +
        pod('a', 'hostpod', '172.18.0.5', 'hostNetwork: true, ') +
        anp('deny-a', 10, `${SUBJ_A}  egress:\n${outRule('Deny', ALL_NS)}`),
    );
    expect(a.can('a/hostpod', 'b/api', 'TCP/80')).toBe(true);
    expect(a.can('a/web', 'b/api', 'TCP/80')).toBe(false);
    expect(a.can('a/web', 'a/hostpod', 'TCP/80')).toBe(true);
  });
});

describe('R9.3-R9.5 priority, rule order, actions', () => {
  it('equal priorities: evaluated by name, the verdict marked ambiguous, and M21', () => {
    const text =
      SCENE +
      anp('b-allow', 10, `${SUBJ_A}  ingress:\n${inRule('Allow', NS('b'))}`) +
      anp('a-deny', 10, `${SUBJ_A}  ingress:\n${inRule('Deny', NS('b'))}`);
    const a = analyzeYaml(text);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(false); // a-deny sorts first
    expect(explainConnection(a.conn('b/api', 'a/web'))[2]).toBe(
      'ingress of a/web: ANP `a-deny` priority 10 ingress rule #0 Deny: all; ambiguous: AdminNetworkPolicy a-deny, AdminNetworkPolicy b-allow have equal priorities, so their order is undefined upstream (evaluated by name)',
    );
    const m21 = lint(parseManifests([{ text }]).model).filter((d) => d.code === 'admin-priority-tie');
    expect(m21.map((d) => [d.severity, d.object?.name])).toEqual([['warning', 'a-deny']]);
  });
  it('lower priority value decides first', () => {
    const rules = `${SUBJ_A}  ingress:\n`;
    const a = analyzeYaml(
      SCENE +
        anp('deny', 20, rules + inRule('Deny', NS('b'))) +
        anp('allow', 5, rules + inRule('Allow', NS('b'))) +
        np('a', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress]\n'),
    );
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(true); // Allow (5) before Deny (20) and the NP
  });
  it('within one policy the first matching rule decides', () => {
    const a = analyzeYaml(
      SCENE +
        anp(
          'order',
          10,
          `${SUBJ_A}  ingress:\n${inRule('Deny', NS('b'), '[{portNumber: {port: 80}}]')}${inRule('Allow', NS('b'))}`,
        ),
    );
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(false);
    expect(a.can('b/api', 'a/web', 'TCP/81')).toBe(true);
  });
  it('ANP Deny beats a NetworkPolicy allow; ANP Allow beats NetworkPolicy isolation', () => {
    const a = analyzeYaml(
      SCENE +
        anp('d', 10, `${SUBJ_A}  ingress:\n${inRule('Deny', NS('b'))}${inRule('Allow', NS('mon'))}`) +
        npInA('only-b', 'b'),
    );
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(false);
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(true);
    expect(a.can('a/db', 'a/web', 'TCP/80')).toBe(false); // NP tier
  });
});

describe('R9.6 evaluation order', () => {
  const passMon = anp('pass-mon', 7, `${SUBJ_A}  ingress:\n${inRule('Pass', NS('mon'))}`);
  const banpDeny = banp(`${SUBJ_A}  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n`);
  it('Pass goes to the NetworkPolicy tier when a NetworkPolicy selects the pod; BANP not consulted', () => {
    const a = analyzeYaml(SCENE + passMon + banpDeny + npInA('allow-mon', 'mon'));
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(true);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(false);
  });
  it('Pass without a NetworkPolicy goes to the BANP; nothing matching → allowed', () => {
    const a = analyzeYaml(SCENE + passMon + banpDeny);
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(false);
    expect(a.can('mon/prom', 'b/api', 'TCP/80')).toBe(true);
    const b = analyzeYaml(SCENE + passMon);
    expect(b.can('mon/prom', 'a/web', 'TCP/80')).toBe(true);
  });
  it('a Pass skips the remaining rules of every ANP', () => {
    const a = analyzeYaml(
      SCENE + passMon + anp('allow-mon', 9, `${SUBJ_A}  ingress:\n${inRule('Allow', NS('mon'))}`) + banpDeny,
    );
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(false); // np-guard anp_banp_blog_demo
  });
  it('np-guard anp_test_3_pass_traffic: port-split ANP Allow/Pass and an isolating NetworkPolicy', () => {
    const a = analyzeYaml(
      SCENE +
        anp(
          'split',
          10,
          `${SUBJ_A}  egress:\n${outRule('Allow', NS('b'), '[{portRange: {start: 1, end: 8079}}, {portRange: {start: 8081, end: 9089}}, {portRange: {start: 9091, end: 65535}}]')}${outRule('Pass', NS('b'), '[{portNumber: {port: 8080}}]')}`,
        ) +
        np(
          'a',
          'egress-9090',
          '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {team: b}}}], ports: [{port: 9090}]}]\n',
        ),
    );
    expect(formatConns(a.conn('a/web', 'b/api').allowed)).toBe('TCP 1-8079,8081-65535');
  });
});

describe('R9.7-R9.10 peers', () => {
  it('ingress rules never match an external source', () => {
    const a = analyzeYaml(SCENE + anp('deny-all', 10, `${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}`));
    expect(a.can('ext', 'a/web', 'TCP/80')).toBe(true);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(false);
  });
  it('networks match pod IPs and externals; v4 never matches v6', () => {
    const a = analyzeYaml(
      SCENE +
        anp(
          'net',
          10,
          `${SUBJ_A}  egress:\n${outRule('Allow', '{networks: [10.0.1.1/32]}')}${outRule('Deny', '{networks: [0.0.0.0/0]}')}`,
        ),
    );
    expect(a.can('a/web', 'b/api', 'TCP/80')).toBe(true);
    expect(a.can('a/web', 'mon/prom', 'TCP/80')).toBe(false);
    expect(a.can('a/web', 'ext', 'TCP/80')).toBe(false);
  });
  it('nodes match the addresses of selected Nodes; without Nodes they match nothing (M25)', () => {
    const node = `---\napiVersion: v1\nkind: Node\nmetadata: {name: w1, labels: {role: worker}}\nstatus: {addresses: [{type: InternalIP, address: 192.0.2.10}, {type: Hostname, address: w1}]}\n`;
    const policy = anp(
      'nodes',
      10,
      `${SUBJ_A}  egress:\n${outRule('Deny', '{nodes: {matchLabels: {role: worker}}}')}`,
    );
    const a = analyzeYaml(SCENE + node + policy);
    expect(a.can('a/web', 'ext', 'TCP/80')).toBe(false);
    expect(a.can('a/web', 'b/api', 'TCP/80')).toBe(true);
    const b = analyzeYaml(SCENE + policy);
    expect(b.can('a/web', 'ext', 'TCP/80')).toBe(true);
    expect(lint(parseManifests([{ text: SCENE + policy }]).model).map((d) => d.code)).toContain(
      'admin-nodes-without-nodes',
    );
  });
  it('domainNames match nothing (M26)', () => {
    const policy = anp(
      'dn',
      10,
      `${SUBJ_A}  egress:\n${outRule('Allow', '{domainNames: [example.com]}')}${outRule('Deny', '{networks: [0.0.0.0/0]}')}`,
    );
    const a = analyzeYaml(SCENE + policy);
    expect(a.can('a/web', 'ext', 'TCP/443')).toBe(false);
    expect(lint(parseManifests([{ text: SCENE + policy }]).model).map((d) => d.code)).toContain(
      'admin-domain-names',
    );
  });
});

describe('R9.11 ports', () => {
  const deny = (ports: string) =>
    analyzeYaml(SCENE + anp('p', 10, `${SUBJ_A}  egress:\n${outRule('Deny', NS('b'), ports)}`));
  it('portNumber defaults to TCP; ports never match ICMP; no ports matches ICMP', () => {
    const a = deny('[{portNumber: {port: 80}}]');
    expect(webToApi(a, ['TCP/80', 'UDP/80', 'ICMP'])).toEqual([false, true, true]);
    const b = deny('');
    expect(b.can('a/web', 'b/api', 'ICMP')).toBe(false);
  });
  it('portRange is inclusive; start > end matches nothing and is an error finding (M31)', () => {
    const a = deny('[{portRange: {protocol: UDP, start: 5000, end: 5002}}]');
    expect(formatConns(a.conn('a/web', 'b/api').allowed)).toBe(
      'TCP all; UDP 1-4999,5003-65535; SCTP all; ICMP',
    );
    const b = deny('[{portRange: {start: 90, end: 80}}]');
    expect(b.can('a/web', 'b/api', 'TCP/85')).toBe(true);
    const d = b.diagnostics.find((x) => x.code === 'admin-port-range-reversed');
    expect(d?.severity).toBe('error');
    expect(d?.field).toBe('spec.egress[0].ports[0].portRange');
  });
  it('namedPort resolves on the destination with the container port protocol', () => {
    const a = deny('[{namedPort: dns}]');
    expect(a.can('a/web', 'b/api', 'UDP/53')).toBe(false);
    expect(a.can('a/web', 'b/api', 'TCP/53')).toBe(true);
  });
});

describe('R9.12 default network only', () => {
  it('a cluster policy does not touch a secondary network, and says so (M27)', () => {
    const nad = `---\napiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: n1, namespace: a}\nspec:\n  config: '{"cniVersion": "0.4.0", "name": "n1", "type": "macvlan", "ipam": {"type": "static"}}'\n`;
    const p2 = (name: string, ip: string) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: a, labels: {app: ${name}}, annotations: {k8s.v1.cni.cncf.io/networks: '[{"name": "n1", "ips": ["${ip}/24"]}]'}}\nspec: {containers: [{name: c}]}\n`;
    const text =
      SCENE +
      nad +
      p2('x1', '192.168.1.1') +
      p2('x2', '192.168.1.2') +
      anp('d', 10, `${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}`);
    const a = analyzeYaml(text);
    expect(a.can('a/x1', 'a/x2', 'TCP/80', 'a/n1')).toBe(true);
    expect(a.can('a/x1', 'a/x2', 'TCP/80')).toBe(false);
    expect(lint(parseManifests([{ text }]).model).map((d) => d.code)).toContain('admin-secondary-networks');
  });
});

describe('R9.13 validation: rejected objects are not applied and name field and line', () => {
  const rejected = (text: string, field: string) => {
    const a = analyzeYaml(SCENE + text);
    const d = a.diagnostics.filter((x) => x.code === 'cluster-policy-invalid');
    expect(d.map((x) => x.field)).toContain(field);
    expect(d.every((x) => x.severity === 'error' && (x.line ?? 0) > 0)).toBe(true);
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(true); // not applied
    return d;
  };
  it('priority out of range', () => {
    rejected(anp('p', 1001, `${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}`), 'spec.priority');
  });
  it('empty subject, subject with two fields, pods without podSelector', () => {
    rejected(anp('p', 1, `  subject: {}\n  ingress:\n${inRule('Deny', ALL_NS)}`), 'spec.subject');
    rejected(
      anp(
        'p',
        1,
        `  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}\n  ingress:\n${inRule('Deny', ALL_NS)}`,
      ),
      'spec.subject',
    );
    rejected(
      anp('p', 1, `  subject: {pods: {namespaceSelector: {}}}\n  ingress:\n${inRule('Deny', ALL_NS)}`),
      'spec.subject.pods.podSelector',
    );
  });
  it('unknown action (with a fix), BANP Pass, BANP not named default', () => {
    const d = rejected(
      anp('p', 1, `${SUBJ_A}  ingress:\n${inRule('deny', ALL_NS)}`),
      'spec.ingress[0].action',
    );
    expect(d[0]?.fix).toBe('Deny');
    rejected(banp(`${SUBJ_A}  ingress:\n${inRule('Pass', ALL_NS)}`), 'spec.ingress[0].action');
    rejected(banp(`${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}`, 'other'), 'metadata.name');
  });
  it('empty from, removed sameLabels, invalid CIDR, namedPort with networks', () => {
    rejected(anp('p', 1, `${SUBJ_A}  ingress:\n  - {action: Deny, from: []}\n`), 'spec.ingress[0].from');
    rejected(
      anp('p', 1, `${SUBJ_A}  ingress:\n${inRule('Deny', '{namespaces: {sameLabels: [team]}}')}`),
      'spec.ingress[0].from[0].namespaces.sameLabels',
    );
    rejected(
      anp(
        'p',
        1,
        `${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}  egress:\n${outRule('Deny', '{networks: [10.0.0.0/33]}')}`,
      ),
      'spec.egress[0].to[0].networks[0]',
    );
    rejected(
      anp(
        'p',
        1,
        `${SUBJ_A}  ingress:\n${inRule('Deny', ALL_NS)}  egress:\n${outRule('Deny', '{networks: [10.0.0.0/8]}', '[{namedPort: http}]')}`,
      ),
      'spec.egress[0].ports',
    );
  });
});

describe('R9.15 ClusterNetworkPolicy', () => {
  it('Admin tier Accept decides; a Baseline Pass ends the Baseline tier (default allow)', () => {
    const a = analyzeYaml(
      SCENE +
        cnp('adm', 'Admin', 5, `${SUBJ_A}  ingress:\n${inRule('Accept', NS('mon'))}`) +
        cnp(
          'base',
          'Baseline',
          5,
          `${SUBJ_A}  ingress:\n${inRule('Pass', NS('b'))}${inRule('Deny', ALL_NS)}`,
        ) +
        np('a', 'deny', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n'),
    );
    expect(a.can('mon/prom', 'a/db', 'TCP/80')).toBe(true); // Accept over the NP
    expect(a.can('b/api', 'a/web', 'TCP/80')).toBe(true); // Baseline Pass → allowed
    expect(a.can('mon/prom', 'a/web', 'TCP/80')).toBe(true);
    expect(a.can('a/db', 'a/web', 'TCP/80')).toBe(false); // Baseline Deny
    expect(a.can('b/api', 'a/db', 'TCP/80')).toBe(false); // NP tier decides for a/db
    expect(a.codes()).not.toContain('cluster-policy-invalid');
  });
  it('protocols entries: tcp destinationPort number/range, destinationNamedPort; range start >= end rejected', () => {
    // a CNP of the Admin tier on a denying egress to b with these protocols
    const denyToB = (protocols: string) =>
      analyzeYaml(SCENE + cnp('p', 'Admin', 5, `${SUBJ_A}  egress:\n${outRule('Deny', NS('b'), protocols)}`));
    const a = denyToB(
      '[{tcp: {destinationPort: {range: {start: 80, end: 81}}}}, {destinationNamedPort: dns}]',
    );
    expect(webToApi(a, ['TCP/81', 'UDP/53', 'TCP/82'])).toEqual([false, false, true]);
    const b = denyToB('[{tcp: {destinationPort: {range: {start: 81, end: 81}}}}]');
    expect(b.diagnostics.map((x) => x.field)).toContain(
      'spec.egress[0].protocols[0].tcp.destinationPort.range',
    );
    expect(b.can('a/web', 'b/api', 'TCP/81')).toBe(true);
  });
});

describe('R9.16 explanation chain', () => {
  it('names policy, priority, rule, action, then the NetworkPolicy tier, BANP or default', () => {
    const a = analyzeYaml(
      SCENE +
        anp(
          'sre-deny',
          10,
          `${SUBJ_A}  ingress:\n${inRule('Allow', NS('mon'))}  - {name: block-b, action: Deny, from: [${NS('b')}]}\n`,
        ) +
        banp(`${SUBJ_A}  ingress:\n  - {name: deny-rest, action: Deny, from: [{namespaces: {}}]}\n`),
    );
    expect(shortReason(a.conn('b/api', 'a/web'))).toBe(
      'ingress: ANP `sre-deny` priority 10 ingress rule #1 `block-b` Deny: all',
    );
    expect(explainConnection(a.conn('a/db', 'a/web'))[2]).toBe(
      'ingress of a/web: no admin rule → BANP `default` ingress rule #0 `deny-rest` Deny: all',
    );
    expect(shortReason(a.conn('a/web', 'b/api'))).toBe('no policy isolates either side');
  });
  it('Pass → NetworkPolicy names the allowing rule', () => {
    const a = analyzeYaml(
      SCENE + anp('pass', 3, `${SUBJ_A}  ingress:\n${inRule('Pass', NS('b'))}`) + npInA('x', 'b', 80),
    );
    expect(shortReason(a.conn('b/api', 'a/web'))).toBe(
      'ingress: ANP `pass` priority 3 ingress rule #0 Pass: all; ANP Pass → NetworkPolicy tier (selected by NetworkPolicy a/x): NetworkPolicy a/x ingress[0] allows TCP 80',
    );
  });
});

describe('kinds that filter traffic but are not evaluated', () => {
  it('are a warning naming the object, not a silent info', () => {
    const a = analyzeYaml(
      SCENE +
        '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: a}\nspec: {}\n' +
        '---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: cal, namespace: a}\nspec: {}\n',
    );
    const d = a.diagnostics.filter((x) => x.code === 'kind-not-evaluated');
    expect(d.map((x) => [x.severity, x.object?.kind, x.object?.name])).toEqual([
      ['warning', 'CiliumNetworkPolicy', 'c'],
      ['warning', 'NetworkPolicy', 'cal'],
    ]);
    expect(a.codes()).not.toContain('api-version-wrong');
  });
});

describe('incremental analysis with cluster policies', () => {
  it('an edited ANP recompiles alone and flips exactly its verdicts', () => {
    const an = new Analyzer();
    const base = SCENE + anp('d', 10, `${SUBJ_A}  ingress:\n${inRule('Deny', NS('b'))}`);
    const r1 = an.analyze(parseManifests([{ text: base }]).model);
    const get = (r: typeof r1, f: string, t: string) =>
      formatConns(
        r.connections.find((c) => c.from === f && c.to === t)?.allowed ?? {
          TCP: [],
          UDP: [],
          SCTP: [],
          ICMP: false,
        },
      );
    expect(get(r1, 'b/api', 'a/web')).toBe('none');
    const r2 = an.analyze(parseManifests([{ text: base.replace('action: Deny', 'action: Allow') }]).model);
    expect(an.stats.recompiled).toBe(1);
    expect(get(r2, 'b/api', 'a/web')).toBe('all');
    expect(r2.connections.length).toBe(r1.connections.length);
  });
});

describe('R9.16 in the CLI JSON', () => {
  it('the reason of each side carries the chain', async () => {
    const { runCli } = await import('../../cli/run');
    const text =
      SCENE +
      anp('sre-deny', 10, `${SUBJ_A}  ingress:\n  - {name: block-b, action: Deny, from: [${NS('b')}]}\n`);
    const out = runCli(['analyze', 'x.yaml', '--format', 'json'], { readFile: () => text });
    const json = JSON.parse(out.stdout) as {
      connections: { from: string; to: string; why: { ingress: number } }[];
      reasons: { tiers?: { steps: { text: string }[] } }[];
    };
    const c = json.connections.find((x) => x.from === 'b/api' && x.to === 'a/web');
    expect(json.reasons[c?.why.ingress ?? -1]?.tiers?.steps.map((s) => s.text)).toEqual([
      'AdminNetworkPolicy `sre-deny` priority 10 ingress rule #0 `block-b` Deny',
    ]);
  });
});
