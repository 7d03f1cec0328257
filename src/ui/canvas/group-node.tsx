import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { namespaceColor, namespaceMarkColor } from '../shared/colors';
import { useCanvasView } from './view-state';
import { Anchor } from './anchor';
import { useLights, useRole } from './lights';
import { groupBar } from './group-bar';

export type UnitRole = 'none' | 'lit' | 'dim' | 'focus';

export interface GroupCardData extends Record<string, unknown> {
  readonly unit: string;
  readonly title: string;
  readonly count: number;
  readonly members: readonly { readonly label: string; readonly name: string; readonly kind: string }[];
  readonly more: number;
  readonly namespaces: readonly string[];
  readonly reaches: string;
  readonly from: string;
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** What the +/− button folds: the group (for a group and for each of its unfolded members). */
  readonly toggleId: string;
}

export interface NamespaceCardData extends Record<string, unknown> {
  readonly unit: string;
  readonly ns: string;
  readonly count: number;
  readonly kinds: string;
  readonly groups: readonly number[];
  readonly expanded: boolean;
  readonly focusName: string | undefined;
  /** Other cards it reaches / is reached from (any allowed pair). */
  readonly reaches: number;
  readonly from: number;
  /** Drawn from the model before the engine's first answer: groups and reach are not known yet. */
  readonly pending: boolean;
}

const KIND_MARK: Record<string, string> = { VM: '▭', Pod: '⬡', External: '◍' };

/** Hidden anchors: React Flow needs a handle at each end; bundle edges draw border to border. */
export function Anchors() {
  return (
    <>
      <Anchor type="target" position="top" id="in" className="card-anchor" />
      <Anchor type="source" position="bottom" id="out" className="card-anchor" />
    </>
  );
}

function Toggle({ unit, open, what }: { unit: string; open: boolean; what: string }) {
  const toggle = useCanvasView((s) => s.toggle);
  return (
    <button
      type="button"
      className="nodrag unit-toggle"
      aria-label={`${open ? 'Collapse' : 'Expand'} ${what}`}
      data-testid={`toggle-${unit}`}
      onClick={(e) => {
        e.stopPropagation();
        toggle(unit);
      }}
    >
      {open ? '−' : '+'}
    </button>
  );
}

function GroupCardView({ data, selected }: NodeProps<Node<GroupCardData, 'reachgroup'>>) {
  const role = useRole(data.unit);
  // a dimmed group's reach words wait for the complete answer (its bundles were not all scanned)
  const hush = useLights((s) => role === 'dim' && !s.lights.complete);
  return (
    <div
      className={`unit-card group-card role-${role}${selected ? ' is-selected' : ''}`}
      data-testid={`unit-${data.unit}`}
      data-count={data.count}
    >
      <div className="unit-head">
        <span className="unit-title">{data.title}</span>
        {data.count > 1 && <span className="unit-count">{data.count}</span>}
        {data.expandable && <Toggle unit={data.toggleId} open={data.expanded} what={data.title} />}
      </div>
      <div className="unit-sub">
        {data.namespaces.map((n) => (
          <span key={n} className="ns-badge" style={{ background: namespaceColor(n) }}>
            {n}
          </span>
        ))}
      </div>
      {data.count > 1 && (
        <div className="unit-members">
          {data.members.map((m) => (
            <span key={m.label} className={`member-chip kind-${m.kind.toLowerCase()}`} title={m.label}>
              {KIND_MARK[m.kind] ?? ''} {m.name}
            </span>
          ))}
          {data.more > 0 && <span className="member-chip more">+{data.more}</span>}
        </div>
      )}
      <Anchors />
      <div className="unit-reach" data-testid={`reach-${data.unit}`}>
        <span className="to">→ reaches {hush ? '…' : data.reaches}</span>
        <span className="from">← from {hush ? '…' : data.from}</span>
      </div>
    </div>
  );
}

function NamespaceCardView({ data, selected }: NodeProps<Node<NamespaceCardData, 'namespace'>>) {
  const mark = namespaceMarkColor(data.ns);
  const role = useRole(data.unit);
  return (
    <div
      className={`unit-card ns-card role-${role}${selected ? ' is-selected' : ''}`}
      data-testid={`unit-${data.unit}`}
      data-count={data.count}
      style={{ borderTop: `6px solid ${namespaceColor(data.ns)}` }}
    >
      <div className="unit-head">
        <span className="unit-title">{data.ns}</span>
        <span className="unit-count" data-testid={`count-${data.unit}`}>
          {data.count}
        </span>
        <Toggle unit={data.unit} open={data.expanded} what={`namespace ${data.ns}`} />
      </div>
      <div className="unit-sub">
        {data.kinds} ·{' '}
        {data.pending ? 'analysing…' : `${data.groups.length} group${data.groups.length === 1 ? '' : 's'}`}
      </div>
      <Anchors />
      {data.focusName && <div className="unit-focus">found: {data.focusName}</div>}
      <div className="unit-reach" data-testid={`reach-${data.unit}`}>
        <span className="to">→ reaches {data.pending ? '…' : `${data.reaches} cards`}</span>
        <span className="from">← from {data.pending ? '…' : data.from}</span>
      </div>
      <div className="group-bar" aria-hidden="true" style={{ background: groupBar(data.groups, mark) }} />
    </div>
  );
}

function NamespaceBoxView({ data }: NodeProps<Node<NamespaceCardData, 'nsbox'>>) {
  const role = useRole(data.unit);
  return (
    <div className={`ns-box role-${role}`} data-testid={`unit-${data.unit}`} data-count={data.count}>
      <Anchors />
      <div className="ns-box-head" style={{ background: namespaceColor(data.ns) }}>
        <span className="unit-title">{data.ns}</span>
        <span className="unit-count">{data.count}</span>
        <span className="ns-box-sub">
          {data.kinds} · {data.groups.length} groups
        </span>
        <Toggle unit={data.unit} open what={`namespace ${data.ns}`} />
      </div>
    </div>
  );
}

export const GroupCard = memo(GroupCardView);
export const NamespaceCard = memo(NamespaceCardView);
export const NamespaceBox = memo(NamespaceBoxView);
