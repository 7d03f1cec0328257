import { rename } from '../../store/edit';
import { isObject, type Json } from '../../store/edit';
import { useApp, useAppStore } from '../store-context';
import { LiveInput } from './live-input';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_RULE =
  'lowercase letters, digits and "-", starting and ending with a letter or digit (at most 63)';
const nameProblem = (t: string): string | undefined =>
  DNS1123.test(t) && t.length <= 63 ? undefined : NAME_RULE;

/** Name and namespace, validated as the API server would (DNS-1123 labels), applied as you type. */
export function NameFields({ id, obj, clusterScoped }: { id: string; obj: Json; clusterScoped?: boolean }) {
  const store = useAppStore();
  const nsList = useApp((s) => s.model.namespaces);
  const namespaces = [...new Set(['default', ...nsList.map((n) => n.name)])];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = String(meta.name ?? '');
  const ns = String(meta.namespace ?? 'default');
  return (
    <div className="name-fields">
      <label>
        Name
        <LiveInput
          aria-label="Name"
          value={name}
          validate={nameProblem}
          onCommit={(t) => store.getState().updateObject(id, rename(obj, t, clusterScoped ? undefined : ns))}
        />
      </label>
      {!clusterScoped && (
        <label>
          Namespace
          <LiveInput
            aria-label="Namespace"
            list="ns-list"
            value={ns}
            validate={(t) => (nameProblem(t) ? 'not a valid namespace name' : undefined)}
            onCommit={(t) => store.getState().updateObject(id, rename(obj, name, t))}
          />
          <datalist id="ns-list">
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
      )}
    </div>
  );
}
