import { useState } from 'react';
import { formatDiagnostic } from '../../model/diagnostic';
import { useApp } from '../store-context';

export function YamlPanel() {
  const importYaml = useApp((s) => s.importYaml);
  const diagnostics = useApp((s) => s.diagnostics);
  const [text, setText] = useState('');
  const shown = diagnostics.filter((d) => d.code !== 'kind-ignored');
  return (
    <div className="panel yaml-panel">
      <div className="panel-head">
        <h2>Manifests</h2>
        <label className="button">
          Open file…
          <input
            type="file"
            accept=".yaml,.yml,.json"
            hidden
            data-testid="file-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then((t) => { setText(t); importYaml(t); });
            }}
          />
        </label>
        <button type="button" data-testid="apply-yaml" onClick={() => importYaml(text)}>Analyze</button>
      </div>
      <textarea
        data-testid="yaml-editor"
        aria-label="Kubernetes manifests (YAML)"
        spellCheck={false}
        value={text}
        placeholder={'Paste Pods, VirtualMachines, NetworkAttachmentDefinitions,\nNetworkPolicies and MultiNetworkPolicies here, then Analyze.'}
        onChange={(e) => setText(e.target.value)}
      />
      <ul className="diagnostics" data-testid="diagnostics" aria-label="Diagnostics">
        {shown.map((d, k) => (
          <li key={k} className={`diag ${d.severity}`}>{formatDiagnostic(d)}</li>
        ))}
      </ul>
    </div>
  );
}
