import type { Diagnostic, ObjectRef, SourcePos } from './diagnostic';
import { baseLabel, type EndpointId, type PolicyId } from './ids';

/** Field path (e.g. `spec.ingress[0].from[0].ipBlock.cidr`) → position in the source text. */
export type SourceMap = Readonly<Record<string, SourcePos>>;

export interface Origin {
  readonly file?: string;
  readonly doc: number; // index of the YAML document in its file
  readonly line: number;
  readonly map: SourceMap;
}

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string; // In | NotIn | Exists | DoesNotExist (others invalid)
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface Namespace {
  readonly name: string;
  readonly labels: Labels;
  readonly declared: boolean; // false when only implied by an object living in it
  readonly origin?: Origin;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** How an attachment IP was learned (SEMANTICS R5.8, R6.3). */
export type IpSource =
  | 'status'
  | 'network-status'
  | 'annotation'
  | 'vmi-status'
  | 'cloud-init'
  | 'ipam-simulated'
  | 'user'
  | 'none';

/** An endpoint's presence on one network. */
export interface Attachment {
  /** `default`, or the NAD key `namespace/name` the endpoint attaches through. */
  readonly nad: string;
  readonly ips: readonly string[];
  readonly ipSource: IpSource;
  readonly iface?: string;
}

/**
 * What an endpoint, a policy and a user-defined network each carry: its kind, name, namespace
 * ('' for externals and cluster-scoped networks) and where it was read.
 */
export interface KindedObject<K extends string> {
  readonly kind: K;
  readonly name: string;
  readonly namespace: string;
  readonly origin?: Origin;
}

export type EndpointKind = 'Pod' | 'VM' | 'External';

export interface Endpoint extends KindedObject<EndpointKind> {
  /** Stable id: `pod:<ns>/<name>`, `vm:<ns>/<name>`, `ext:<name>` (see ids.ts). */
  readonly id: EndpointId;
  /** Kubernetes kind it was read from (Pod, Deployment, VirtualMachine, ...). */
  readonly sourceKind: string;
  readonly labels: Labels;
  readonly attachments: readonly Attachment[];
  readonly namedPorts: readonly NamedPort[];
  readonly hostNetwork: boolean;
  /** OVN-K UserDefinedNetwork hints read from the pod / VM (SEMANTICS §10); absent when none. */
  readonly udn?: EndpointUdnInfo;
}

/** What a pod or VM says about its primary UserDefinedNetwork (R10.5, R10.7, R10.13). */
export interface EndpointUdnInfo {
  /** `k8s.ovn.org/open-default-ports`, parsed; undefined when absent or invalid (then no port is open). */
  readonly openDefaultPorts?: readonly { readonly protocol: string; readonly port?: number }[];
  /** Addresses on the primary network: `k8s.ovn.org/pod-networks` role primary, or network-status `default: true`. */
  readonly primaryIps?: readonly string[];
  readonly primaryIpSource?: IpSource;
  /** VM only: binding of the `pod` network's interface (`l2bridge`, `masquerade`, `bridge`, ...). */
  readonly podBinding?: string;
}

export type Topology = 'layer2' | 'layer3' | 'localnet' | '';

export interface NetworkAttachmentDefinition {
  readonly key: string; // namespace/name
  readonly name: string;
  readonly namespace: string;
  readonly cniType: string; // type of the first plugin (ovn-k8s-cni-overlay, macvlan, ...)
  readonly netName: string; // spec.config name
  readonly topology: Topology;
  readonly subnets: readonly string[];
  readonly excludeSubnets: readonly string[];
  readonly ipamSubnets: readonly string[]; // from a non-OVN-K ipam block (host-local, whereabouts)
  readonly provider?: string; // kube-ovn provider
  /** OVN-K `role` in the config (`primary` / `secondary`); primary NADs serve a namespace like a primary UDN (R10.4). */
  readonly role?: string;
  readonly configValid: boolean;
  readonly origin?: Origin;
}

export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

export interface Peer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}

export interface PolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface Rule {
  /** `from` / `to`; undefined when the key is missing (= all peers, like []). */
  readonly peers?: readonly Peer[];
  /** undefined when missing (= all ports and protocols, ICMP included). */
  readonly ports?: readonly PolicyPort[];
}

export type PolicyKind = 'NetworkPolicy' | 'MultiNetworkPolicy';

export interface Policy extends KindedObject<PolicyKind> {
  /** `netpol:<ns>/<name>` or `mnp:<ns>/<name>` (see ids.ts). */
  readonly id: PolicyId;
  readonly podSelector: LabelSelector;
  /** As written; undefined when the field is absent. */
  readonly policyTypes?: readonly string[];
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
  /** Raw `k8s.v1.cni.cncf.io/policy-for` annotation; undefined when absent (MNP only). */
  readonly policyFor?: string;
  /** The reader met a field the API server cannot decode (wrong type): not applied (R1.4). */
  readonly apiRejected?: boolean;
}

/** A Kube-OVN Subnet ACL as written (the match is parsed by the engine). */
export interface SubnetAcl {
  readonly action: string; // allow-related | allow-stateless | allow | drop | reject
  readonly direction: string; // from-lport | to-lport
  readonly priority: number;
  readonly match: string;
}

