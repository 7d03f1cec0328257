import { useState } from 'react';
import { isObject, type Json } from '../../store/edit';
import { useApp, useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { SelectorEditor, type SelectorJson } from './selector-editor';
import { setIn } from './set-in';

/**
 * AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy (SEMANTICS §9):
 * priority (and tier), the subject with its live "selects N", and the ordered rules of each
 * direction: first match decides, so order is edited here (drag, or ↑ ↓). Peers and ports are
 * summarised; the YAML tab edits them.
 */
type RuleJson = Record<string, unknown>;
type Dir = 'ingress' | 'egress';

const PREFIX: Record<string, string> = {
  AdminNetworkPolicy: 'anp',
  BaselineAdminNetworkPolicy: 'banp',
  ClusterNetworkPolicy: 'cnp',
};

function actionsOf(kind: string): string[] {
  if (kind === 'BaselineAdminNetworkPolicy') return ['Allow', 'Deny'];
  if (kind === 'ClusterNetworkPolicy') return ['Accept', 'Deny', 'Pass'];
  return ['Allow', 'Deny', 'Pass'];
}

function selectorText(s: unknown): string {
  if (!isObject(s) || Object.keys(s).length === 0) return 'all';
  const ml = isObject(s.matchLabels)
    ? Object.entries(s.matchLabels).map(([k, v]) => `${k}=${String(v)}`)
    : [];
  const me = Array.isArray(s.matchExpressions) ? s.matchExpressions.map((e) => JSON.stringify(e)) : [];
  return [...ml, ...me].join(', ') || 'all';
}

function peerText(p: unknown): string {
  if (!isObject(p)) return '?';
  if (p.namespaces !== undefined) return `namespaces ${selectorText(p.namespaces)}`;
  if (isObject(p.pods))
    return `pods ${selectorText(p.pods.podSelector)} in namespaces ${selectorText(p.pods.namespaceSelector)}`;
  if (Array.isArray(p.networks)) return `networks ${p.networks.join(', ')}`;
  if (p.nodes !== undefined) return `nodes ${selectorText(p.nodes)}`;
  if (Array.isArray(p.domainNames)) return `domains ${p.domainNames.join(', ')}`;
  return Object.keys(p).join(', ');
}

function portsText(r: RuleJson): string {
  const list = Array.isArray(r.ports) ? r.ports : Array.isArray(r.protocols) ? r.protocols : undefined;
  if (!list) return 'all ports';
  return list.map((x) => (isObject(x) ? JSON.stringify(x).replaceAll('"', '') : String(x))).join('; ');
}

function RuleList({
  kind,
  dir,
  rules,
  set,
}: {
  kind: string;
  dir: Dir;
  rules: RuleJson[];
  set: (v: RuleJson[]) => void;
}) {
  const [dragged, setDragged] = useState<number | undefined>(undefined);
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length || from === to) return;
    const next = [...rules];
    const [r] = next.splice(from, 1);
    next.splice(to, 0, r as RuleJson);
    set(next);
  };
  return (
    <fieldset>
      <legend>{dir === 'ingress' ? 'Ingress' : 'Egress'} rules (first match decides)</legend>
      <ol className="obj-list" data-testid={`cluster-${dir}-rules`}>
        {rules.map((r, k) => (
          <li
            key={k}
            draggable
            data-testid={`cluster-${dir}-rule-${k}`}
            onDragStart={() => setDragged(k)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragged !== undefined) move(dragged, k);
              setDragged(undefined);
            }}
          >
            <span>
              #{k} {typeof r.name === 'string' ? r.name : ''}
            </span>{' '}
            <select
              aria-label={`${dir} rule ${k} action`}
              value={String(r.action ?? '')}
              onChange={(e) => set(rules.map((x, j) => (j === k ? { ...x, action: e.target.value } : x)))}
            >
              {[...new Set([...actionsOf(kind), String(r.action ?? '')])].filter(Boolean).map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>{' '}
            <span className="hint small">
              {peerKey}:{' '}
              {Array.isArray(r[peerKey]) ? (r[peerKey] as unknown[]).map(peerText).join(' | ') : 'none'};{' '}
              {portsText(r)}
            </span>{' '}
            <button
              type="button"
              aria-label={`move ${dir} rule ${k} up`}
              onClick={() => move(k, k - 1)}
              disabled={k === 0}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`move ${dir} rule ${k} down`}
              onClick={() => move(k, k + 1)}
              disabled={k === rules.length - 1}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={`delete ${dir} rule ${k}`}
              onClick={() => set(rules.filter((_, j) => j !== k))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        data-testid={`cluster-add-${dir}`}
        onClick={() =>
          set([...rules, { name: `${dir}-${rules.length}`, action: 'Deny', [peerKey]: [{ namespaces: {} }] }])
        }
      >
        + {dir} rule
      </button>
    </fieldset>
  );
}

export function ClusterPolicyForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const kind = String(obj.kind);
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = String(meta.name ?? '');
  const policyId = `${PREFIX[kind] ?? ''}:${name}`;
  const summary = useApp((s) => s.analysis?.result.policies.find((p) => p.id === policyId));
  const spec = isObject(obj.spec) ? obj.spec : {};
  const set = (path: (string | number)[], value: unknown): void =>
    store.getState().updateObject(id, setIn(obj, path, value));
  const subject = isObject(spec.subject) ? spec.subject : {};
  const byPods = isObject(subject.pods);
  const pods = isObject(subject.pods) ? subject.pods : {};
  const rules = (dir: Dir) => (Array.isArray(spec[dir]) ? (spec[dir] as RuleJson[]) : []);
  const selected = summary?.selected ?? [];
  return (
    <div className="form cluster-policy-form" data-testid="cluster-policy-form">
      <p>
        <strong>{name}</strong> <span className="hint small">(cluster-scoped; rename in the YAML tab)</span>
      </p>
      {kind === 'ClusterNetworkPolicy' && (
        <label>
          Tier{' '}
          <select
            aria-label="tier"
            value={String(spec.tier ?? '')}
            onChange={(e) => set(['spec', 'tier'], e.target.value)}
          >
            <option>Admin</option>
            <option>Baseline</option>
          </select>
        </label>
      )}
      {kind !== 'BaselineAdminNetworkPolicy' && (
        <label>
          Priority (0-1000, lower decides first){' '}
          <input
            type="number"
            aria-label="priority"
            data-testid="cluster-priority"
            value={typeof spec.priority === 'number' ? spec.priority : ''}
            onChange={(e) =>
              set(['spec', 'priority'], e.target.value === '' ? undefined : Number(e.target.value))
            }
          />
        </label>
      )}
      <FieldIssues objectId={id} prefix="spec.priority" />
      <FieldIssues objectId={id} prefix="spec.tier" />
      <fieldset>
        <legend>Subject</legend>
        <label className="check">
          <input
            type="radio"
            checked={!byPods}
            onChange={() => set(['spec', 'subject'], { namespaces: {} })}
          />{' '}
          namespaces
        </label>{' '}
        <label className="check">
          <input
            type="radio"
            checked={byPods}
            onChange={() => set(['spec', 'subject'], { pods: { namespaceSelector: {}, podSelector: {} } })}
          />{' '}
          pods in namespaces
        </label>
        {byPods ? (
          <>
            <SelectorEditor
              label="namespaceSelector"
              value={pods.namespaceSelector as SelectorJson | undefined}
              onChange={(v) => set(['spec', 'subject', 'pods', 'namespaceSelector'], v)}
            />
            <SelectorEditor
              label="podSelector"
              value={pods.podSelector as SelectorJson | undefined}
              onChange={(v) => set(['spec', 'subject', 'pods', 'podSelector'], v)}
            />
          </>
        ) : (
          <SelectorEditor
            label="namespaces"
            value={subject.namespaces as SelectorJson | undefined}
            onChange={(v) => set(['spec', 'subject', 'namespaces'], v)}
          />
        )}
        <p className="hint small" data-testid="cluster-selects">
          {summary?.notApplied
            ? `not applied: ${summary.notApplied}`
            : selected.length
              ? `selects ${selected.length}: ${selected.slice(0, 5).join(', ')}${selected.length > 5 ? ' …' : ''}`
              : 'selects no workload'}
        </p>
        <FieldIssues objectId={id} prefix="spec.subject" />
      </fieldset>
      {(['ingress', 'egress'] as const).map((dir) => (
        <div key={dir}>
          <RuleList
            kind={kind}
            dir={dir}
            rules={rules(dir)}
            set={(v) => set(['spec', dir], v.length ? v : undefined)}
          />
          <FieldIssues objectId={id} prefix={`spec.${dir}`} />
        </div>
      ))}
    </div>
  );
}
