import { analyze, type Connection } from '../../engine/analyze';
import { allows, isEmptyConns } from '../../engine/conn';
import { explainConnection } from '../../engine/explain';
import { hasSkipped, UsageError } from '../context';
import { matchesWorkload } from '../focus';
import { FORMATTERS } from '../formats';
import { loadModel } from '../input';
import {
  ALLOW_ICMP_OPTION,
  BACKEND_OPTION,
  backendOptions,
  EXTERNAL_OPTION,
  reportDiagnostics,
  withExternals,
  type Command,
} from './command';

const endIs = (label: string, id: string, wanted: string) => id === wanted || matchesWorkload(label, wanted);

export const probeCommand: Command = {
  name: 'probe',
  summary: 'one question: can FROM reach TO (on a network, protocol, port)? exit 0 allowed, 1 denied',
  usage: 'probe FROM TO FILE|DIR|-... [--network NET] [--protocol P] [--port N] [--format table|json]',
  options: [
    "FROM, TO                    ns/name, a bare name, or an external host's name",
    '--network NET               default, a NAD ns/name (default: every network both share)',
    '--protocol P [--port N]     TCP|UDP|SCTP|ICMP (default: any connection at all)',
    EXTERNAL_OPTION,
    BACKEND_OPTION,
    ALLOW_ICMP_OPTION,
  ],
  report: 'probe',
  minArgs: 3,
  run(args, io, out) {
    const [from, to, ...files] = args.files as [string, string, ...string[]];
    const f = args.focus;
    const loaded = loadModel(files, io);
    const model = withExternals(loaded.model, args.externals);
    const result = analyze(model, { backend: args.backend, ...backendOptions(args) });
    const found = result.connections.filter(
      (c: Connection) =>
        endIs(c.from, c.fromId, from) &&
        endIs(c.to, c.toId, to) &&
        (f.network === undefined || c.network === f.network),
    );
    reportDiagnostics(out, [...loaded.diagnostics, ...result.diagnostics]);
    if (found.length === 0)
      throw new UsageError(
        `no pair ${from} → ${to}${f.network ? ` on network ${f.network}` : ''}: both must exist and share a network`,
      );
    const question = f.protocol
      ? `${f.protocol}${f.port !== undefined ? ` ${f.port}` : ''}`
      : 'any connection';
    const answers = found.map((c) => ({
      connection: c,
      allowed: f.protocol ? allows(c.allowed, f.protocol, f.port) : !isEmptyConns(c.allowed),
      why: explainConnection(c),
    }));
    FORMATTERS[args.format ?? 'table'].probe?.({ question, answers }, out);
    if (hasSkipped(loaded.diagnostics)) return 2;
    return answers.every((a) => a.allowed) ? 0 : 1;
  },
};
