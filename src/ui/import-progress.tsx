import { useApp, useAppStore } from './store-context';

const mb = (n: number): string => (n / 1048576).toFixed(1);

/** A big import read in the background: how far it has come, and a way to stop it. */
export function ImportProgress() {
  const store = useAppStore();
  const p = useApp((s) => s.importing);
  if (!p) return null;
  if (p.total === 0)
    return (
      <div className="notice info import-progress" role="status" data-testid="import-progress">
        <span>Opening {p.name} from the browser’s storage…</span>
      </div>
    );
  return (
    <div className="notice info import-progress" role="status" data-testid="import-progress">
      <span>
        Importing {p.name}:{' '}
        <span data-testid="import-progress-docs">{p.documents.toLocaleString('en-US')}</span> documents read,{' '}
        {mb(p.done)} of {mb(p.total)} MB
      </span>
      <progress max={p.total} value={p.done} aria-label="Import progress" />
      <button type="button" onClick={() => store.getState().cancelImport()} data-testid="import-cancel">
        Cancel import
      </button>
    </div>
  );
}
