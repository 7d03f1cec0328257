import { isObject, type Json } from '../../store/edit';
import { aclMatchProblem, cidrProblem, ipProblem } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { NameFields } from './name-fields';
import { setIn } from './set-in';
import { LiveInput } from './live-input';

interface AclJson {
  action: string;
  direction: string;
  priority: number;
  match: string;
}

/** kubeovn.io/v1 Subnet: CIDR, gateway, provider and its ACLs (order = priority). */
export function SubnetForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const nads = useApp((s) => s.model.nads);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const acls: AclJson[] = Array.isArray(spec.acls) ? (spec.acls as AclJson[]) : [];
  const set = (path: (string | number)[], v: unknown): void =>
    store.getState().updateObject(id, setIn(obj, ['spec', ...path], v));
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
        <LiveInput
          aria-label="cidrBlock"
          value={String(spec.cidrBlock ?? '')}
          validate={(t) => cidrProblem(t.trim())}
          onCommit={(t) => set(['cidrBlock'], t.trim())}
        />
      </label>
      <label>
        Gateway
        <LiveInput
          aria-label="gateway"
          value={String(spec.gateway ?? '')}
          validate={(t) => (t.trim() ? ipProblem(t.trim(), undefined) : undefined)}
          onCommit={(t) => set(['gateway'], t.trim())}
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
              <LiveInput
                aria-label={`ACL ${k + 1} priority`}
                inputMode="numeric"
                size={6}
                value={String(a.priority)}
                validate={(t) =>
                  /^\d+$/.test(t.trim()) && Number(t) <= 32767 ? undefined : 'priority is 0-32767'
                }
                onCommit={(t) => set(['acls', k, 'priority'], Number(t))}
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
            <LiveInput
              aria-label={`ACL ${k + 1} match`}
              className="acl-match"
              spellCheck={false}
              placeholder="ip4.src == 10.0.0.0/24 && tcp.dst == 80"
              value={a.match}
              validate={aclMatchProblem}
              commitInvalidOnBlur
              invalidNote="— kept as written when you leave the field; the analysis ignores this ACL"
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
