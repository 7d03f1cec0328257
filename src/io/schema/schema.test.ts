import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../k8s-to-model';
import { dumpObject, parseDesignYaml, serializeDesign } from '../design';
import { loadCases, pendingDirs } from '../../testing/conformance';
import { validateStrict, withoutUnknownFields } from './schemas';

// Issue 20 item 19: unknown and wrongly typed fields, against the published schemas.
const findings = (text: string) =>
  parseManifests([{ text, file: 'm.yaml' }], validateStrict)
    .diagnostics.filter((d) => ['field-unknown', 'field-type', 'cluster-policy-invalid'].includes(d.code))
    .map((d) => [d.severity, d.code, d.object?.kind, d.field, d.line]);

describe('unknown fields, one per family of kinds', () => {
  const cases: [string, string, string, number][] = [
    [
      'core: Pod',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: i}]\n  hostNetwrk: true',
      'spec.hostNetwrk',
      6,
    ],
    [
      'core: Deployment',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replica: 2\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}',
      'spec.replica',
      5,
    ],
    [
      'core: Namespace',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  label: {a: b}',
      'metadata.label',
      5,
    ],
    [
      'core: NetworkPolicy',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - form: [{podSelector: {}}]',
      'spec.ingress[0].form',
      7,
    ],
    [
      'core: Service',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetport: 8080}]',
      'spec.ports[0].targetport',
      5,
    ],
    [
      'core: Node',
      'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  adresses: []',
      'status.adresses',
      5,
    ],
    [
      'KubeVirt: VirtualMachine',
      'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm}\nspec:\n  template:\n    spec:\n      domain: {devices: {}}\n      termination/GracePeriodSeconds: 30',
      'spec.template.spec.termination/GracePeriodSeconds',
      8,
    ],
    [
      'CRD: NetworkAttachmentDefinition',
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: n}\nspec:\n  config: "{}"\n  conifg: "{}"',
      'spec.conifg',
      6,
    ],
    [
      'CRD: MultiNetworkPolicy',
      'apiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata: {name: m}\nspec:\n  podSelector: {}\n  policyType: [Ingress]',
      'spec.policyType',
      6,
    ],
    [
      'CRD: AdminNetworkPolicy',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  ingres: []',
      'spec.ingres',
      7,
    ],
    [
      'CRD: BaselineAdminNetworkPolicy',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  egres: []',
      'spec.egres',
      6,
    ],
    [
      'CRD: ClusterNetworkPolicy',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 10\n  subject: {namespaces: {}}\n  colour: red',
      'spec.colour',
      8,
    ],
    [
      'CRD: UserDefinedNetwork',
      'apiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata: {name: u, namespace: x}\nspec:\n  topology: Layer2\n  layer2: {role: Secondary, subnets: [10.0.0.0/24], mtuu: 1400}',
      'spec.layer2.mtuu',
      6,
    ],
    [
      'CRD: ClusterUserDefinedNetwork',
      'apiVersion: k8s.ovn.org/v1\nkind: ClusterUserDefinedNetwork\nmetadata: {name: c}\nspec:\n  namespaceSelector: {}\n  networkk: {}',
      'spec.networkk',
      6,
    ],
  ];
  it.each(cases)('%s: flagged with object, field and line', (_, text, field, line) => {
    const kind = /kind: (\w+)/.exec(text)?.[1] ?? '';
    // admin tiers: the reader's own check (R9.13: rejected, not applied) answers first, once
    const admin = /NetworkPolicy$/.test(kind) && /policy\.networking/.test(text);
    expect(findings(text)).toEqual([
      admin
        ? ['error', 'cluster-policy-invalid', kind, field, line]
        : ['warning', 'field-unknown', kind, field, line],
    ]);
  });

  it('the object is read as the API server stores it without strict validation (field dropped)', () => {
    const r = parseManifests([{ text: cases[3]?.[1] ?? '', file: 'm.yaml' }], validateStrict);
    // `form` is not `from`: the rule has no peers, so it admits everyone (and says so)
    expect(r.model.policies[0]?.ingress).toEqual([{}]);
    expect(r.model.policies[0]?.apiRejected).toBeUndefined();
  });
});

