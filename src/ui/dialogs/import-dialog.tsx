import { useEffect, useMemo, useState } from 'react';
import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic';
import { plural, previewImport, withCompileCheck } from '../../store/import-preview';
import { designTitleOf } from '../../store/design-title';
import { WORKER_IMPORT_BYTES } from '../../store/slices/import';
import { loadSchemas, schemasNow } from '../../store/schemas';
import { useAppStore } from '../store-context';
import { YamlCodeEditor } from '../code/lazy-yaml-editor';
import type { LineProblem } from '../code/editor-props';
import { Dialog } from './dialog';

const MAX_FILE = 64 * 1024 * 1024;
const PREVIEW_MS = 250;

/** `checking`: the engine's compile check is still to answer ("No problems" would be early). */
type Preview = Pick<ReturnType<typeof previewImport>, 'diagnostics' | 'notes'> & { checking?: boolean };
const NO_PREVIEW: Preview = { diagnostics: [], notes: [] };

/**
 * Problems while typing: re-read the text a moment after the last keystroke, then add what the
 * engine finds when it compiles the text's model (invalid CIDRs, ports...), asked of a worker.
 */
function usePreview(text: string, schemasReady: boolean): Preview {
  const store = useAppStore();
  const [preview, setPreview] = useState<Preview>(NO_PREVIEW);
  useEffect(() => {
    // a big text is read in the parse worker on import: no preview on this thread
    const show = text.trim() && text.length < WORKER_IMPORT_BYTES;
    let live = true;
    const t = setTimeout(() => {
      if (!show) return setPreview(NO_PREVIEW);
      const p = previewImport(text);
      setPreview({ ...p, checking: true });
      const done = (checked: readonly Diagnostic[] | undefined): void => {
        if (live) setPreview({ ...p, diagnostics: withCompileCheck(p.diagnostics, p.read, checked ?? []) });
      };
      // the engine's check is an addition: if it fails, the text's own problems stay listed
      void store
        .getState()
        .checkModel(p.read.model)
        .then(done, () => done(undefined));
    }, PREVIEW_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [text, schemasReady, store]);
  return preview;
}

/** Paste, pick a file or drop one; merge into or replace the design (undoable). */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [error, setError] = useState<string | undefined>();
  /** A big file is kept out of the editor and read in the worker on import. */
  const [big, setBig] = useState<{ name: string; text: string } | undefined>();
  // the preview flags unknown fields once the schemas (a lazy chunk) are here
  const [schemasReady, setSchemasReady] = useState(schemasNow() !== undefined);
  useEffect(() => {
    void loadSchemas().then(() => setSchemasReady(true));
  }, []);
  const { diagnostics: diags, notes, checking } = usePreview(text, schemasReady);
  const problems = useMemo<LineProblem[]>(
    () =>
      diags
        .filter((d) => d.line !== undefined)
        .map((d) => ({ line: d.line as number, severity: d.severity, message: formatDiagnostic(d) })),
    [diags],
  );
  const readFile = (f: File): void => {
    if (f.size > MAX_FILE) {
      setError(`${f.name} is ${(f.size / 1048576).toFixed(1)} MiB; the limit is 64 MiB`);
      return;
    }
    setFileName(f.name);
    setError(undefined);
    void f.text().then(
      (t) => {
        if (t.length < WORKER_IMPORT_BYTES) {
          setBig(undefined);
          setText(t);
        } else setBig({ name: f.name, text: t });
      },
      () => setError(`could not read ${f.name}`),
    );
  };
  const errors = diags.filter((d) => d.severity === 'error').length;
  const source = big?.text ?? text;
  const run = async (): Promise<void> => {
    const before = store.getState().objects.length;
    // a replacing import names the design after the text (its header, else the file)
    const title =
      mode === 'replace'
        ? (designTitleOf(source) ?? fileName?.replace(/\.(ya?ml|json|txt)$/, '') ?? 'Imported design')
        : undefined;
    // a big import runs in the background (progress under the toolbar): the page stays usable
    const background = source.length >= WORKER_IMPORT_BYTES;
    if (background) onClose();
    const got = await store.getState().importText(source, mode, {
      ...(title ? { title } : {}),
      name: big?.name ?? fileName ?? 'pasted text',
    });
    if (!got) return; // cancelled or failed: the design is as it was, the notice says so
    const after = store.getState().objects.length;
    const bad = got.filter((d) => d.severity === 'error').length;
    store.getState().setNotice({
      kind: bad ? 'error' : 'info',
      text: `Imported (${mode}): ${plural(after, 'object')} (${before} before)${
        got.length ? `; ${plural(got.length, 'problem')} in the imported text, listed in Findings` : ''
      }. Undo with Ctrl+Z.`,
    });
    if (!bad && !background) onClose();
  };
  return (
    <Dialog label="Import YAML" onClose={onClose} onDrop={readFile} initialFocus=".cm-content, textarea">
      <h2>Import YAML</h2>
      <p className="hint">
        Paste manifests, choose a file or drop one here: Pods, Deployments, VirtualMachines,
        NetworkAttachmentDefinitions, NetworkPolicies, MultiNetworkPolicies, Namespaces (multi-document or
        kind: List).
      </p>
      {big && (
        <p className="hint" data-testid="import-big-file">
          {big.name} ({(big.text.length / 1048576).toFixed(1)} MB) is read in the background when you import;
          its problems are listed in Findings afterwards.{' '}
          <button type="button" onClick={() => setBig(undefined)}>
            Clear
          </button>
        </p>
      )}
      <YamlCodeEditor
        value={text}
        onChange={setText}
        label="YAML to import"
        testId="import-text"
        problems={problems}
      />
      <div className="dialog-row">
        <label className="button">
          Choose file…
          <input
            type="file"
            className="visually-hidden"
            accept=".yaml,.yml,.json,.txt"
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) readFile(f);
            }}
          />
        </label>
        <fieldset className="mode">
          <legend className="visually-hidden">Import mode</legend>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />{' '}
            merge into the design
          </label>
          <label className="check danger">
            <input
              type="radio"
              name="mode"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            />{' '}
            replace the design
          </label>
        </fieldset>
      </div>
      {error && (
        <p className="diag error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite" className="import-status" data-testid="import-status">
        {text.length >= WORKER_IMPORT_BYTES && !big
          ? 'Large text: read in the background when you import'
          : text.trim()
            ? diags.length
              ? plural(diags.length, 'problem') + (errors ? ` (${plural(errors, 'error')})` : '')
              : checking
                ? 'Checking…'
                : 'No problems found'
            : ''}
      </div>
      {diags.length > 0 && (
        <ul className="diagnostics" data-testid="import-diagnostics">
          {diags.map((d, k) => (
            <li key={k} className={`diag ${d.severity}`}>
              {formatDiagnostic(d)}
            </li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        // kinds that do not affect reachability: not problems, but never silent
        <ul className="diagnostics" data-testid="import-notes">
          {notes.map((d, k) => (
            <li key={k} className="diag info">
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
          disabled={!source.trim()}
          onClick={() => void run()}
        >
          Import
        </button>
      </div>
    </Dialog>
  );
}
