import { Analyzer } from '../../engine/analyze';
import { diffModels } from '../../engine/diff';
import { hasSkipped, UsageError } from '../context';
import { FORMATTERS } from '../formats';
import { loadModel } from '../input';
import { BACKEND_OPTION, reportDiagnostics, type Command } from './command';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'connections gained and lost between two sets of manifests',
  usage: 'diff BEFORE... --against AFTER... [--format table|json|md|csv] [--fail-on-change]',
  options: ['--fail-on-change            exit 1 when any connection was gained or lost', BACKEND_OPTION],
  report: 'changes',
  minArgs: 1,
  run(args, io, out) {
    if (args.against.length === 0) throw new UsageError('diff needs --against AFTER...');
    const b = loadModel(args.files, io);
    const a = loadModel(args.against, io);
    const diagnostics = [...b.diagnostics, ...a.diagnostics].filter((d) => d.code !== 'kind-ignored');
    const skipped = hasSkipped(diagnostics);
    // looked up pair by pair in factor tables: memory grows with the changes, not N x N
    const changes = diffModels(b.model, a.model, {
      before: new Analyzer(args.backend),
      after: new Analyzer(args.backend),
    });
    FORMATTERS[args.format ?? 'table'].changes?.({ changes, diagnostics, skipped }, out);
    reportDiagnostics(out, diagnostics);
    if (skipped) return 2;
    return args.failOnChange && changes.length ? 1 : 0;
  },
};
