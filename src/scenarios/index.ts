import type { Expectation } from '../engine/expect';

/** Built-in scenarios from the seed documents: what the gallery shows and tests assert. */
/** The outcome a story states, in the expectation format of `npm run cli -- test`. */
export interface ProbeClaim extends Expectation {
  readonly text: string;
}

export interface ScenarioInfo {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly story: string;
  /** The outcome the story states, shown and checked. */
  readonly claim: ProbeClaim;
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    id: 'kubevirt-blog',
    title: 'KubeVirt VMs on a flat layer2 network',
    source: 'KubeVirt blog, 2023',
    story:
      'Six VMs on the OVN-K layer2 network flatl2net (static IPs from cloud-init). The MultiNetworkPolicy ingress-ipblock admits ingress only from 10.200.0.0/30: vm1-vm3 reach everyone, vm4-vm6 reach no one.',
    claim: {
      from: 'default/vm4',
      to: 'default/vm1',
      network: 'default/flatl2net',
      protocol: 'ICMP',
      allowed: false,
      text: 'vm4 can no longer ping vm1',
    },
  },
  {
    id: 'localnet-db',
    title: 'Only the VM reaches the database (localnet)',
    source: 'OVN-Kubernetes blog, 2023',
    story:
      'A localnet network bridged to the physical network, a pod and a VM next to a PostgreSQL outside the cluster. The blog left the policy as a TODO; two MultiNetworkPolicies let only the VM reach the database on TCP 5432.',
    claim: {
      from: 'default/vm-server',
      to: 'postgres',
      network: 'default/tenantblue',
      protocol: 'TCP',
      port: 5432,
      allowed: true,
      text: 'vm-server reaches postgres on TCP 5432',
    },
  },
  {
    id: 'ovnk-flat-l2',
    title: 'Producer → processor → monitoring',
    source: 'OVN-Kubernetes docs, MultiNetworkPolicies',
    story:
      'VMC (producer) may send to VMA (processor) but not to VMB (monitoring); VMA sends alerts to VMB. Selector peers work because the layer2 network has subnets.',
    claim: {
      from: 'default/vmc',
      to: 'default/vmb',
      network: 'default/tenant-blue',
      protocol: 'TCP',
      port: 9000,
      allowed: false,
      text: 'the producer cannot reach monitoring',
    },
  },
  {
    id: 'harvester-netpol-1',
    title: 'Harvester example 1: only VM1 ↔ VM2',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'An ipBlock policy on ingress and egress: VM1 and VM2 (172.20.10.0/30) talk to each other; everything else in the namespace is blocked.',
    claim: {
      from: 'default/vm3',
      to: 'default/vm1',
      network: 'default',
      protocol: 'TCP',
      port: 80,
      allowed: false,
      text: 'VM3 cannot reach VM1',
    },
  },
  {
    id: 'harvester-netpol-2',
    title: 'Harvester example 2: ingress from /30 only',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story: 'Ingress only from 172.20.10.0/30: VM1 and VM2 reach everyone, the other VMs reach no one.',
    claim: {
      from: 'default/vm1',
      to: 'default/vm5',
      network: 'default',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      text: 'VM1 reaches VM5',
    },
  },
  {
    id: 'harvester-netpol-3',
    title: 'Harvester example 3: the `egress` typo',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'As written, `policyTypes: - egress` is rejected by the API server (case-sensitive), so nothing is restricted. Fix it to `Egress` to get the documented effect.',
    claim: {
      from: 'default/vm3',
      to: 'default/vm4',
      network: 'default',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      text: 'VM3 still reaches VM4: the policy was rejected',
    },
  },
  {
    id: 'harvester-netpol-4',
    title: 'Harvester example 4: the `VM2` selector',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'As written, `vm.kubevirt.io/name: VM2` selects nothing (VM names are lowercase), so VM2 is not isolated. Fix it to `vm2`.',
    claim: {
      from: 'default/vm2',
      to: 'default/vm3',
      network: 'default',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      text: 'VM2 still reaches VM3: the selector matches nothing',
    },
  },
  {
    id: 'harvester-acl-1',
    title: 'Kube-OVN Subnet ACL example 1',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'Drops to and from 172.20.10.0/30 at priority 1005: VM1 (.2) and VM2 (.3) are cut off, also from each other and from the gateway.',
    claim: {
      from: 'default/vm1',
      to: 'default/vm3',
      network: 'default/vswitch1',
      protocol: 'TCP',
      port: 80,
      allowed: false,
      text: 'VM1 cannot reach VM3',
    },
  },
  {
    id: 'harvester-acl-2',
    title: 'Kube-OVN Subnet ACL example 2: priority',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'Allow rules for .2 at priority 1006 win over the 1005 drops: VM1 talks to the others; VM2 (.3) stays isolated.',
    claim: {
      from: 'default/vm4',
      to: 'default/vm1',
      network: 'default/vswitch1',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      text: 'VM3… VM5 reach VM1 thanks to the 1006 rule',
    },
  },
  {
    id: 'harvester-acl-3',
    title: 'Kube-OVN Subnet ACL example 3: one-way?',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'One to-lport drop for .2. Nothing reaches VM1; VM1 may start connections, but with no stateful ACL every reply to it is dropped too — the document says otherwise.',
    claim: {
      from: 'default/vm3',
      to: 'default/vm1',
      network: 'default/vswitch1',
      protocol: 'ICMP',
      allowed: false,
      text: 'VM3 cannot ping VM1',
    },
  },
  {
    id: 'harvester-acl-4',
    title: 'Kube-OVN Subnet ACL example 4: tcp.src',
    source: 'Harvester docs, Kube-OVN VM isolation',
    story:
      'Drops TCP from 172.20.10.6 with source port 9501: only VM5’s replies from port 9501 are dropped; its own connections pass.',
    claim: {
      from: 'default/vm5',
      to: 'default/vm1',
      network: 'default/vswitch1',
      protocol: 'TCP',
      port: 9501,
      allowed: true,
      text: 'VM5 still connects to VM1:9501 (ephemeral source port)',
    },
  },
  {
    id: 'virtrigaud',
    title: 'VirtRigaud provider and tenant policies',
    source: 'VirtRigaud docs, Network Policies',
    story:
      'Provider ingress/egress, vSphere/libvirt/mock providers and multi-tenant isolation as written. The "deny-cross-tenant" policy has `from: []`, which admits every tenant; several lockdowns leave no DNS.',
    claim: {
      from: 'tenant-staging/vm-app',
      to: 'tenant-production/vm-app',
      network: 'default',
      protocol: 'TCP',
      port: 443,
      allowed: true,
      text: 'staging still reaches production',
    },
  },
  {
    id: 'udn-tenants',
    title: 'Two tenants on primary UserDefinedNetworks',
    source: 'OVN-Kubernetes / OpenShift UDN docs',
    story:
      'tenant-a and tenant-b each get a primary Layer2 UDN (same subnet: networks are isolated, addresses may overlap) with a VM and a frontend; the admin CUDN backup joins both VMs to a backup server. Nothing crosses between tenants or to the default network; a NetworkPolicy in tenant-a applies on its UDN.',
    claim: {
      from: 'tenant-a/vm-a',
      to: 'tenant-b/vm-b',
      network: 'default',
      protocol: 'TCP',
      port: 5432,
      allowed: false,
      text: 'vm-a cannot reach vm-b except on the backup network',
    },
  },
];
