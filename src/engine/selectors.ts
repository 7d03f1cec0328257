import { hasLabel, labelValue } from '../model/labels';
import type { LabelSelector, Labels } from '../model/types';

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * Kubernetes LabelSelector semantics (apimachinery LabelSelectorAsSelector):
 * matchLabels AND every matchExpression; `{}` matches everything; values are
 * case-sensitive. An unknown operator makes the selector match nothing (the API
 * server would reject it). Example: {matchLabels: {app: db}} matches {app: db, tier: x}.
 */
export function matchSelector(sel: LabelSelector, labels: Labels): boolean {
  const ml = sel.matchLabels;
  if (ml) for (const k of Object.keys(ml)) if (labelValue(labels, k) !== labelValue(ml, k)) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = hasLabel(labels, req.key);
    const value = labelValue(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * `matchSelector` for one selector, prepared once: its matchLabels as lists and its
 * expressions as they are (no key list made per call; the classes test every label group of a
 * namespace against each of its policies' selectors). Same answers as `matchSelector`.
 */
export function selectorMatcher(sel: LabelSelector): (labels: Labels) => boolean {
  const ml = sel.matchLabels;
  const keys = ml ? Object.keys(ml) : [];
  const values = keys.map((k) => labelValue(ml as Labels, k));
  const exprs = sel.matchExpressions ?? [];
  if (exprs.length === 0 && keys.length === 1) {
    const k = keys[0] as string;
    const v = values[0];
    return (labels) => labelValue(labels, k) === v;
  }
  return (labels) => {
    for (let i = 0; i < keys.length; i++)
      if (labelValue(labels, keys[i] as string) !== values[i]) return false;
    return exprs.length === 0 || matchSelector({ matchExpressions: exprs }, labels);
  };
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** `app=db,tier in (a,b)` — for messages and views. */
export function formatSelector(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else
      parts.push(
        `${r.key} ${r.operator === 'NotIn' ? 'notin' : r.operator === 'In' ? 'in' : r.operator} (${(r.values ?? []).join(',')})`,
      );
  }
  return parts.length ? parts.join(',') : '{} (all)';
}
