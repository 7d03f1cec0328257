import { useId } from 'react';
import { LiveInput } from './live-input';

export interface KvEditorProps {
  readonly label: string;
  readonly value: Readonly<Record<string, string>>;
  readonly onChange: (v: Record<string, string>) => void;
  readonly testId?: string;
}

/** Rows of key = value (labels, matchLabels), applied as you type; empty keys are dropped on change. */
export function KvEditor({ label, value, onChange, testId }: KvEditorProps) {
  const id = useId();
  const rows = Object.entries(value);
  const update = (k: number, key: string, val: string): void => {
    const next = rows.map(([a, b], j) => (j === k ? [key, val] : [a, b])) as [string, string][];
    onChange(Object.fromEntries(next));
  };
  return (
    <fieldset className="kv" data-testid={testId}>
      <legend id={id}>{label}</legend>
      {rows.length === 0 && <p className="hint small">none</p>}
      {rows.map(([k, v], j) => (
        <div className="kv-row" key={j}>
          <LiveInput
            aria-label={`${label} key ${j + 1}`}
            value={k}
            placeholder="key"
            onCommit={(t) => update(j, t, v)}
          />
          <span>=</span>
          <LiveInput
            aria-label={`${label} value ${j + 1}`}
            value={v}
            placeholder="value"
            onCommit={(t) => update(j, k, t)}
          />
          <button
            type="button"
            aria-label={`remove ${label} ${k}`}
            onClick={() => onChange(Object.fromEntries(rows.filter((_, i) => i !== j)))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="add"
        onClick={() => onChange({ ...value, [value[''] === undefined ? '' : `key${rows.length + 1}`]: '' })}
      >
        + add
      </button>
    </fieldset>
  );
}