/** kubeovn.io/v1 Subnet (cluster-scoped): its CIDR, gateway and ACLs. */
export interface KubeOvnSubnet {
  readonly name: string;
  readonly cidrBlock: string;
  readonly gateway?: string;
  readonly excludeIps: readonly string[];
  /** `ovn` (the default network) or `<nad>.<ns>.ovn` naming an attachment network. */
  readonly provider: string;
  readonly acls: readonly SubnetAcl[];
  readonly origin?: Origin;
}

export type UdnKind = 'UserDefinedNetwork' | 'ClusterUserDefinedNetwork';

/** An OVN-K UserDefinedNetwork (namespaced) or ClusterUserDefinedNetwork, as the engine needs it (R10.1). */
export interface UserDefinedNetwork extends KindedObject<UdnKind> {
  /** Network key (R10.2): `namespace/name` for a UDN, bare `NAME` for a CUDN. */
  readonly key: string;
  readonly topology: 'Layer2' | 'Layer3' | 'Localnet';
  readonly role: 'Primary' | 'Secondary';
  /** Layer3: `cidr/hostSubnet`; Layer2 / Localnet: CIDRs. */
  readonly subnets: readonly string[];
  /** Never handed to endpoints: excludeSubnets, reservedSubnets, infrastructureSubnets. */
  readonly excludeSubnets: readonly string[];
  /** false with `ipam.mode: Disabled` (or a Localnet / old Layer2 without subnets): R5.7 applies. */
  readonly ipam: boolean;
  /** CUDN `spec.namespaceSelector`. */
  readonly namespaceSelector?: LabelSelector;
}

/** An object we read but do not model (Service, ConfigMap, ...): kept and reported. */
export interface IgnoredObject {
  readonly ref: ObjectRef;
  readonly origin?: Origin;
}

export interface Model {
  readonly namespaces: readonly Namespace[];
  readonly endpoints: readonly Endpoint[];
  readonly nads: readonly NetworkAttachmentDefinition[];
  readonly policies: readonly Policy[];
  readonly subnets: readonly KubeOvnSubnet[];
  /** OVN-K (Cluster)UserDefinedNetworks the API server would accept (SEMANTICS §10). */
  readonly udns?: readonly UserDefinedNetwork[];
  readonly ignored: readonly IgnoredObject[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy (SEMANTICS §9). */
  readonly clusterPolicies?: readonly ClusterPolicy[];
  /** Nodes (for `nodes` peers of cluster policies, R9.9). */
  readonly nodes?: readonly ClusterNode[];
}

export type ClusterPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/** A cluster policy's subject or `pods` peer: pods matching podSelector in namespaces matching namespaceSelector. */
export interface NamespacedPods {
  readonly namespaceSelector: LabelSelector;
  readonly podSelector: LabelSelector;
}

/** One peer of a cluster policy rule; exactly one field is set in a valid object (R9.7). */
export interface ClusterPeer {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPods;
  readonly nodes?: LabelSelector;
  readonly networks?: readonly string[];
  readonly domainNames?: readonly string[];
}

/** A port entry (v1alpha1 `ports`, v1alpha2 `protocols`), normalised (R9.11, R9.15). */
export type ClusterPort =
  | { readonly kind: 'number'; readonly protocol: string; readonly port: number }
  | { readonly kind: 'range'; readonly protocol: string; readonly start: number; readonly end: number }
  | { readonly kind: 'named'; readonly name: string };

export interface ClusterRule {
  readonly name?: string;
  /** As written: Allow | Deny | Pass (CNP: Accept | Deny | Pass). */
  readonly action: string;
  readonly peers: readonly ClusterPeer[];
  /** undefined: every protocol and port (ICMP included). */
  readonly ports?: readonly ClusterPort[];
}

export interface ClusterPolicy {
  /** `anp:<name>`, `banp:<name>` or `cnp:<name>`. */
  readonly id: string;
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly tier: 'Admin' | 'Baseline';
  /** ANP and CNP; undefined for a BANP. */
  readonly priority?: number;
  readonly subject: { readonly namespaces?: LabelSelector; readonly pods?: NamespacedPods };
  readonly ingress: readonly ClusterRule[];
  readonly egress: readonly ClusterRule[];
  /** Why the API server would reject it (R9.13): then it is not applied. */
  readonly rejected?: string;
  readonly origin?: Origin;
}

/** A Node: its labels and `status.addresses` (R9.9). */
export interface ClusterNode {
  readonly name: string;
  readonly labels: Labels;
  readonly addresses: readonly string[];
  readonly origin?: Origin;
}

export interface ParseResult {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
}

export const DEFAULT_NETWORK = 'default';

export function emptyModel(): Model {
  return { namespaces: [], endpoints: [], nads: [], policies: [], subnets: [], ignored: [] };
}

/** `namespace/name`, or the external's name (results use `endpointLabeler` in ids.ts). */
export const endpointLabel: (e: Pick<Endpoint, 'kind' | 'namespace' | 'name'>) => string = baseLabel;

export function policyRef(p: Pick<Policy, 'kind' | 'namespace' | 'name'>): ObjectRef {
  return { kind: p.kind, namespace: p.namespace, name: p.name };
}
