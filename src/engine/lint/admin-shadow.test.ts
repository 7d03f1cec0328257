import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { compileModel } from '../analyze';
import { lint } from '../lint';
import { lintBefore } from '../../testing/lint-before/lint';
import { teamScene } from '../../testing/manifests';

/**
 * M28, semantic: a rule whose peers and ports the earlier rules of its policy (together) already
 * match in this design; CIDRs over the whole address space. Exact findings, including cases a
 * rule-by-rule text comparison missed and cases that must stay silent.
 */
const SCENE =
  teamScene(
    ['a/web@10.0.0.1', 'a/db@10.0.0.2', 'b/api@10.0.1.1'],
    '{containers: [{name: c, ports: [{name: http, containerPort: 8080, protocol: TCP}]}]}',
  ) +
  `---\napiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: ext}\nspec: {ips: [192.0.2.10]}\n`;
const anp = (dir: 'ingress' | 'egress', rules: string[]) =>
  `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: p}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {team: a}}}\n  ${dir}:\n${rules.map((r) => `  - ${r}\n`).join('')}`;
const B = '{namespaces: {matchLabels: {team: b}}}';
const TCP = (port: number) => `{portNumber: {protocol: TCP, port: ${port}}}`;
const RANGE = (protocol: string, start: number, end: number) =>
  `{portRange: {protocol: ${protocol}, start: ${start}, end: ${end}}}`;

function m28(text: string): string[] {
  const parsed = parseManifests([{ text: SCENE + text, file: 'x.yaml' }]);
  return lint(parsed.model)
    .filter((d) => d.code === 'admin-rule-shadowed')
    .map((d) => `${d.field}: ${d.message}`);
}

