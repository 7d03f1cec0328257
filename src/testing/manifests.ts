// Small YAML documents in the flow style the suites write by hand, built by one function per kind
// so a scene reads as a list of objects. Each returns whole lines (ending in a newline), joined by
// `docs`; the text is exactly what the suites wrote before, so diagnostics keep their line numbers.

/** Documents joined by `---` lines. */
export const docs = (...parts: readonly string[]): string => parts.join('---\n');

const withLabels = (labels: string | undefined): string => (labels ? `, labels: {${labels}}` : '');

/** A Namespace; `labels` in flow style, e.g. `team: a`. */
export const namespace = (name: string, labels?: string): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}${withLabels(labels)}}\n`;

/** `---` and a Namespace labelled `team: <name>` (the admin-tier suites' scenes). */
export const teamNamespace = (name: string): string => `---\n${namespace(name, `team: ${name}`)}`;

export interface PodParts {
  /** Flow-style labels, e.g. `app: a`. */
  readonly labels?: string;
  /** The spec: a flow mapping (`{containers: [...]}`) or block lines starting with a newline. */
  readonly spec?: string;
  /** status.podIP. */
  readonly ip?: string;
  /** The Multus networks annotation (`net1, x/net2@eth2` or a JSON list). */
  readonly networks?: string;
}

/** A Pod `ns/name`. */
export function pod(ns: string, name: string, parts: PodParts = {}): string {
  const { labels, spec, ip, networks } = parts;
  const annotations =
    networks === undefined ? '' : `, annotations: {k8s.v1.cni.cncf.io/networks: '${networks}'}`;
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: {name: ${name}, namespace: ${ns}${withLabels(labels)}${annotations}}`,
  ];
  if (spec !== undefined) lines.push(`spec:${spec.startsWith('\n') ? '' : ' '}${spec}`);
  if (ip !== undefined) lines.push(`status: {podIP: ${ip}}`);
  return `${lines.join('\n')}\n`;
}

/** An AdminNetworkPolicy: flow-style subject, and one flow-style mapping per ingress rule. */
export const adminNetworkPolicy = (
  name: string,
  priority: number,
  subject: string,
  ingress: string[],
): string =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n  subject: ${subject}\n  ingress:\n${ingress.map((r) => `  - ${r}\n`).join('')}`;

/** A NetworkAttachmentDefinition `ns/name` with its CNI config (JSON, single-quoted in the YAML). */
export const nad = (ns: string, name: string, config: string): string =>
  `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  config: '${config}'\n`;

/**
 * The admin-tier suites' scenes: one pod per `ns/name@ip`, labelled app=<name>, with `spec`
 * (a flow mapping), after the team namespaces they live in (first use first, labelled team=<ns>);
 * every document starts with `---`.
 */
export function teamScene(pods: readonly string[], spec: string): string {
  const parsed = pods.map((p) => {
    const [ref = '', ip = ''] = p.split('@');
    const [ns = '', name = ''] = ref.split('/');
    return { ns, name, ip };
  });
  const namespaces = [...new Set(parsed.map((p) => p.ns))].map(teamNamespace);
  const docs = parsed.map((p) => `---\n${pod(p.ns, p.name, { labels: `app: ${p.name}`, spec, ip: p.ip })}`);
  return [...namespaces, ...docs].join('');
}

/**
 * A KubeVirt VirtualMachine `ns/name` on the pod network: template labels in flow style, and the
 * binding of its one interface (e.g. `masquerade: {}`).
 */
export const virtualMachine = (ns: string, name: string, labels: string, binding: string): string =>
  `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {${labels}}}\n    spec:\n      domain: {devices: {interfaces: [{name: default, ${binding}}]}}\n      networks: [{name: default, pod: {}}]\n`;
