import { objectLabel, type Diagnostic } from '../../model/diagnostic';

/** The one JSON shape of a diagnostic or finding, in every command. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    object: d.object ? objectLabel(d.object) : null,
    field: d.field ?? null,
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    fix: d.fix ?? null,
  };
}
