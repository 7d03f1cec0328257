import { memo } from 'react';
import type { NodeProps, Node } from '@xyflow/react';
import { AdminTierMark } from './admin-mark';
import { Anchor } from './anchor';
import type { WorkloadData } from './flow-model';
import { namespaceColor } from '../shared/colors';

function Icon({ kind }: { kind: string }) {
  if (kind === 'VM') {
    return (
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
        <rect x="2" y="3" width="16" height="11" rx="2" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M7 17h6M10 14v3" stroke="currentColor" strokeWidth="1.8" />
      </svg>
    );
  }
  if (kind === 'External') {
    return (
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
        <ellipse cx="10" cy="5" rx="7" ry="2.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path
          d="M3 5v10c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5V5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
      <path d="M10 2l7 4v8l-7 4-7-4V6z" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}

const KIND_TEXT = { Pod: 'Pod', VM: 'VM', External: 'External host' } as const;

function WorkloadNodeView({ data, selected }: NodeProps<Node<WorkloadData, 'workload'>>) {
  const e = data.endpoint;
  const cls = `wl-node wl-${e.kind.toLowerCase()} role-${data.role}${selected ? ' is-selected' : ''}${data.lite ? ' wl-lite' : ''}`;
  const anchors = (
    <>
      <Anchor type="target" position="top" id="in" style={{ left: '35%' }} />
      <Anchor type="source" position="top" id="out" style={{ left: '65%' }} />
      <Anchor type="source" position="bottom" id="att" className="att-handle" />
    </>
  );
  if (data.lite) {
    // large designs: name and namespace colour only (1,000 nodes render in a fraction of the time)
    return (
      <div
        className={cls}
        data-testid={`node-${data.label}`}
        title={`${KIND_TEXT[e.kind]} ${data.label}`}
        style={e.namespace ? { borderLeft: `6px solid ${namespaceColor(e.namespace)}` } : undefined}
      >
        <span className="wl-name">{e.name}</span>
        {data.findings > 0 && (
          <span className="wl-badge" title={`${data.findings} findings`}>
            {data.findings}
          </span>
        )}
        {anchors}
      </div>
    );
  }
  const labels = Object.keys(e.labels).filter(
    (k) => k !== 'kubevirt.io' && k !== 'vm.kubevirt.io/name',
  ).length;
  return (
    <div className={cls} data-testid={`node-${data.label}`} title={`${KIND_TEXT[e.kind]} ${data.label}`}>
      <div className="wl-head">
        <span className="wl-icon">
          <Icon kind={e.kind} />
        </span>
        <span className="wl-name">{e.name}</span>
        <AdminTierMark label={data.label} />
        {data.findings > 0 && (
          <span className="wl-badge" title={`${data.findings} findings`}>
            {data.findings}
          </span>
        )}
      </div>
      <div className="wl-sub">
        <span className="wl-kind">
          {e.kind === 'VM'
            ? 'VM'
            : e.kind === 'External'
              ? 'external'
              : e.sourceKind === 'Pod'
                ? 'pod'
                : e.sourceKind}
        </span>
        {e.namespace && (
          <span className="ns-badge" style={{ background: namespaceColor(e.namespace) }}>
            {e.namespace}
          </span>
        )}
        {labels > 0 && (
          <span className="wl-labels">
            {labels} label{labels > 1 ? 's' : ''}
          </span>
        )}
      </div>
      {anchors}
    </div>
  );
}

export const WorkloadNode = memo(WorkloadNodeView);
