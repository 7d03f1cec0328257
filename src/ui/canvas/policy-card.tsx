import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { Anchors } from './group-node';

export interface PolicyCardData extends Record<string, unknown> {
  readonly kind: 'header' | 'subjects' | 'rule' | 'blocked' | 'open';
  readonly title: string;
  readonly subtitle: string;
  readonly chips: readonly { readonly label: string; readonly name: string; readonly text?: string }[];
  readonly more: number;
  readonly testId: string;
}

/** A card of the policy view: its subjects, one rule's peers, the peers it does not admit. */
function PolicyCardView({ data }: NodeProps<Node<PolicyCardData, 'pcard'>>) {
  return (
    <div className={`pcard pcard-${data.kind}`} data-testid={data.testId}>
      <Anchors />
      <div className="pcard-title">
        {data.kind === 'blocked' && <span aria-hidden="true">⊘ </span>}
        {data.title}
      </div>
      {data.subtitle && <div className="pcard-sub">{data.subtitle}</div>}
      {data.chips.length > 0 && (
        <div className="unit-members">
          {data.chips.map((c) => (
            <span
              key={c.label}
              className="member-chip"
              data-label={c.label}
              title={c.text ? `${c.label}: ${c.text}` : c.label}
            >
              {c.name}
            </span>
          ))}
          {data.more > 0 && <span className="member-chip more">+{data.more}</span>}
        </div>
      )}
    </div>
  );
}

export const PolicyCard = memo(PolicyCardView);
