import { parseDesignYaml, type DesignParse } from '../io/design';
import type { AppStore } from './app-store';
import { loadSchemas, schemasNow } from './schemas';

type SchemaModule = NonNullable<ReturnType<typeof schemasNow>>;

/**
 * A saved design (autosave, share link, a recent design) read back: its objects and what its
 * text has wrong. Unknown fields are reported as an import reports them: at once when the
 * schemas (a lazy chunk) are loaded, else as soon as they are (see `checkFieldsWhenLoaded`).
 */
export function readSaved(yaml: string, file: string): DesignParse {
  return parseDesignYaml(yaml, file);
}

/**
 * Add the strict field findings (field-unknown, field-type) of a design put into the store from
 * `read`, once the schemas are there, unless the design was changed or replaced meanwhile (then
 * the findings of what replaced it stand).
 */
export function checkFieldsWhenLoaded(store: AppStore, read: DesignParse, file: string): void {
  const check = (m: SchemaModule): void => {
    const s = store.getState();
    if (s.objects !== read.objects) return;
    const strict = m.validateStrict(read.documents, file, [...read.diagnostics, ...s.modelDiagnostics]);
    if (strict.length) store.setState({ importDiagnostics: [...read.diagnostics, ...strict] });
  };
  const now = schemasNow();
  if (now) check(now);
  else void loadSchemas().then(check, () => undefined); // no schemas (offline chunk failure): no strict check
}
