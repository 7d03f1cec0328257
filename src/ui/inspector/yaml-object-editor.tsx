import { useEffect, useState } from 'react';
import { dumpObject, objectId } from '../../store/edit';
import { parseObjectYaml } from '../../store/edit';
import type { Json } from '../../store/edit';
import { useAppStore } from '../store-context';
import { YamlCodeEditor } from '../code/lazy-yaml-editor';

/** The object as YAML, editable; valid YAML updates the design at once (both views stay in sync). */
export function YamlObjectEditor({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const text = dumpObject(obj);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | undefined>();
  const [errorLine, setErrorLine] = useState<number | undefined>();
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(text);
  }, [text, focused]);
  const onChange = (t: string): void => {
    setDraft(t);
    const r = parseObjectYaml(t);
    setErrorLine(r.obj ? undefined : r.line);
    if (!r.obj) {
      setError(
        `${r.line ? `line ${r.line}: ` : ''}${r.error ?? 'invalid YAML'} — your text is kept; the design keeps the last valid version`,
      );
      return;
    }
    const nextId = objectId(r.obj);
    if (nextId !== id && store.getState().objects.some((o) => o.id === nextId)) {
      setError(`${nextId} already exists`);
      return;
    }
    setError(undefined);
    store.getState().updateObject(id, r.obj);
  };
  return (
    <div className="yaml-object">
      <YamlCodeEditor
        label="Object YAML"
        testId="object-yaml"
        value={focused ? draft : text}
        problems={error && errorLine ? [{ line: errorLine, severity: 'error', message: error }] : []}
        onFocus={() => {
          setDraft(text);
          setFocused(true);
        }}
        onBlur={() => setFocused(false)}
        onChange={onChange}
      />
      {error && (
        <p className="diag error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
