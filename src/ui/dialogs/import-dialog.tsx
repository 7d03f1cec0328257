import { useState } from 'react';
import type { Diagnostic } from '../../model/diagnostic';
import { formatDiagnostic } from '../../model/diagnostic';
import { useAppStore } from '../store-context';

const MAX_FILE = 64 * 1024 * 1024;

/** Paste, pick a file or drop one; merge into or replace the design (undoable). */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [result, setResult] = useState<readonly Diagnostic[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const readFile = (f: File): void => {
    if (f.size > MAX_FILE) {
      setError(`${f.name} is ${(f.size / 1048576).toFixed(1)} MiB; the limit is 64 MiB`);
      return;
    }
    void f.text().then(setText, () => setError(`could not read ${f.name}`));
  };
  const run = (): void => {
    const before = store.getState().objects.length;
    const diags = store.getState().importYaml(text, mode);
    setResult(diags);
    const after = store.getState().objects.length;
    store.getState().setNotice({
      kind: diags.some((d) => d.severity === 'error') ? 'error' : 'info',
      text: `Imported (${mode}): ${after} objects (${before} before)${diags.length ? `, ${diags.length} problems` : ''}. Undo with Ctrl+Z.`,
    });
    if (!diags.some((d) => d.severity === 'error')) onClose();
  };
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Import YAML"
        onClick={(e) => e.stopPropagation()}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const f = e.dataTransfer.files[0];
          if (f) readFile(f);
        }}
      >
        <h2>Import YAML</h2>
        <p className="hint">
          Paste manifests, choose a file or drop one here: Pods, Deployments, VirtualMachines,
          NetworkAttachmentDefinitions, NetworkPolicies, MultiNetworkPolicies, Namespaces (multi-document or
          kind: List).
        </p>
        <textarea
          data-testid="import-text"
          aria-label="YAML to import"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="apiVersion: v1&#10;kind: Pod&#10;…"
        />
        <div className="dialog-row">
          <label className="button">
            Choose file…
            <input
              type="file"
              hidden
              accept=".yaml,.yml,.json,.txt"
              data-testid="import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) readFile(f);
              }}
            />
          </label>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />{' '}
            merge into the design
          </label>
          <label className="check">
            <input
              type="radio"
              name="mode"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            />{' '}
            replace the design
          </label>
        </div>
        {error && (
          <p className="diag error" role="alert">
            {error}
          </p>
        )}
        {result && result.length > 0 && (
          <ul className="diagnostics" data-testid="import-diagnostics">
            {result.map((d, k) => (
              <li key={k} className={`diag ${d.severity}`}>
                {formatDiagnostic(d)}
              </li>
            ))}
          </ul>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="primary"
            data-testid="import-run"
            disabled={!text.trim()}
            onClick={run}
          >
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
