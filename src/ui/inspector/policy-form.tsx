import { isObject, type Json } from '../../store/edit';
import { useApp, useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { NameFields } from './name-fields';
import { RuleEditor, type RuleJson } from './rule-editor';
import { SelectorEditor, type SelectorJson } from './selector-editor';
import { getIn, setIn } from './set-in';
import { QuickStarts } from '../intent/quick-starts';

const POLICY_FOR = 'k8s.v1.cni.cncf.io/policy-for';

/** NetworkPolicy / MultiNetworkPolicy: every field of the API. */
export function PolicyForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const nads = useApp((s) => s.model.nads);
  const isMnp = obj.kind === 'MultiNetworkPolicy';
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ns = String(meta.namespace ?? 'default');
  const policyId = `${isMnp ? 'mnp' : 'netpol'}:${ns}/${String(meta.name)}`;
  const summary = useApp((s) => s.analysis?.result.policies.find((p) => p.id === policyId));
  const set = (path: (string | number)[], value: unknown): void =>
    store.getState().updateObject(id, setIn(obj, path, value));
  const spec = isObject(obj.spec) ? obj.spec : {};
  const types = Array.isArray(spec.policyTypes) ? (spec.policyTypes as string[]) : undefined;
  const annotations = isObject(meta.annotations) ? (meta.annotations as Record<string, string>) : {};
  const policyFor = annotations[POLICY_FOR];
  const listed = (policyFor ?? '')
    .replaceAll(' ', '')
    .split(',')
    .filter(Boolean)
    .map((x) => (x.includes('/') ? x : `${ns}/${x}`));
  const toggleNad = (key: string, on: boolean): void => {
    const next = on ? [...listed, key] : listed.filter((k) => k !== key);
    set(['metadata', 'annotations', POLICY_FOR], next.join(','));
  };
  const toggleType = (t: 'Ingress' | 'Egress', on: boolean): void => {
    const cur = types ?? [];
    const next = on ? [...cur.filter((x) => x !== t), t] : cur.filter((x) => x !== t);
    set(
      ['spec', 'policyTypes'],
      ['Ingress', 'Egress']
        .filter((x) => next.includes(x))
        .concat(next.filter((x) => x !== 'Ingress' && x !== 'Egress')),
    );
  };
  const rules = (dir: 'ingress' | 'egress') =>
    Array.isArray(spec[dir]) ? (spec[dir] as RuleJson[]) : undefined;
  return (
    <div className="form policy-form" data-testid="policy-form">
      <NameFields id={id} obj={obj} />
      <QuickStarts id={id} obj={obj} />
      {isMnp && (
        <fieldset>
          <legend>Applies to networks (policy-for)</legend>
          {nads.length === 0 && (
            <p className="hint small">No NetworkAttachmentDefinition yet: add a network first.</p>
          )}
          {nads.map((n) => (
            <label key={n.key} className="check">
              <input
                type="checkbox"
                checked={listed.includes(n.key)}
                onChange={(e) => toggleNad(n.key, e.target.checked)}
              />{' '}
              {n.key}{' '}
              <span className="hint small">
                {n.topology}
                {n.subnets.length ? '' : ', no subnets'}
              </span>
            </label>
          ))}
          {policyFor === undefined && (
            <p className="hint small">No policy-for annotation: the policy applies to no network.</p>
          )}
          <FieldIssues objectId={id} prefix="metadata.annotations" />
        </fieldset>
      )}
      <fieldset>
        <legend>Applies to workloads (podSelector in {ns})</legend>
        <SelectorEditor
          label="podSelector"
          testId="policy-podselector"
          value={getIn(spec, ['podSelector']) as SelectorJson | undefined}
          onChange={(s) => set(['spec', 'podSelector'], s)}
        />
        <p className="selects" data-testid="policy-selects">
          {summary
            ? summary.selected.length
              ? `selects ${summary.selected.length}: ${summary.selected.slice(0, 8).join(', ')}${summary.selected.length > 8 ? ' …' : ''}`
              : 'selects no workload'
            : 'analysing…'}
        </p>
        <FieldIssues objectId={id} prefix="spec.podSelector" />
      </fieldset>
      <fieldset>
        <legend>policyTypes</legend>
        {(['Ingress', 'Egress'] as const).map((t) => (
          <label key={t} className="check">
            <input
              type="checkbox"
              aria-label={`policyTypes ${t}`}
              checked={types?.includes(t) ?? false}
              onChange={(e) => toggleType(t, e.target.checked)}
            />{' '}
            {t}
          </label>
        ))}
        {types === undefined && (
          <p className="hint small">
            Not set: Kubernetes assumes Ingress, plus Egress when there are egress rules.
          </p>
        )}
        <FieldIssues objectId={id} prefix="spec.policyTypes" />
        {summary?.notApplied && <p className="diag error small">Not applied: {summary.notApplied}</p>}
      </fieldset>
      {(['ingress', 'egress'] as const).map((dir) => {
        const list = rules(dir);
        return (
          <fieldset key={dir} data-testid={`${dir}-rules`}>
            <legend>{dir === 'ingress' ? 'Ingress rules' : 'Egress rules'}</legend>
            {!list || list.length === 0 ? (
              <p className="hint small">
                {(types ?? ['Ingress']).includes(dir === 'ingress' ? 'Ingress' : 'Egress')
                  ? `no rule: all ${dir} of the selected workloads is denied`
                  : `no rule (${dir} not isolated by this policy)`}
              </p>
            ) : (
              list.map((r, k) => (
                <RuleEditor
                  key={k}
                  dir={dir}
                  index={k}
                  rule={r}
                  onChange={(nr) => set(['spec', dir, k], nr)}
                  onRemove={() => set(['spec', dir, k], undefined)}
                />
              ))
            )}
            <button
              type="button"
              className="add"
              onClick={() =>
                set(
                  ['spec', dir],
                  [
                    ...(list ?? []),
                    dir === 'ingress' ? { from: [{ podSelector: {} }] } : { to: [{ podSelector: {} }] },
                  ],
                )
              }
            >
              + {dir} rule
            </button>
            <FieldIssues objectId={id} prefix={`spec.${dir}`} />
          </fieldset>
        );
      })}
    </div>
  );
}
