import { LiveInput } from './live-input';

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
  const parsed = { labels: { ...(sel.matchLabels ?? {}) } };
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
        <LiveInput
          aria-label={`${label} labels`}
          value={labelsToText(sel.matchLabels)}
          placeholder="empty = all"
          validate={(t) => textToLabels(t).error}
          onCommit={(t) => write(textToLabels(t).labels, exprs)}
        />
      </label>
      {exprs.map((x, k) => (
        <div className="expr-row" key={k}>
          <LiveInput
            aria-label={`${label} expression ${k + 1} key`}
            value={x.key}
            placeholder="key"
            onCommit={(t) =>
              write(
                parsed.labels,
                exprs.map((y, j) => (j === k ? { ...y, key: t } : y)),
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
            <LiveInput
              aria-label={`${label} expression ${k + 1} values`}
              value={(x.values ?? []).join(', ')}
              placeholder="a, b"
              onCommit={(t) =>
                write(
                  parsed.labels,
                  exprs.map((y, j) =>
                    j === k
                      ? {
                          ...y,
                          values: t
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
