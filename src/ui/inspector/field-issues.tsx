import { useApp } from '../store-context';
import { objectIdOfRef } from '../../model/ids';

/** Findings of one object whose field starts with `prefix`, shown next to the form field. */
export function FieldIssues({
  objectId,
  prefix,
  exact,
}: {
  objectId: string;
  prefix: string;
  exact?: boolean;
}) {
  const modelDiags = useApp((s) => s.modelDiagnostics);
  const findings = useApp((s) => s.analysis?.findings);
  const list = [...modelDiags, ...(findings ?? [])];
  const mine = list.filter(
    (d) =>
      d.object &&
      objectIdOfRef(d.object) === objectId &&
      d.field !== undefined &&
      (exact ? d.field === prefix : d.field.startsWith(prefix)),
  );
  const seen = new Set<string>();
  const uniq = mine.filter((d) =>
    seen.has(d.code + d.field + d.message) ? false : (seen.add(d.code + d.field + d.message), true),
  );
  if (uniq.length === 0) return null;
  return (
    <ul className="field-issues">
      {uniq.map((d, k) => (
        <li key={k} className={`diag ${d.severity}`} data-testid={`issue-${d.code}`}>
          <code>{d.code}</code> {d.message}
        </li>
      ))}
    </ul>
  );
}