describe('M28 rule that can never be the first match', () => {
  it('two earlier rules together cover the ports (a one-rule comparison missed it)', () => {
    expect(
      m28(
        anp('ingress', [
          `{action: Deny, from: [${B}], ports: [${RANGE('TCP', 1, 1000)}]}`,
          `{action: Allow, from: [${B}], ports: [${RANGE('TCP', 1001, 65535)}]}`,
          `{action: Allow, from: [${B}], ports: [${TCP(80)}, ${TCP(2000)}]}`,
        ]),
      ),
    ).toEqual([
      'spec.ingress[2]: ingress rule #2 can never be the first match: rules #0 (Deny), #1 (Allow) already match every peer and port it matches in this design',
    ]);
  });
  it('a different selector for the same pods (missed by text comparison)', () => {
    expect(
      m28(
        anp('ingress', [
          `{action: Deny, from: [${B}]}`,
          `{action: Allow, from: [{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}, podSelector: {matchLabels: {app: api}}}}]}`,
        ]),
      ),
    ).toEqual([
      'spec.ingress[1]: ingress rule #1 can never be the first match: rule #0 (Deny) already matches every peer and port it matches in this design',
    ]);
  });
  it('networks match pods (R9.8): a CIDR over every pod IP shadows a namespaces rule', () => {
    expect(
      m28(
        anp('egress', [
          '{action: Deny, to: [{networks: [10.0.0.0/8]}]}',
          '{action: Allow, to: [{namespaces: {}}]}',
        ]),
      ),
    ).toEqual([
      'spec.egress[1]: egress rule #1 can never be the first match: rule #0 (Deny) already matches every peer and port it matches in this design',
    ]);
  });
  it('CIDRs covered by the union of two earlier ones', () => {
    expect(
      m28(
        anp('egress', [
          '{action: Deny, to: [{networks: [10.0.0.0/9]}]}',
          '{action: Pass, to: [{networks: [10.128.0.0/9]}]}',
          '{action: Allow, to: [{networks: [10.0.0.0/8]}]}',
        ]),
      ),
    ).toEqual([
      'spec.egress[2]: egress rule #2 can never be the first match: rules #0 (Deny), #1 (Pass) already match every peer and port it matches in this design',
    ]);
  });
  it('a named port resolved on the peer (web: http = TCP 8080) covers the number', () => {
    const web = '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}';
    expect(
      m28(
        anp('egress', [
          `{action: Allow, to: [${web}], ports: [{namedPort: http}]}`,
          `{action: Deny, to: [${web}], ports: [${TCP(8080)}]}`,
          `{action: Deny, to: [${web}], ports: [${TCP(8081)}]}`,
        ]),
      ),
    ).toEqual([
      'spec.egress[1]: egress rule #1 can never be the first match: rule #0 (Allow) already matches every peer and port it matches in this design',
    ]);
  });
  it('same rule text twice: still found', () => {
    expect(m28(anp('ingress', [`{action: Deny, from: [${B}]}`, `{action: Deny, from: [${B}]}`]))).toEqual([
      'spec.ingress[1]: ingress rule #1 can never be the first match: rule #0 (Deny) already matches every peer and port it matches in this design',
    ]);
  });
  // silent: the later rule matches something no earlier rule does
  it.each<[string, 'ingress' | 'egress', string[]]>([
    [
      'silent: the earlier rule has fewer ports',
      'ingress',
      [`{action: Allow, from: [${B}], ports: [${TCP(80)}]}`, `{action: Deny, from: [${B}]}`],
    ],
    [
      'silent: the later rule reaches more pods',
      'ingress',
      [`{action: Deny, from: [${B}]}`, '{action: Allow, from: [{namespaces: {}}]}'],
    ],
    [
      'silent: ICMP is matched only by a rule without ports',
      'egress',
      [
        `{action: Deny, to: [{networks: [0.0.0.0/0]}], ports: [${RANGE('TCP', 1, 65535)}, ${RANGE('UDP', 1, 65535)}, ${RANGE('SCTP', 1, 65535)}]}`,
        '{action: Allow, to: [{networks: [10.0.0.0/8]}]}',
      ],
    ],
    [
      'silent: a CIDR stands for addresses beyond the design pods an earlier selector covers',
      'egress',
      ['{action: Deny, to: [{namespaces: {}}]}', '{action: Allow, to: [{networks: [10.0.0.0/8]}]}'],
    ],
  ])('%s', (_, dir, rules) => expect(m28(anp(dir, rules))).toEqual([]));
  it('a rule matching nothing here: reported only when the text implies it for any cluster', () => {
    expect(
      m28(
        anp('ingress', [
          '{action: Deny, from: [{namespaces: {}}]}',
          '{action: Allow, from: [{namespaces: {matchLabels: {team: zzz}}}]}',
        ]),
      ),
    ).toEqual([
      'spec.ingress[1]: ingress rule #1 can never be the first match: rule #0 (Deny) already matches every peer and port it names, in any cluster',
    ]);
    expect(
      m28(
        anp('ingress', [
          `{action: Deny, from: [${B}]}`,
          '{action: Allow, from: [{namespaces: {matchLabels: {team: zzz}}}]}',
        ]),
      ),
    ).toEqual([]);
  });
  it('more than 31 rules (hits kept as lists, not bits): the last one shadowed by the first', () => {
    const A = '{namespaces: {matchLabels: {team: a}}}';
    const middle = Array.from(
      { length: 31 },
      (_, k) => `{action: Allow, from: [${A}], ports: [${TCP(k + 1)}]}`,
    );
    expect(
      m28(
        anp('ingress', [
          `{action: Deny, from: [${B}]}`,
          ...middle,
          `{action: Allow, from: [${B}], ports: [${TCP(80)}]}`,
        ]),
      ),
    ).toEqual([
      'spec.ingress[32]: ingress rule #32 can never be the first match: rule #0 (Deny) already matches every peer and port it matches in this design',
    ]);
  });
  it('more than 31 rules with CIDRs (address hits kept as keys): a CIDR over every pod shadows all after it', () => {
    const A = '{namespaces: {matchLabels: {team: a}}}';
    const middle = Array.from(
      { length: 31 },
      (_, k) => `{action: Allow, to: [${A}], ports: [${TCP(k + 1)}]}`,
    );
    const rules = [
      '{action: Deny, to: [{networks: [10.0.0.0/8]}]}',
      ...middle,
      `{action: Allow, to: [{networks: [10.0.1.0/24]}], ports: [${TCP(80)}]}`,
    ];
    const text = SCENE + anp('egress', rules);
    const parsed = parseManifests([{ text, file: 'x.yaml' }]).model;
    const shadowed = (ds: readonly { code: string; field?: string; message: string }[]) =>
      ds.filter((d) => d.code === 'admin-rule-shadowed').map((d) => `${d.field}: ${d.message}`);
    // 10.0.0.0/8 holds every pod here (R9.8): each later rule is the Deny's
    expect(m28(anp('egress', rules))).toEqual(
      Array.from(
        { length: 32 },
        (_, k) =>
          `spec.egress[${k + 1}]: egress rule #${k + 1} can never be the first match: rule #0 (Deny) already matches every peer and port it matches in this design`,
      ),
    );
    expect(shadowed(lint(parsed))).toEqual(shadowed(lintBefore(parsed, compileModel(parsed))));
  });
});
