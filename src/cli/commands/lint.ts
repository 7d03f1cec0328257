import { compileModel } from '../../engine/analyze';
import { lint } from '../../engine/lint';
import { hasSkipped } from '../context';
import { FORMATTERS } from '../formats';
import { loadModel } from '../input';
import { ALLOW_ICMP_OPTION, BACKEND_OPTION, backendOptions, type Command } from './command';

const RANK = { error: 0, warning: 1, info: 2 } as const;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'findings: classic policy mistakes, each with code, object, field, line and fix',
  usage: 'lint FILE|DIR|-... [--format table|json|md|csv] [--fail-on error|warning]',
  options: [
    '--fail-on error|warning     exit 1 when a finding this severe or worse exists (default: error)',
    BACKEND_OPTION,
    ALLOW_ICMP_OPTION,
  ],
  report: 'findings',
  minArgs: 1,
  run(args, io, out) {
    const loaded = loadModel(args.files, io);
    const findings = [
      ...loaded.diagnostics.filter((d) => d.code !== 'kind-ignored'),
      ...lint(loaded.model, compileModel(loaded.model, args.backend, backendOptions(args))),
    ];
    FORMATTERS[args.format ?? 'table'].findings?.({ findings }, out);
    if (hasSkipped(findings)) return 2;
    return findings.some((d) => RANK[d.severity] <= RANK[args.failOn]) ? 1 : 0;
  },
};
