import { useState } from 'react';
import { objectIdOfRef } from '../../model/ids';
import type { Diagnostic, Severity } from '../../model/diagnostic';
import { applyFix, isFixable } from '../../store/edit';
import { withTextLines } from '../../store/import-lines';
import { intentFindings } from '../../store/propose';
import { useApp, useAppStore } from '../store-context';

export function objectIdOf(d: Diagnostic): string | undefined {
  return d.object ? objectIdOfRef(d.object) : undefined;
}

export function FindingsPanel() {
  const store = useAppStore();
  const found = useApp((s) => s.analysis?.findings);
  const findings = found ?? [];
  const modelDiags = useApp((s) => s.modelDiagnostics);
  const importDiags = useApp((s) => s.importDiagnostics);
  const intentOn = useApp((s) => s.intentMode);
  const memory = useApp((s) => s.intentMemory);
  const objects = useApp((s) => s.objects);
  const [show, setShow] = useState<Record<Severity, boolean>>({ error: true, warning: true, info: false });
  const intent = intentFindings(intentOn, memory, objects);
  // the engine's findings name object and field: objects unedited since their import get its line
  const all = withTextLines(dedupe([...importDiags, ...modelDiags, ...findings, ...intent]), objects);
  const shown = all.filter((d) => show[d.severity]);
  const count = (s: Severity) => all.filter((d) => d.severity === s).length;
  const fix = (d: Diagnostic): void => {
    const id = objectIdOf(d);
    const o = store.getState().objects.find((x) => x.id === id);
    const fixed = o && applyFix(o.obj, d);
    if (o && fixed) {
      store.getState().updateObject(o.id, fixed);
      store.getState().setNotice({ kind: 'info', text: `Applied: ${d.fix}. Undo with Ctrl+Z.` });
    }
  };
  return (
    <div className="findings" data-testid="findings-panel">
      <div className="findings-tools">
        {(['error', 'warning', 'info'] as const).map((s) => (
          <label key={s} className={`sev-toggle ${s}`}>
            <input
              type="checkbox"
              checked={show[s]}
              onChange={(e) => setShow({ ...show, [s]: e.target.checked })}
            />{' '}
            {count(s)} {s}
            {count(s) === 1 ? '' : s === 'info' ? 's' : 's'}
          </label>
        ))}
      </div>
      {shown.length === 0 ? (
        <p className="hint">No findings{all.length ? ' at the selected severities' : ''}.</p>
      ) : (
        <ul>
          {shown.map((d, k) => (
            <li key={k} className={`finding ${d.severity}`} data-testid={`finding-${d.code}`}>
              <div className="finding-head">
                <span className={`sev ${d.severity}`}>{d.severity}</span>
                <code>{d.code}</code>
                {d.object && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      const id = objectIdOf(d);
                      if (id) store.getState().select([id]);
                    }}
                  >
                    {d.object.kind} {d.object.namespace ? `${d.object.namespace}/` : ''}
                    {d.object.name}
                  </button>
                )}
                {d.field && <code className="field">{d.field}</code>}
                {d.line !== undefined && d.file && (
                  <span className="where">
                    {d.file}:{d.line}
                  </span>
                )}
              </div>
              <div className="finding-msg">{d.message}</div>
              {d.fix && (
                <div className="finding-fix">
                  fix: <code>{d.fix}</code>
                  {isFixable(d) && (
                    <button type="button" onClick={() => fix(d)}>
                      Apply fix
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Import problems, model problems and analysis findings, each once (what the panel lists). */
export function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.code}|${objectIdOf(d) ?? ''}|${d.field ?? ''}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
