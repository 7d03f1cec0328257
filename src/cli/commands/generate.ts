import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic';
import { DEFAULT_NETWORK, type Model } from '../../model/types';
import { applyPolicies, generatePlan, printedPolicies } from '../../engine/generate/index';
import { verifyPlan } from '../../engine/generate/verify';
import { external } from '../../io/k8s-external';
import { parseIntent } from '../../io/intent';
import { parseManifests } from '../../io/k8s-to-model';
import type { CliArgs } from '../args';
import { UsageError, type CliIo, type Out } from '../context';
import { FORMATTERS } from '../formats';
import { plain } from '../formats/escape';
import type { Formatter } from '../formats/formatter';
import { policiesYaml } from '../formats/policies';
import { policiesReport, reportText } from '../generate-format';
import { EXTERNAL_OPTION, type Command } from './command';

const UNREADABLE = new Set(['yaml-syntax', 'input-too-large', 'file-unreadable', 'too-many-documents']);

/**
 * Policies from an intent (issue 17): read the manifests and the intent, generate, read the
 * printed policies back and check them with the engine, then print (exit 0 exact, 1 not).
 */
function run(args: CliArgs, io: CliIo, out: Out): number {
  if (args.intent === undefined) throw new UsageError('generate needs --intent INTENT.yaml');
  // its generator predicts, and its proof checks, what the API semantics allow: a profile or an
  // OVN-K option would be ignored, so it is refused rather than silently left out
  if (args.backend !== 'api' || args.allowIcmp)
    throw new UsageError(
      `generate works with the API semantics only: ${args.allowIcmp ? '--allow-icmp' : `--backend ${args.backend}`} is not supported for generate (check the generated policies with \`netpol-studio analyze --backend ... --allow-icmp\` instead)`,
    );
  const format = args.format ?? 'yaml';
  const problems: Diagnostic[] = [];
  const read = (file: string): string | undefined => {
    try {
      return io.readFile(file);
    } catch (e) {
      problems.push({
        severity: 'error',
        code: 'file-unreadable',
        message: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
        file,
      });
      return undefined;
    }
  };
  const sources = args.files.flatMap((file) => {
    const text = read(file);
    return text === undefined ? [] : [{ text, file }];
  });
  const parsed = parseManifests(sources);
  problems.push(...parsed.diagnostics.filter((d) => UNREADABLE.has(d.code)));
  const intentText = read(args.intent);
  const intentParse = intentText === undefined ? undefined : parseIntent(intentText, args.intent);
  problems.push(...(intentParse?.diagnostics ?? []));
  const fail = (list: readonly Diagnostic[]): number => {
    for (const d of list) out.errors.push(plain(formatDiagnostic(d)));
    out.errors.push('nothing generated: fix the input above');
    return 2;
  };
  if (problems.some((d) => d.severity === 'error') || !intentParse?.intent) return fail(problems);
  const model: Model = {
    ...parsed.model,
    endpoints: [...parsed.model.endpoints, ...args.externals.map((x) => external(x.name, [x.ip], x.network))],
  };
  const { plan, diagnostics } = generatePlan(model, intentParse.intent, { dns: args.dns });
  if (!plan) return fail([...problems, ...diagnostics]);
  const networks = [...plan.resolved.covered]
    .sort()
    .map((id) =>
      id === DEFAULT_NETWORK
        ? 'the pod network'
        : (plan.resolved.nets.get(id)?.members.find((m) => m.nad !== DEFAULT_NETWORK)?.nad ?? id),
    );
  const printed = printedPolicies(plan);
  const header = { intentFile: args.intent, networks };
  // the proof: read back what we print and analyse the result with the engine
  const draft = policiesYaml(policiesReport(printed, plan, header));
  const readBack = parseManifests([{ text: draft, file: '<generated>' }]);
  const verification = verifyPlan(applyPolicies(model, plan, readBack.model.policies), plan);
  const report = policiesReport(printed, plan, { ...header, verification });
  (FORMATTERS[format].policies as NonNullable<Formatter['policies']>)(report, out);
  for (const d of [...problems, ...diagnostics, ...readBack.diagnostics.filter((x) => x.severity !== 'info')])
    out.errors.push(plain(formatDiagnostic(d)));
  out.errors.push(...reportText(plan.notes, verification).trimEnd().split('\n').map(plain));
  return verification.exact ? 0 : 1;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'policies allowing exactly the connections of an intent file (checked with the engine)',
  usage:
    'generate MANIFEST... --intent INTENT.yaml [--format yaml|json] [--external NAME=IP@NETWORK]... [--no-dns]',
  options: [
    '--intent FILE               the connections that should exist; every other one on the',
    '                            covered networks is denied. The file (YAML):',
    '                              networks: [default/flatl2net]   # optional; default: all',
    '                              allow:',
    '                                - {from: NS/NAME|EXTERNAL, to: NS/NAME|EXTERNAL, network: default|NS/NAD,',
    '                                   protocol: TCP|UDP|SCTP|ICMP|any, port: N, endPort: M}',
    '--no-dns                    do not keep DNS egress to kube-dns on the pod network',
    EXTERNAL_OPTION,
    'exit 0 exact; 1 some intent line cannot be expressed exactly (stderr says which, why, and',
    'what is allowed instead); 2 usage error or unreadable input',
  ],
  report: 'policies',
  defaultFormat: 'yaml',
  minArgs: 1,
  run,
};
