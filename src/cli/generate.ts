import { formatDiagnostic, type Diagnostic } from '../model/diagnostic';
import { DEFAULT_NETWORK, type Model } from '../model/types';
import { applyPolicies, generatePlan, printedPolicies } from '../engine/generate/index';
import { verifyPlan } from '../engine/generate/verify';
import { external } from '../io/k8s-external';
import { parseIntent } from '../io/intent';
import { parseManifests } from '../io/k8s-to-model';
import { UsageError, parseExternal, type ExternalArg } from './args';
import { generatedText, reportText } from './generate-format';

export const GENERATE_USAGE = `  npm run cli -- generate MANIFEST... --intent INTENT.yaml [--format yaml|json]
                  [--external NAME=IP@NETWORK]... [--no-dns]`;
const GENERATE_HELP = `Intent file (YAML):
  networks: [default/flatl2net]     # optional; default: every network in the manifests
  allow:
    - {from: NS/NAME|EXTERNAL, to: NS/NAME|EXTERNAL, network: default|NS/NAD,
       protocol: TCP|UDP|SCTP|ICMP|any, port: N, endPort: M}
Options:
  --intent FILE                the connections that should exist (everything else is denied)
  --format yaml|json           kubectl-ready YAML (default) or a JSON List
  --external NAME=IP@NETWORK   an external host (repeatable)
  --no-dns                     do not keep DNS egress to kube-dns on the pod network
Exit codes: 0 exact; 1 some intent line cannot be expressed exactly (stderr says which and
what is allowed instead); 2 usage error or unreadable input.`;

interface GenerateArgs {
  readonly files: readonly string[];
  readonly intent: string;
  readonly format: 'yaml' | 'json';
  readonly externals: readonly ExternalArg[];
  readonly dns: boolean;
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const files: string[] = [];
  const externals: ExternalArg[] = [];
  let intent: string | undefined;
  let format: 'yaml' | 'json' = 'yaml';
  let dns = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const v = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--intent') {
      if (intent !== undefined) throw new UsageError('--intent is given twice');
      intent = value();
    } else if (name === '--format') {
      const v = value();
      if (v !== 'yaml' && v !== 'json') throw new UsageError(`--format must be yaml or json, not "${v}"`);
      format = v;
    } else if (name === '--external') externals.push(parseExternal(value()));
    else if (a === '--no-dns') dns = false;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} for generate`);
    else files.push(a);
  }
  if (intent === undefined) throw new UsageError('generate needs --intent INTENT.yaml');
  if (files.length === 0) throw new UsageError('generate needs at least one MANIFEST');
  return { files, intent, format, externals, dns };
}

const UNREADABLE = new Set(['yaml-syntax', 'input-too-large', 'file-unreadable', 'too-many-documents']);

export function runGenerate(
  argv: readonly string[],
  io: { readonly readFile: (path: string) => string },
): { stdout: string; stderr: string; code: number } {
  if (argv.includes('-h') || argv.includes('--help'))
    return { stdout: `usage:\n${GENERATE_USAGE}\n${GENERATE_HELP}\n`, stderr: '', code: 0 };
  let args: GenerateArgs;
  try {
    args = parseGenerateArgs(argv);
  } catch (e) {
    if (e instanceof UsageError)
      return { stdout: '', stderr: `error: ${e.message}\nusage:\n${GENERATE_USAGE}\n`, code: 2 };
    throw e;
  }
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
  const fail = (list: readonly Diagnostic[]) => ({
    stdout: '',
    stderr: `${list.map((d) => formatDiagnostic(d)).join('\n')}\nnothing generated: fix the input above\n`,
    code: 2,
  });
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
  const draft = generatedText(printed, plan, args.format, header);
  const readBack = parseManifests([{ text: draft, file: '<generated>' }]);
  const verification = verifyPlan(applyPolicies(model, plan, readBack.model.policies), plan);
  const stdout = generatedText(printed, plan, args.format, { ...header, verification });
  const stderr = [
    ...[...problems, ...diagnostics, ...readBack.diagnostics.filter((d) => d.severity !== 'info')].map((d) =>
      formatDiagnostic(d),
    ),
    reportText(plan.notes, verification).trimEnd(),
  ].join('\n');
  return { stdout, stderr: `${stderr}\n`, code: verification.exact ? 0 : 1 };
}
