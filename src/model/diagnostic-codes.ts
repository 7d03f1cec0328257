// The registry of diagnostic codes: every code the readers, the compiler and the lint rules
// emit, with its usual severity, a one-line description and its anchor in docs/diagnostics.md.
// `DiagnosticCode` is typed from it, so an unregistered code does not compile. One row per code:
// keep a description short enough that its row fits the line width.
import type { Severity } from './diagnostic';

type Entry = readonly [Severity, string];

const CODES = {
  // reading YAML and objects
  'yaml-syntax': ['error', 'the text is not valid YAML'],
  'yaml-alias-bomb': ['error', 'YAML aliases expand beyond the size limit'],
  'too-many-documents': ['error', 'more YAML documents than the reader accepts'],
  'input-too-large': ['error', 'the input is larger than the reader accepts'],
  'file-unreadable': ['error', 'a file could not be read'],
  'not-an-object': ['error', 'a YAML document is not a Kubernetes object'],
  'object-incomplete': ['error', 'an object lacks kind or metadata.name'],
  'kind-missing': ['error', 'an object has no kind'],
  'kind-ignored': ['info', 'a kind that does not affect reachability, kept and ignored'],
  'api-version-wrong': ['error', 'the apiVersion is not valid for the kind'],
  'name-missing': ['error', 'an object has no metadata.name'],
  'field-missing': ['error', 'a required field is missing'],
  'field-type': ['error', 'a field has the wrong type'],
  'field-unknown': ['warning', 'a field the API does not know'],
  'duplicate-object': ['warning', 'an object was read twice; the later one wins'],
  // workloads, networks and addresses
  'ip-invalid': ['error', 'not a valid IP address'],
  'ip-conflict': ['warning', 'two workloads share an address on one network'],
  'ip-outside-subnet': ['warning', "an address outside its network's subnets"],
  'cloud-init-invalid': ['warning', 'cloud-init network data that cannot be read'],
  'networks-annotation-invalid': ['error', 'the k8s.v1.cni.cncf.io/networks annotation cannot be read'],
  'nad-unknown': ['warning', 'an attachment names a NetworkAttachmentDefinition not in the design'],
  'nad-config-invalid': ['error', 'a NetworkAttachmentDefinition config that cannot be read'],
  'nad-name-mismatch': ['warning', 'netAttachDefName does not name the NAD itself'],
  'nad-topology-invalid': ['error', 'an OVN-Kubernetes topology that is not layer2, layer3 or localnet'],
  'endpoint-name-shared': ['warning', 'a Pod and a VM share namespace/name'],
  // policies as the API server validates them
  'selector-invalid': ['error', 'a label selector the API server rejects'],
  'ipblock-invalid': ['error', 'an ipBlock CIDR the API server rejects'],
  'ipblock-bare-ip': ['error', 'an ipBlock written as an address without a prefix length'],
  'ipblock-host-bits': ['warning', 'an ipBlock CIDR with host bits set'],
  'ipblock-except-outside-cidr': ['error', 'an except range outside its CIDR'],
  'peer-empty': ['error', 'a peer with no selector and no ipBlock'],
  'peer-ipblock-with-selector': ['error', 'a peer with both an ipBlock and selectors'],
  'protocol-invalid': ['error', 'a protocol other than TCP, UDP or SCTP'],
  'port-invalid': ['error', 'a port that is neither a number in 1-65535 nor a port name'],
  'endport-invalid': ['error', 'an endPort the API server rejects'],
  'policy-types-case': ['error', 'a policyTypes value in the wrong case'],
  'policy-types-invalid': ['error', 'policyTypes with invalid entries'],
  'duplicate-policy': ['warning', 'two policies with one name'],
  // policies: where they apply
  'policy-for-missing': ['warning', 'a MultiNetworkPolicy without policy-for'],
  'policy-for-unknown-network': ['warning', 'policy-for names a network not in the design'],
  'netpol-not-on-secondary': ['info', 'a NetworkPolicy does not apply on secondary networks'],
  'mnp-kube-ovn-unverified': ['warning', 'MultiNetworkPolicy on Kube-OVN is not verified'],
  'selector-peer-without-subnets': ['warning', 'a selector peer on a network without subnets'],
  // classic mistakes (SEMANTICS §8)
  'mnp-policy-types-missing': ['warning', 'a MultiNetworkPolicy without policyTypes'],
  'egress-only-isolates-ingress': ['warning', 'an egress-only policy that isolates ingress too'],
  'egress-without-dns': ['warning', 'isolated egress that does not allow DNS'],
  'empty-peers-allow-all': ['info', 'an empty from/to allows every peer'],
  'policy-selects-nothing': ['warning', 'a podSelector that matches no workload'],
  'selector-matches-nothing': ['warning', 'a peer selector that matches nothing'],
  'named-port-unresolved': ['warning', 'a named port no workload has'],
  'ipblock-pod-ip': ['warning', 'an ipBlock that is a workload address'],
  'ipblock-covers-cluster-workloads': ['info', 'an ipBlock that also covers cluster workloads'],
  'network-unused-by-policy-namespace': ['warning', "a policy's networks have no workload of its namespace"],
  'shadowed-rule': ['info', 'a rule another rule already covers'],
  'split-rule': ['warning', 'a namespaceSelector and a podSelector in two peers, meant as one'],
  // OVN-Kubernetes user-defined networks (UDN, CUDN) and kinds not modelled
  'udn-invalid': ['error', 'a UserDefinedNetwork the API server rejects'],
  'udn-subnets-missing': ['error', 'a UDN topology that needs subnets has none'],
  'cudn-named-default': ['error', 'a ClusterUserDefinedNetwork named default'],
  'cudn-selects-nothing': ['warning', 'a ClusterUserDefinedNetwork namespaceSelector that matches nothing'],
  'udn-reserved-namespace': ['error', 'a UDN in a namespace OVN-K reserves'],
  'udn-namespace-unlabelled': ['warning', 'a primary UDN namespace without the required label'],
  'udn-multiple-primary': ['error', 'more than one primary network for a namespace'],
  'udn-namespace-no-primary': ['warning', 'a labelled namespace without its primary UDN'],
  'udn-secondary-cross-namespace': ['warning', 'a secondary UDN attachment across namespaces'],
  'udn-peer-other-network': ['warning', 'a policy peer on another primary network'],
  'udn-external-ingress': ['info', 'ingress from outside to a UDN'],
  'udn-vm-binding': ['warning', 'a VM interface binding a primary UDN does not support'],
  'udn-service-unreachable': ['info', 'a Service a UDN workload cannot reach'],
  'udn-policy-for-name': ['warning', 'policy-for naming a UDN by the wrong name'],
  'udn-subnets-overlap': ['warning', 'UDN subnets that overlap'],
  'udn-network-connect-ignored': ['warning', 'ClusterNetworkConnect is read but not modelled'],
  'ovnk-kind-not-modelled': ['warning', 'an OVN-K kind that can change reachability is not modelled'],
  'open-default-ports-invalid': ['error', 'an open-default-ports annotation that cannot be read'],
  'mnp-on-primary-network': ['warning', 'a MultiNetworkPolicy naming a primary network'],
  // command line input
  'directory-empty': ['error', 'a directory with no YAML files'],
  'expectation-invalid': ['error', 'an expectation that cannot be read'],
  'expectations-missing': ['error', 'a test file with no expectations'],
  // Kube-OVN Subnets and their ACLs
  'subnet-cidr-invalid': ['error', 'a Subnet cidrBlock that cannot be read'],
  'subnet-provider-unknown': ['warning', 'a Subnet provider naming no network'],
  'acl-invalid': ['error', 'a Subnet ACL with an invalid action, direction or priority'],
  'acl-match-unsupported': ['warning', 'an ACL match the engine cannot evaluate'],
  'acl-shadowed': ['info', 'an ACL a higher-priority ACL already decides'],
  'acl-priority-conflict': ['warning', 'two ACLs with one priority that disagree'],
  'acl-drops-gateway': ['warning', "an ACL that drops the subnet's gateway"],
  'acl-may-override-netpol': ['info', 'ACLs that may override NetworkPolicy verdicts'],
  'acl-source-port': ['warning', 'an ACL matching source ports'],
  // admin tiers (SEMANTICS section 9)
  'cluster-policy-invalid': ['error', 'an ANP, BANP or ClusterNetworkPolicy the API server rejects (M23)'],
  'admin-port-range-reversed': ['error', 'a portRange whose start is above its end: matches nothing (M31)'],
  'admin-priority-tie': ['warning', 'two policies of one tier, one priority and overlapping subjects (M21)'],
  'admin-priority-ovnk': ['warning', 'an ANP priority above 99: OVN-Kubernetes does not program it (M22)'],
  'admin-networks-match-pods': ['info', 'a networks peer whose CIDR also matches pod traffic (M24)'],
  'admin-nodes-without-nodes': ['warning', 'a nodes peer with no Node objects in the design (M25)'],
  'admin-domain-names': ['warning', 'a domainNames peer: not evaluated, matches nothing (M26)'],
  'admin-secondary-networks': ['info', 'a cluster policy selecting pods also on secondary networks (M27)'],
  'admin-rule-shadowed': ['info', 'a cluster policy rule that can never be the first match (M28)'],
  'admin-allow-over-netpol': ['info', 'an ANP Allow where a NetworkPolicy on the pod would deny (M29)'],
  'cluster-network-policy': ['warning', 'a ClusterNetworkPolicy, not enforced by OVN-Kubernetes (M30)'],
  'admin-pass-without-netpol': ['info', 'a Pass with no NetworkPolicy behind it'],
  'admin-deny-dns': ['warning', 'a cluster policy Deny that cuts DNS'],
  'kind-not-evaluated': ['warning', 'a kind that can change reachability and is not evaluated'],
  // API validation of names, labels and network config
  'name-invalid': ['error', 'a name that is not a valid DNS label or subdomain'],
  'label-invalid': ['error', 'a label key or value the API server rejects'],
  'nad-subnet-invalid': ['error', 'an OVN-Kubernetes subnets or excludeSubnets entry not a valid CIDR'],
  'ipam-no-address': ['warning', 'the simulated IPAM has no address left on a network'],
  // intents (generate)
  'intent-invalid': ['error', 'an intent file line that cannot be read'],
  'intent-unresolved': ['error', 'an intent line naming an unknown workload, host or network'],
  'intent-ignored': ['warning', "an intent line outside any policy's reach, ignored"],
  'intent-dns-kept': ['info', 'DNS egress to kube-dns kept on the pod network'],
  'intent-host-network': ['warning', 'a hostNetwork pod in the intent: policies do not isolate it'],
  'intent-ipblock-peers': ['info', 'peers written as ipBlocks where the network ignores selectors'],
  'intent-network-unenforced': ['warning', 'a covered network where no policy is enforced'],
  'intent-inexact': ['warning', 'intent mode: a wanted connection no generated policy expresses exactly'],
  'intent-policy-narrowed': ['warning', 'a kept policy re-issued, policy-for narrowed to uncovered networks'],
} as const satisfies Record<string, Entry>;

export type DiagnosticCode = keyof typeof CODES;

export interface DiagnosticCodeInfo {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly description: string;
  /** Where the code is explained (docs/diagnostics.md, one heading per code). */
  readonly docs: string;
}

export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = (
  Object.entries(CODES) as [DiagnosticCode, Entry][]
).map(([code, [severity, description]]) => ({
  code,
  severity,
  description,
  docs: `docs/diagnostics.md#${code}`,
}));

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(CODES, code);
}

export function codeInfo(code: DiagnosticCode): DiagnosticCodeInfo {
  return DIAGNOSTIC_CODES.find((c) => c.code === code) as DiagnosticCodeInfo;
}
