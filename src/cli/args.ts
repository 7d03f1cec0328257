export interface ExternalArg {
  readonly name: string;
  readonly ip: string;
  readonly network: string;
}

export interface CliArgs {
  readonly command: string;
  readonly files: readonly string[];
  readonly format: 'json' | 'table';
  readonly externals: readonly ExternalArg[];
  readonly help: boolean;
  readonly failOn: 'error' | 'warning';
  /** diff: the AFTER files (after --against). */
  readonly against: readonly string[];
  readonly failOnChange: boolean;
}

export class UsageError extends Error {}

export const USAGE = `netpol-studio CLI

Usage:
  npm run cli -- analyze FILE... [--format json|table] [--external NAME=IP@NETWORK]...
  npm run cli -- lint FILE... [--format json|table] [--fail-on error|warning]
  npm run cli -- diff BEFORE... --against AFTER... [--format json|table] [--fail-on-change]
  npm run cli -- test EXPECT.yaml... [--format json|table]
  npm run cli -- generate MANIFEST... --intent INTENT.yaml [--format yaml|json]
                [--external NAME=IP@NETWORK]... [--no-dns]

Commands:
  analyze   every ordered pair of endpoints sharing a network, with allowed ports and why
  lint      findings: classic policy mistakes, each with code, object, field, line and fix
  diff      connections gained and lost between two sets of manifests
  test      check expected verdicts (the ../shared/conformance case format) and explain
            every failure
  generate  policies (kubectl-ready) allowing exactly the connections of an intent file,
            replacing every policy on the networks it covers; checked with the engine
            before printing (exit 1 when some intent line cannot be expressed exactly;
            generate --help for the intent format)

Options:
  --format json|table          output format (default: table)
  --external NAME=IP@NETWORK   an external host, e.g. db=192.168.200.5@default/tenantblue
                               (NETWORK is "default" or a NAD "namespace/name"; repeatable)
  --fail-on error|warning      lint exits 1 when a finding of this severity or worse exists
                               (default: error)
  -h, --help                   this help

  --fail-on-change             diff exits 1 when any connection was gained or lost

Exit codes: 0 success; 1 lint findings at or above --fail-on, a changed diff with
--fail-on-change, or a failed expectation; 2 usage error or unreadable input.`;

export function parseExternal(text: string): ExternalArg {
  const m = /^([^=]+)=([^@]+)@(.+)$/.exec(text);
  if (!m) throw new UsageError(`--external "${text}": expected NAME=IP@NETWORK, e.g. db=10.0.0.5@default`);
  return { name: m[1] as string, ip: m[2] as string, network: m[3] as string };
}

export function parseArgs(argv: readonly string[]): CliArgs {
  let command = '';
  const files: string[] = [];
  let format: 'json' | 'table' = 'table';
  const externals: ExternalArg[] = [];
  let help = false;
  let failOn: 'error' | 'warning' = 'error';
  const against: string[] = [];
  let inAgainst = false;
  let failOnChange = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--against') inAgainst = true;
    else if (a === '--fail-on-change') failOnChange = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : value();
      if (v !== 'json' && v !== 'table') throw new UsageError(`--format must be json or table, not "${v}"`);
      format = v;
    } else if (a === '--fail-on' || a.startsWith('--fail-on=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : value();
      if (v !== 'error' && v !== 'warning')
        throw new UsageError(`--fail-on must be error or warning, not "${v}"`);
      failOn = v;
    } else if (a === '--external' || a.startsWith('--external=')) {
      externals.push(
        parseExternal(
          a.includes('=') && a.startsWith('--external=') ? a.slice('--external='.length) : value(),
        ),
      );
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!command) command = a;
    else if (inAgainst) against.push(a);
    else files.push(a);
  }
  return { command, files, format, externals, help, failOn, against, failOnChange };
}
