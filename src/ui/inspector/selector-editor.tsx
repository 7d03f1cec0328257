import { useEffect, useState } from 'react';

export interface SelectorJson {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function labelsToText(l: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export function textToLabels(t: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  for (const part of t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) return { labels, error: `"${part}" is not key=value` };
    labels[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return { labels };
}

const OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A LabelSelector: matchLabels as `k=v, k2=v2`, matchExpressions as rows. */
export function SelectorEditor({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: SelectorJson | undefined;
  onChange: (v: SelectorJson) => void;
  testId?: string;
}) {
  const sel = value ?? {};
  const [text, setText] = useState(labelsToText(sel.matchLabels));
  useEffect(() => setText(labelsToText(sel.matchLabels)), [JSON.stringify(sel.matchLabels)]); // eslint-disable-line react-hooks/exhaustive-deps
  const parsed = textToLabels(text);
  const exprs = sel.matchExpressions ?? [];
  const write = (ml: Record<string, string>, ex: SelectorJson['matchExpressions']): void => {
    const out: SelectorJson = {};
    if (Object.keys(ml).length) out.matchLabels = ml;
    if (ex && ex.length) out.matchExpressions = ex;
    onChange(out);
  };
  return (
    <div className="selector" data-testid={testId}>
      <label>
        {label}
        <input
          aria-label={`${label} labels`}
          value={text}
          placeholder="empty = all"
          onChange={(e) => setText(e.target.value)}
          onBlur={() => !parsed.error && write(parsed.labels, exprs)}
          onKeyDown={(e) => e.key === 'Enter' && !parsed.error && write(parsed.labels, exprs)}
        />
      </label>
      {parsed.error && (
        <p className="diag error small" role="alert">
          {parsed.error}
        </p>
      )}
      {exprs.map((x, k) => (
        <div className="expr-row" key={k}>
          <input
            aria-label={`${label} expression ${k + 1} key`}
            value={x.key}
            placeholder="key"
            onChange={(e) =>
              write(
                parsed.labels,
                exprs.map((y, j) => (j === k ? { ...y, key: e.target.value } : y)),
              )
            }
          />
          <select
            aria-label={`${label} expression ${k + 1} operator`}
            value={x.operator}
            onChange={(e) =>
              write(
                parsed.labels,
                exprs.map((y, j) =>
                  j === k
                    ? e.target.value === 'Exists' || e.target.value === 'DoesNotExist'
                      ? { key: y.key, operator: e.target.value }
                      : { ...y, operator: e.target.value, values: y.values ?? [] }
                    : y,
                ),
              )
            }
          >
            {OPS.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          {(x.operator === 'In' || x.operator === 'NotIn') && (
            <input
              aria-label={`${label} expression ${k + 1} values`}
              value={(x.values ?? []).join(', ')}
              placeholder="a, b"
              onChange={(e) =>
                write(
                  parsed.labels,
                  exprs.map((y, j) =>
                    j === k
                      ? {
                          ...y,
                          values: e.target.value
                            .split(',')
                            .map((s) => s.trim())
                            .filter(Boolean),
                        }
                      : y,
                  ),
                )
              }
            />
          )}
          <button
            type="button"
            aria-label="remove expression"
            onClick={() =>
              write(
                parsed.labels,
                exprs.filter((_, j) => j !== k),
              )
            }
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="add small"
        onClick={() => write(parsed.labels, [...exprs, { key: '', operator: 'In', values: [] }])}
      >
        + expression
      </button>
    </div>
  );
}
