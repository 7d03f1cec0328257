import { useEffect, useState } from 'react';
import { rename } from '../../store/edit';
import { isObject, type Json } from '../../store/edit';
import { useApp, useAppStore } from '../store-context';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Name and namespace, validated as the API server would (DNS-1123 labels). */
export function NameFields({ id, obj, clusterScoped }: { id: string; obj: Json; clusterScoped?: boolean }) {
  const store = useAppStore();
  const nsList = useApp((s) => s.model.namespaces);
  const namespaces = [...new Set(['default', ...nsList.map((n) => n.name)])];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = String(meta.name ?? '');
  const ns = String(meta.namespace ?? 'default');
  const [draftName, setName] = useState(name);
  const [draftNs, setNs] = useState(ns);
  useEffect(() => {
    setName(name);
    setNs(ns);
  }, [name, ns]);
  const nameError =
    DNS1123.test(draftName) && draftName.length <= 63
      ? undefined
      : 'lowercase letters, digits and "-", starting and ending with a letter or digit (at most 63)';
  const nsError =
    clusterScoped || (DNS1123.test(draftNs) && draftNs.length <= 63)
      ? undefined
      : 'not a valid namespace name';
  const commit = (): void => {
    if (nameError || nsError || (draftName === name && draftNs === ns)) return;
    store.getState().updateObject(id, rename(obj, draftName, clusterScoped ? undefined : draftNs));
  };
  return (
    <div className="name-fields">
      <label>
        Name
        <input
          aria-label="Name"
          value={draftName}
          onChange={(e) => setName(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </label>
      {nameError && (
        <p className="diag error small" role="alert">
          {nameError}
        </p>
      )}
      {!clusterScoped && (
        <label>
          Namespace
          <input
            aria-label="Namespace"
            list="ns-list"
            value={draftNs}
            onChange={(e) => setNs(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          <datalist id="ns-list">
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
      )}
      {nsError && (
        <p className="diag error small" role="alert">
          {nsError}
        </p>
      )}
    </div>
  );
}
