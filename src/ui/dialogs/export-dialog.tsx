import { useEffect, useState } from 'react';
import { dumpObject } from '../../store/edit';
import { kubectlReady, loadSchemas, schemasNow } from '../../store/schemas';
import { useApp, useAppStore } from '../store-context';
import { Dialog } from './dialog';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** kubectl-ready YAML: the whole design or one object; copy or download. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const objects = useApp((s) => s.objects);
  const [which, setWhich] = useState('all');
  const [copied, setCopied] = useState(false);
  // export never writes a field kubectl's strict validation rejects: wait for the schemas
  const [ready, setReady] = useState(schemasNow() !== undefined);
  useEffect(() => {
    if (!ready) void loadSchemas().then(() => setReady(true));
  }, [ready]);
  const o = objects.find((x) => x.id === which);
  const text = !ready
    ? ''
    : which === 'all' || !o
      ? store.getState().exportYaml()
      : dumpObject(kubectlReady(o.obj));
  const copy = (): void => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Dialog label="Export YAML" onClose={onClose} wide>
      <h2>Export YAML</h2>
      <div className="dialog-row">
        <label>
          Object{' '}
          <select
            aria-label="Export which"
            value={which}
            onChange={(e) => {
              setWhich(e.target.value);
              setCopied(false);
            }}
          >
            <option value="all">whole design (multi-document, kubectl apply -f)</option>
            {objects.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id.replaceAll('//', '/')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <textarea
        readOnly
        data-testid="export-text"
        aria-label="Exported YAML"
        aria-busy={!ready}
        placeholder={ready ? undefined : 'Checking the fields against the Kubernetes schemas…'}
        spellCheck={false}
        value={text}
      />
      <div className="dialog-actions">
        <span className="hint small">
          {copied
            ? 'Copied to the clipboard.'
            : 'External hosts are kept as comments (kubectl knows no such kind); netpol-studio restores them on import.'}
        </span>
        <button type="button" disabled={!ready} onClick={copy}>
          Copy
        </button>
        <button
          type="button"
          data-testid="export-download"
          disabled={!ready}
          onClick={() =>
            download(which === 'all' ? 'netpol-design.yaml' : `${which.replaceAll('/', '_')}.yaml`, text)
          }
        >
          Download
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