describe('wrongly typed fields', () => {
  it('an integer given as text, a list given as a mapping: errors with their lines', () => {
    const text = [
      'apiVersion: kubevirt.io/v1',
      'kind: VirtualMachine',
      'metadata: {name: vm, namespace: x}',
      'spec:',
      '  template:',
      '    spec:',
      '      domain: {devices: {}}',
      '      terminationGracePeriodSeconds: thirty',
      '      volumes: {name: v}',
    ].join('\n');
    expect(findings(text)).toEqual([
      // the reader reads volumes (cloud-init addresses) and reports its type first
      ['error', 'field-type', 'VirtualMachine', 'spec.template.spec.volumes', 9],
      ['error', 'field-type', 'VirtualMachine', 'spec.template.spec.terminationGracePeriodSeconds', 8],
    ]);
    const d = parseManifests([{ text, file: 'm.yaml' }], validateStrict).diagnostics.find(
      (x) => x.field === 'spec.template.spec.terminationGracePeriodSeconds',
    );
    expect(d?.message).toBe(
      'expected a number, found string "thirty": the API server cannot decode this object and rejects it (kubectl apply fails); the field was ignored',
    );
  });

  it('quantities and int-or-string ports accept numbers and strings', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i\n    resources: {requests: {cpu: 2, memory: 1Gi}}\n    readinessProbe: {httpGet: {port: http}}';
    expect(findings(text)).toEqual([]);
  });

  it('a finding the reader already made is not repeated', () => {
    const text =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabel: {a: b}}';
    const all = parseManifests([{ text, file: 'm.yaml' }], validateStrict).diagnostics.filter(
      (d) => d.field === 'spec.podSelector.matchLabel',
    );
    expect(all.map((d) => d.code)).toEqual(['field-unknown']);
  });
});

describe('the KubeVirt blog typo', () => {
  const blog = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');
  it('import warns on each VM, with its line', () => {
    expect(findings(blog)).toEqual(
      [56, 110, 164, 218, 272, 326].map((line) => [
        'warning',
        'field-unknown',
        'VirtualMachine',
        'spec.template.spec.termination/GracePeriodSeconds',
        line,
      ]),
    );
  });
  it('export leaves it out, and keeps every other field', () => {
    const objects = parseDesignYaml(blog).objects;
    const out = serializeDesign(objects, 'blog', (o) => dumpObject(withoutUnknownFields(o)));
    expect(blog).toContain('termination/GracePeriodSeconds');
    expect(out).not.toContain('GracePeriodSeconds');
    expect(findings(out)).toEqual([]);
    expect(out.match(/kind: VirtualMachine$/gm)).toHaveLength(6);
    expect(out).toContain('networkName: flatl2net');
  });
});

describe('no false positives', () => {
  const texts: [string, string][] = [
    ...readdirSync('src/scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f): [string, string] => [f, readFileSync(`src/scenarios/${f}`, 'utf8')]),
    ...[...loadCases(), ...pendingDirs().flatMap((d) => loadCases(d))].map((c): [string, string] => [
      c.file,
      c.manifests,
    ]),
  ];
  it('every gallery example and conformance manifest: only the real typo is found', () => {
    // the schema's own findings (the admin readers' R9.13 errors are their tests' business)
    const found = texts.flatMap(([file, text]) =>
      findings(text)
        .filter((f) => f[1] !== 'cluster-policy-invalid')
        .map((f) => `${file} ${String(f[3])}`),
    );
    // the blog's typo, also in the np-guard case built from the same blog post
    expect(new Set(found)).toEqual(
      new Set([
        'kubevirt-blog.yaml spec.template.spec.termination/GracePeriodSeconds',
        'np-guard-multinet/np-guard-mn-nad-test-16.yaml spec.template.spec.termination/GracePeriodSeconds',
      ]),
    );
    expect(found).toHaveLength(12);
    expect(texts.length).toBeGreaterThan(100);
  });
});

describe('checkValue spells out the path of each problem (and only then)', () => {
  it('map values, list items at depth, unknown keys, under a prefix', async () => {
    const { checkValue, schemaOf } = await import('./check');
    const { SCHEMAS } = await import('./schemas');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', labels: { app: 3, ok: 'x' } },
      spec: {
        containers: [
          { name: 'c', image: 'i' },
          { name: 'd', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 'x', bogus: 1 }] },
        ],
      },
    };
    const schema = schemaOf(SCHEMAS, 'v1', 'Pod');
    expect(schema).toBeDefined();
    const problems = checkValue(SCHEMAS, schema as NonNullable<typeof schema>, pod, 'items[2]');
    expect(problems).toEqual([
      { path: 'items[2].metadata.labels.app', problem: 'type', want: 'a string', got: 3 },
      {
        path: 'items[2].spec.containers[1].ports[1].containerPort',
        problem: 'type',
        want: 'an integer',
        got: 'x',
      },
      { path: 'items[2].spec.containers[1].ports[1].bogus', problem: 'unknown' },
    ]);
    expect(checkValue(SCHEMAS, schema as NonNullable<typeof schema>, { ...pod, spec: [] })).toContainEqual({
      path: 'spec',
      problem: 'type',
      want: 'a mapping',
      got: [],
    });
  });
});
