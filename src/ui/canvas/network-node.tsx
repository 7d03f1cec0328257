import { memo } from 'react';
import type { NodeProps, Node } from '@xyflow/react';
import { Anchor } from './anchor';
import type { NetworkData } from './flow-model';

const TOPOLOGY_COLOR: Record<string, string> = { layer2: '#0f766e', localnet: '#4f46e5', layer3: '#0e7490' };

/** A network as a bus: a bar under the workloads attached to it, its name and facts below. */
function NetworkNodeView({ data, selected }: NodeProps<Node<NetworkData, 'network'>>) {
  const nad = data.nad;
  const isDefault = data.key === 'default';
  const udn = data.udn;
  const color = isDefault
    ? '#475569'
    : (TOPOLOGY_COLOR[(udn?.topology ?? nad?.topology ?? '').toLowerCase()] ?? '#7c3aed');
  const facts = isDefault
    ? ['cluster pod network · NetworkPolicy']
    : udn
      ? [
          udn.kind === 'ClusterUserDefinedNetwork' ? 'CUDN' : 'UDN',
          `${udn.role} ${udn.topology} · ${udn.subnets.join(', ') || 'no subnets'}`,
        ]
      : nad
        ? [
            `NAD · ${nad.topology || nad.cniType || 'unknown type'}`,
            nad.subnets.join(', ') || nad.ipamSubnets.join(', ') || 'no subnets · static IPs',
          ]
        : ['no NetworkAttachmentDefinition!'];
  return (
    <div
      className={`net-node net-bus${isDefault ? ' net-default' : ''}${!nad && !udn && !isDefault ? ' net-missing' : ''}${selected ? ' is-selected' : ''}${data.faded ? ' faded' : ''}`}
      data-testid={`network-${data.key}`}
    >
      <Anchor type="target" position="top" id="in" />
      <div className="bus-bar" style={{ background: color }} />
      <div className="bus-label">
        <span className="net-name">{isDefault ? 'pod network' : data.key}</span>
        {facts.map((f) => (
          <span key={f} className="net-fact">
            {f}
          </span>
        ))}
        {data.policies > 0 && (
          <span className="net-fact net-policies">
            ⛉ {data.policies} polic{data.policies === 1 ? 'y' : 'ies'}
          </span>
        )}
        <span className="net-count">{data.members ? `${data.members} attached` : 'nothing attached'}</span>
      </div>
    </div>
  );
}

export const NetworkNode = memo(NetworkNodeView);
