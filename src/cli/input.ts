import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import { parseManifests, type SourceText } from '../io/k8s-to-model';
import type { ParseCache } from '../io/parse-cache';
import { validateStrict } from '../io/schema/schemas';
import type { CliIo } from './context';

const MANIFEST = /\.(ya?ml|json)$/i;

/** Paths as kubectl -f reads them: `-` is stdin, a directory is read recursively (yaml, yml, json). */
export function readSources(
  paths: readonly string[],
  io: CliIo,
): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const sources: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  const fail = (file: string, e: unknown) =>
    diagnostics.push({
      severity: 'error',
      code: /size limit|too large/.test(String(e)) ? 'input-too-large' : 'file-unreadable',
      message: `cannot read ${file === '-' ? 'standard input' : file}: ${e instanceof Error ? e.message : String(e)}`,
      file,
    });
  const visit = (path: string, top: boolean): void => {
    try {
      if (path === '-') {
        if (!io.readStdin) throw new Error('standard input is not available');
        sources.push({ text: io.readStdin(), file: '<stdin>' });
        return;
      }
      if (io.kind?.(path) === 'dir') {
        const names = [...(io.readDir?.(path) ?? [])].sort();
        const before = sources.length;
        for (const name of names) {
          const child = `${path.replace(/\/+$/, '')}/${name}`;
          if (io.kind(child) === 'dir') visit(child, false);
          else if (MANIFEST.test(name)) visit(child, false);
        }
        if (top && sources.length === before)
          diagnostics.push({
            severity: 'warning',
            code: 'directory-empty',
            message: `no .yaml, .yml or .json file under ${path}`,
            file: path,
          });
        return;
      }
      sources.push({ text: io.readFile(path), file: path });
    } catch (e) {
      fail(path, e);
    }
  };
  for (const p of paths) visit(p, true);
  return { sources, diagnostics };
}

export interface InputSummary {
  readonly files: number;
  /** kind → objects read and analysed */
  readonly kinds: Readonly<Record<string, number>>;
  /** kind → objects kept but not evaluated (they cannot change reachability) */
  readonly ignored: Readonly<Record<string, number>>;
}

function count(names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const n of [...names].sort()) out[n] = (out[n] ?? 0) + 1;
  return out;
}

export function summarize(files: number, model: Model): InputSummary {
  return {
    files,
    kinds: count([
      ...model.namespaces.filter((n) => n.declared).map(() => 'Namespace'),
      ...model.endpoints.map((e) => (e.kind === 'External' ? 'ExternalHost' : e.sourceKind)),
      ...model.nads.map(() => 'NetworkAttachmentDefinition'),
      ...model.policies.map((p) => p.kind),
      ...model.subnets.map(() => 'Subnet'),
      ...(model.clusterPolicies ?? []).map((p) => p.kind),
      ...(model.nodes ?? []).map(() => 'Node'),
    ]),
    ignored: count(model.ignored.map((o) => o.ref.kind)),
  };
}

const list = (r: Readonly<Record<string, number>>): string =>
  Object.entries(r)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** One stderr line: what was found and what was left out. */
export function summaryLine(s: InputSummary): string {
  return `read ${s.files} input${s.files === 1 ? '' : 's'}: ${list(s.kinds)}; ignored (no effect on reachability): ${list(s.ignored)}`;
}

/** Read and parse paths into one model (`cache`: what it shares with other loads, see ParseCache). */
export function loadModel(paths: readonly string[], io: CliIo, cache?: ParseCache) {
  const read = readSources(paths, io);
  const parsed = parseManifests(read.sources, validateStrict, cache);
  let summary: InputSummary | undefined;
  return {
    model: parsed.model,
    diagnostics: [...read.diagnostics, ...parsed.diagnostics],
    /** counted when asked for (analyze prints it; diff, lint and the rest do not) */
    get summary(): InputSummary {
      return (summary ??= summarize(read.sources.length, parsed.model));
    },
  };
}
