import type { Json } from '../../io/reader';
import { getLabels, setLabels } from '../../io/edit/workload';
import { useAppStore } from '../store-context';
import { KvEditor } from './kv-editor';
import { NameFields } from './name-fields';
import { NamespaceUdn } from './namespace-udn';

export function NamespaceForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  return (
    <div className="form" data-testid="namespace-form">
      <NameFields id={id} obj={obj} clusterScoped />
      <KvEditor
        label="Labels"
        value={getLabels(obj)}
        onChange={(l) => store.getState().updateObject(id, setLabels(obj, l))}
      />
      <p className="hint small">Every namespace also carries kubernetes.io/metadata.name automatically.</p>
      <NamespaceUdn id={id} obj={obj} />
    </div>
  );
}
