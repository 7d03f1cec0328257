import { formatDiagnostic, type Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import { analyze } from '../engine/analyze';
import { lint } from '../engine/lint';
import { external } from '../io/k8s-external';
import { parseManifests, type SourceText } from '../io/k8s-to-model';
import { USAGE, UsageError, parseArgs, type ExternalArg } from './args';
import { runDiff, runTest } from './commands';
import { runGenerate } from './generate';
import { analysisJson, analysisTable, findingsJson, findingsTable } from './format';

export interface CliIo {
  readonly readFile: (path: string) => string;
}

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const UNREADABLE = new Set(['yaml-syntax', 'input-too-large', 'file-unreadable', 'too-many-documents']);

function withExternals(model: Model, externals: readonly ExternalArg[]): Model {
  return {
    ...model,
    endpoints: [...model.endpoints, ...externals.map((e) => external(e.name, [e.ip], e.network))],
  };
}

function load(files: readonly string[], io: CliIo): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const sources: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      sources.push({ text: io.readFile(file), file });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        code: 'file-unreadable',
        message: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
        file,
      });
    }
  }
  return { sources, diagnostics };
}

/** The whole CLI as a function (main.ts adds only process I/O), so tests run it in-process. */
export function runCli(argv: readonly string[], io: CliIo): CliOutput {
  if (argv[0] === 'generate') return runGenerate(argv.slice(1), io);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: `error: ${e.message}\n\n${USAGE}\n`, code: 2 };
    throw e;
  }
  if (args.help || !args.command) return { stdout: `${USAGE}\n`, stderr: '', code: args.help ? 0 : 2 };
  if (!['analyze', 'lint', 'diff', 'test'].includes(args.command))
    return { stdout: '', stderr: `error: unknown command "${args.command}"\n\n${USAGE}\n`, code: 2 };
  if (args.files.length === 0)
    return { stdout: '', stderr: `error: ${args.command} needs at least one FILE\n\n${USAGE}\n`, code: 2 };
  if (args.command === 'lint') return runLint(args.files, args.format, args.failOn, io);
  if (args.command === 'test') return runTest(args.files, args.format, io);
  if (args.command === 'diff') {
    if (args.against.length === 0)
      return { stdout: '', stderr: `error: diff needs --against AFTER...\n\n${USAGE}\n`, code: 2 };
    return runDiff(args.files, args.against, args.format, args.failOnChange, io);
  }
  const loaded = load(args.files, io);
  const parsed = parseManifests(loaded.sources);
  const model = withExternals(parsed.model, args.externals);
  const result = analyze(model);
  const diagnostics = [...loaded.diagnostics, ...parsed.diagnostics, ...result.diagnostics];
  const shown = diagnostics.filter((d) => d.severity !== 'info' || d.code !== 'kind-ignored');
  const stderr = shown.map((d) => formatDiagnostic(d)).join('\n');
  const stdout = args.format === 'json' ? analysisJson(result, diagnostics) : analysisTable(result);
  const unreadable = diagnostics.some((d) => UNREADABLE.has(d.code));
  return { stdout: `${stdout}\n`, stderr: stderr ? `${stderr}\n` : '', code: unreadable ? 2 : 0 };
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

function runLint(
  files: readonly string[],
  format: 'json' | 'table',
  failOn: 'error' | 'warning',
  io: CliIo,
): CliOutput {
  const loaded = load(files, io);
  const parsed = parseManifests(loaded.sources);
  const findings = [
    ...loaded.diagnostics,
    ...parsed.diagnostics.filter((d) => d.code !== 'kind-ignored'),
    ...lint(parsed.model),
  ];
  const stdout = format === 'json' ? findingsJson(findings) : findingsTable(findings);
  const unreadable = findings.some((d) => UNREADABLE.has(d.code));
  const failing = findings.some((d) => RANK[d.severity] <= RANK[failOn]);
  return { stdout: `${stdout}\n`, stderr: '', code: unreadable ? 2 : failing ? 1 : 0 };
}
