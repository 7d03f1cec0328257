import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../../model/diagnostic';
import { analyze } from '../../engine/analyze';
import { checkExpectations } from '../../engine/expect';
import { external } from '../../io/k8s-external';
import { parseManifests, type SourceText } from '../../io/k8s-to-model';
import { loadYamlDocuments } from '../../io/yaml-documents';
import { hasSkipped, SKIPPED } from '../context';
import { FORMATTERS } from '../formats';
import type { TestFileReport } from '../report';
import {
  ALLOW_ICMP_OPTION,
  BACKEND_OPTION,
  backendOptions,
  reportDiagnostics,
  type Command,
} from './command';
import { readExpectations } from './expectations';

interface ExpectFile {
  name?: string;
  manifests?: string;
  manifestFiles?: string[];
  externals?: { name: string; ip: string; network: string }[];
}

export const testCommand: Command = {
  name: 'test',
  summary: 'check expected verdicts (the conformance case format) and explain every failure',
  usage: 'test EXPECT.yaml... [--format table|json|md]',
  options: [BACKEND_OPTION, ALLOW_ICMP_OPTION],
  report: 'tests',
  minArgs: 1,
  run(args, io, out) {
    const files: TestFileReport[] = [];
    const diagnostics: Diagnostic[] = [];
    const error = (file: string, message: string, code: Diagnostic['code'] = 'file-unreadable') =>
      diagnostics.push({ severity: 'error', code, message, file });
    for (const file of args.files) {
      let text: string;
      try {
        text = io.readFile(file);
      } catch (e) {
        error(file, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const loaded = loadYamlDocuments(text, file);
      diagnostics.push(...loaded.diagnostics);
      const doc = loaded.documents[0];
      if (!doc || !Array.isArray((doc.value as { expect?: unknown }).expect)) {
        if (!hasSkipped(loaded.diagnostics))
          error(
            file,
            `${file}: no "expect" list of {from, to, network, protocol, port, allowed}`,
            'expectations-missing',
          );
        continue;
      }
      const spec = doc.value as ExpectFile;
      const sources: SourceText[] =
        typeof spec.manifests === 'string' ? [{ text: spec.manifests, file: `${file}#manifests` }] : [];
      for (const m of Array.isArray(spec.manifestFiles) ? spec.manifestFiles : []) {
        const path = resolve(dirname(file), String(m));
        try {
          sources.push({ text: io.readFile(path), file: path });
        } catch (e) {
          error(
            file,
            `${file}: cannot read manifest ${String(m)}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      const parsed = parseManifests(sources);
      // other errors are objects the API server would reject: modelled as absent, not a broken test
      diagnostics.push(...parsed.diagnostics.filter((d) => SKIPPED.has(d.code)));
      const externals = Array.isArray(spec.externals) ? spec.externals : [];
      const model = {
        ...parsed.model,
        endpoints: [...parsed.model.endpoints, ...externals.map((x) => external(x.name, [x.ip], x.network))],
      };
      const wanted = readExpectations(doc, file);
      diagnostics.push(...wanted.diagnostics);
      files.push({
        file,
        name: spec.name ?? null,
        results: checkExpectations(
          analyze(model, { backend: args.backend, ...backendOptions(args) }),
          wanted.list,
        ),
      });
    }
    const all = files.flatMap((f) => f.results);
    const failed = all.filter((r) => !r.ok).length;
    const report = { files, diagnostics, passed: all.length - failed, failed };
    FORMATTERS[args.format ?? 'table'].tests?.(report, out);
    reportDiagnostics(out, diagnostics);
    return diagnostics.some((d) => d.severity === 'error') ? 2 : failed ? 1 : 0;
  },
};
