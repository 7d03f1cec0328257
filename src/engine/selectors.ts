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
