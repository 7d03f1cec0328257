import type { LabelSelector, LabelSelectorRequirement } from '../model/types';
import { labelKeyProblem, labelValueProblem } from './k8s-names';
import type { FieldReader } from './reader';

/** metav1.LabelSelector from YAML; `undefined`/null → undefined ("not specified"). */
export function readSelector(r: FieldReader, v: unknown, field: string): LabelSelector | undefined {
  if (v === undefined || v === null) return undefined;
  const o = r.object(v, field);
  if (!o) return {};
  const sel: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] } = {};
  if (o.matchLabels !== undefined && o.matchLabels !== null)
    sel.matchLabels = r.labels(o.matchLabels, `${field}.matchLabels`);
  const exprs = r.list(o.matchExpressions, `${field}.matchExpressions`);
  if (exprs) {
    sel.matchExpressions = [];
    exprs.forEach((e, k) => {
      const f = `${field}.matchExpressions[${k}]`;
      const eo = e === null ? {} : r.object(e, f);
      if (!eo) return;
      const key = r.string(eo.key, `${f}.key`);
      const operator = r.string(eo.operator, `${f}.operator`);
      if (key === undefined || operator === undefined) {
        r.invalid('selector-invalid', f, 'a match expression needs key and operator');
        return;
      }
      const values =
        eo.values === undefined || eo.values === null ? undefined : r.strings(eo.values, `${f}.values`);
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) r.invalid('label-invalid', `${f}.key`, `key "${key}" is not valid: ${keyProblem}`);
      (values ?? []).forEach((v, j) => {
        const problem = labelValueProblem(v);
        if (problem)
          r.invalid('label-invalid', `${f}.values[${j}]`, `value "${v}" is not valid: it ${problem}`);
      });
      sel.matchExpressions?.push(values === undefined ? { key, operator } : { key, operator, values });
    });
  }
  for (const k of Object.keys(o)) {
    if (k !== 'matchLabels' && k !== 'matchExpressions')
      r.report(
        'warning',
        'field-unknown',
        `${field}.${k}`,
        `unknown selector field "${k}" (only matchLabels and matchExpressions exist); ignored`,
      );
  }
  return sel;
}
