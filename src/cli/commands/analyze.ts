import type { FormatName } from '../args';
import { hasSkipped, type CliIo, type Out } from '../context';
import { checkFocus, focusConnections } from '../focus';
import { FORMATTERS } from '../formats';
import { classifyNetworks, groupRows } from '../group';
import { loadModel, summaryLine } from '../input';
import type { AnalysisReport } from '../report';
import {
  ALLOW_ICMP_OPTION,
  BACKEND_OPTION,
  backendOptions,
  EXTERNAL_OPTION,
  FOCUS_OPTIONS,
  reportDiagnostics,
  withExternals,
  type Command,
} from './command';

/** Above this many ordered pairs a format groups pairs by class unless --pairs is given. */
const AUTO_GROUP: Readonly<Record<FormatName, number>> = {
  table: 2000,
  md: 150,
  dot: 150,
  svg: 150,
  json: Infinity,
  csv: Infinity,
  yaml: Infinity, // not an analysis format (generate prints yaml)
};

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'every ordered pair of endpoints sharing a network, with allowed ports and why',
  usage: 'analyze FILE|DIR|-... [--format table|json|md|csv|dot|svg] [focus flags]',
  options: [
    ...FOCUS_OPTIONS,
    '--grouped | --pairs         collapse pairs by class / list every pair (default: grouped above',
    '                            2,000 pairs for table, 150 for md, dot and svg; json and csv list pairs)',
    EXTERNAL_OPTION,
    BACKEND_OPTION,
    ALLOW_ICMP_OPTION,
  ],
  report: 'analysis',
  minArgs: 1,
  run(args, io: CliIo, out: Out) {
    checkFocus(args.focus);
    const format = args.format ?? 'table';
    const loaded = loadModel(args.files, io);
    const model = withExternals(loaded.model, args.externals);
    const nets = classifyNetworks(model, args.backend, backendOptions(args));
    const grouped = args.grouped ?? nets.pairs > AUTO_GROUP[format];
    let pairs: ReturnType<typeof nets.analyzer.analyze> | undefined;
    const analysis = () => (pairs ??= nets.analyzer.analyze(model));
    const report: AnalysisReport = {
      inputs: loaded.summary,
      diagnostics: [...loaded.diagnostics, ...nets.diagnostics],
      networks: nets.list,
      focus: args.focus,
      ...(grouped
        ? { groups: groupRows(nets, args.focus, analysis) }
        : { connections: focusConnections(args.focus, analysis().connections) }),
    };
    FORMATTERS[format].analysis?.(report, out, io);
    out.errors.push(summaryLine(loaded.summary));
    reportDiagnostics(out, report.diagnostics);
    return hasSkipped(report.diagnostics) ? 2 : 0;
  },
};
