import { memo } from 'react';
import type { NodeProps, Node } from '@xyflow/react';
import { Anchor } from './anchor';
import type { NetworkData } from './flow-model';

function NetworkNodeView({ data, selected }: NodeProps<Node<NetworkData, 'network'>>) {
  const nad = data.nad;
  const isDefault = data.key === 'default';
  const udn = data.udn;
  const detail = isDefault
    ? 'cluster pod network · NetworkPolicy'
    : udn
      ? [`${udn.role} ${udn.topology}`, udn.subnets.join(', ') || 'no subnets'].join(' · ')
      : nad
        ? [
            nad.topology || nad.cniType || 'unknown type',
            nad.subnets.join(', ') || nad.ipamSubnets.join(', ') || 'no subnets',
          ].join(' · ')
        : 'no NetworkAttachmentDefinition!';
  return (
    <div
      className={`net-node${isDefault ? ' net-default' : ''}${!nad && !udn && !isDefault ? ' net-missing' : ''}${selected ? ' is-selected' : ''}${data.faded ? ' faded' : ''}`}
      data-testid={`network-${data.key}`}
    >
      <Anchor type="target" position="top" id="in" />
      <div className="net-name">{isDefault ? 'pod network (default)' : data.key}</div>
      <div className="net-detail">{detail}</div>
    </div>
  );
}

export const NetworkNode = memo(NetworkNodeView);
