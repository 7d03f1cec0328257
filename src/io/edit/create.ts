import type { Json } from '../reader';
import { EXTERNAL_API } from '../design';
import { createCudn } from './udn';

export type NewKind =
  | 'Pod'
  | 'VirtualMachine'
  | 'ExternalHost'
  | 'NetworkAttachmentDefinition'
  | 'Namespace'
  | 'NetworkPolicy'
  | 'MultiNetworkPolicy'
  | 'Subnet'
  | 'ClusterUserDefinedNetwork';

export interface NadOptions {
  readonly topology: 'layer2' | 'layer3' | 'localnet';
  readonly subnets?: string;
}

export function nadConfig(name: string, namespace: string, o: NadOptions): string {
  const config: Record<string, unknown> = {
    cniVersion: '0.4.0',
    name,
    type: 'ovn-k8s-cni-overlay',
    topology: o.topology,
    netAttachDefName: `${namespace}/${name}`,
  };
  if (o.subnets) config.subnets = o.subnets;
  return JSON.stringify(config, null, 2);
}

/** Minimal objects with what the API requires, ready for kubectl apply. */
export function createObject(kind: NewKind, name: string, namespace: string): Json {
  switch (kind) {
    case 'Namespace':
      return { apiVersion: 'v1', kind, metadata: { name } };
    case 'Pod':
      return {
        apiVersion: 'v1',
        kind,
        metadata: { name, namespace, labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9' }] },
      };
    case 'VirtualMachine':
      return {
        apiVersion: 'kubevirt.io/v1',
        kind,
        metadata: { name, namespace },
        spec: {
          runStrategy: 'Always',
          template: {
            metadata: { labels: { 'kubevirt.io/domain': name } },
            spec: {
              domain: {
                devices: {
                  disks: [{ name: 'containerdisk', disk: { bus: 'virtio' } }],
                  interfaces: [{ name: 'default', masquerade: {} }],
                },
                resources: { requests: { memory: '1Gi' } },
              },
              networks: [{ name: 'default', pod: {} }],
              volumes: [
                { name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } },
              ],
            },
          },
        },
      };
    case 'ExternalHost':
      return { apiVersion: EXTERNAL_API, kind, metadata: { name }, spec: { network: 'default', ips: [] } };
    case 'NetworkAttachmentDefinition':
      return {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind,
        metadata: { name, namespace },
        spec: { config: nadConfig(name, namespace, { topology: 'layer2' }) },
      };
    case 'NetworkPolicy':
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind,
        metadata: { name, namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [] },
      };
    case 'MultiNetworkPolicy':
      return {
        apiVersion: 'k8s.cni.cncf.io/v1beta1',
        kind,
        metadata: { name, namespace, annotations: { 'k8s.v1.cni.cncf.io/policy-for': '' } },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [] },
      };
    case 'ClusterUserDefinedNetwork':
      // a secondary Layer2 network for every namespace: narrow the namespaces in the form
      return createCudn(name, {}, { topology: 'Layer2', role: 'Secondary', subnets: '192.168.100.0/24' });
    case 'Subnet':
      return {
        apiVersion: 'kubeovn.io/v1',
        kind,
        metadata: { name },
        spec: {
          cidrBlock: '10.100.0.0/24',
          gateway: '10.100.0.1',
          excludeIps: ['10.100.0.1'],
          protocol: 'IPv4',
          provider: 'ovn',
          acls: [],
        },
      };
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
