import { useEffect, useState } from 'react';
import { isObject, type Json } from '../../store/edit';
import { aclMatchProblem, cidrProblem } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { NameFields } from './name-fields';
import { setIn } from './set-in';

interface AclJson {
  action: string;
  direction: string;
  priority: number;
  match: string;
}

function MatchInput({
  value,
  onCommit,
  label,
}: {
  value: string;
  onCommit: (v: string) => void;
  label: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = aclMatchProblem(text);
  return (
    <>
      <input
        aria-label={label}
        className="acl-match"
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onCommit(text)}
        onKeyDown={(e) => e.key === 'Enter' && onCommit(text)}
        placeholder="ip4.src == 10.0.0.0/24 && tcp.dst == 80"
      />
      {problem && (
        <p className="diag error small" role="alert">
          {problem} — kept as written; the analysis ignores this ACL
        </p>
      )}
    </>
  );
}

/** kubeovn.io/v1 Subnet: CIDR, gateway, provider and its ACLs (order = priority). */
export function SubnetForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const nads = useApp((s) => s.model.nads);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const acls: AclJson[] = Array.isArray(spec.acls) ? (spec.acls as AclJson[]) : [];
  const set = (path: (string | number)[], v: unknown): void =>
    store.getState().updateObject(id, setIn(obj, ['spec', ...path], v));
  const [cidr, setCidr] = useState(String(spec.cidrBlock ?? ''));
  useEffect(() => setCidr(String(spec.cidrBlock ?? '')), [spec.cidrBlock]);
  const providers = ['ovn', ...nads.map((n) => `${n.name}.${n.namespace}.ovn`)];
  const move = (k: number, d: -1 | 1): void => {
    const next = [...acls];
    const [x] = next.splice(k, 1);
    if (x) next.splice(k + d, 0, x);
    set(['acls'], next);
  };
  return (
    <div className="form" data-testid="subnet-form">
      <NameFields id={id} obj={obj} clusterScoped />
      <label>
        CIDR
        <input
          aria-label="cidrBlock"
          value={cidr}
          onChange={(e) => setCidr(e.target.value)}
          onBlur={() => !cidrProblem(cidr) && set(['cidrBlock'], cidr)}
        />
      </label>
      {cidrProblem(cidr) && (
        <p className="diag error small" role="alert">
          {cidrProblem(cidr)}
        </p>
      )}
      <label>
        Gateway
        <input
          aria-label="gateway"
          defaultValue={String(spec.gateway ?? '')}
          onBlur={(e) => set(['gateway'], e.target.value)}
        />
      </label>
      <label>
        Provider (network)
        <select
          aria-label="provider"
          value={String(spec.provider ?? 'ovn')}
          onChange={(e) => set(['provider'], e.target.value)}
        >
          {[...new Set([...providers, String(spec.provider ?? 'ovn')])].map((p) => (
            <option key={p} value={p}>
              {p === 'ovn' ? 'ovn (the pod network)' : p}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>ACLs (highest priority decides first; no match = allowed)</legend>
        {acls.length === 0 && <p className="hint small">No ACL: everything on this subnet is allowed.</p>}
        {acls.map((a, k) => (
          <div className="acl-row" key={k} data-testid={`acl-${k}`}>
            <div className="acl-head">
              <input
                aria-label={`ACL ${k + 1} priority`}
                type="number"
                min={0}
                max={32767}
                defaultValue={a.priority}
                key={`p${a.priority}`}
                onBlur={(e) => set(['acls', k, 'priority'], Number(e.target.value))}
              />
              <select
                aria-label={`ACL ${k + 1} direction`}
                value={a.direction}
                onChange={(e) => set(['acls', k, 'direction'], e.target.value)}
              >
                <option value="from-lport">from-lport (sent by the subnet)</option>
                <option value="to-lport">to-lport (delivered to the subnet)</option>
              </select>
              <select
                aria-label={`ACL ${k + 1} action`}
                value={a.action}
                onChange={(e) => set(['acls', k, 'action'], e.target.value)}
              >
                {['allow-related', 'allow', 'allow-stateless', 'drop', 'reject'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
              <button
                type="button"
                aria-label={`Move ACL ${k + 1} up`}
                disabled={k === 0}
                onClick={() => move(k, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ACL ${k + 1} down`}
                disabled={k === acls.length - 1}
                onClick={() => move(k, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove ACL ${k + 1}`}
                onClick={() => set(['acls', k], undefined)}
              >
                ×
              </button>
            </div>
            <MatchInput
              label={`ACL ${k + 1} match`}
              value={a.match}
              onCommit={(v) => set(['acls', k, 'match'], v)}
            />
            <FieldIssues objectId={id} prefix={`spec.acls[${k}]`} />
          </div>
        ))}
        <button
          type="button"
          className="add"
          onClick={() =>
            set(
              ['acls'],
              [
                ...acls,
                {
                  action: 'drop',
                  direction: 'to-lport',
                  priority: 1000,
                  match: `ip4.dst == ${String(spec.cidrBlock ?? '10.0.0.0/24')}`,
                },
              ],
            )
          }
        >
          + ACL
        </button>
      </fieldset>
      <FieldIssues objectId={id} prefix="spec.provider" />
      <FieldIssues objectId={id} prefix="spec.cidrBlock" />
    </div>
  );
}
