import { BACKENDS, type Backend } from '../engine/admin/backend';
import { UsageError } from './context';

export interface ExternalArg {
  readonly name: string;
  readonly ip: string;
  readonly network: string;
}

export const FORMATS = ['json', 'table', 'md', 'csv', 'dot', 'svg', 'yaml'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Focus flags: which pairs a report shows (analyze) or which question it asks (probe). */
export interface Focus {
  readonly workloads: readonly string[];
  readonly network?: string;
  readonly namespace?: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
  readonly port?: number;
  readonly verdict?: 'allowed' | 'denied';
  readonly direction?: 'ingress' | 'egress';
}

export interface CliArgs {
  readonly command: string;
  /** positional arguments after the command (files; for probe FROM TO first) */
  readonly files: readonly string[];
  readonly format?: FormatName;
  readonly externals: readonly ExternalArg[];
  readonly help: boolean;
  readonly version: boolean;
  readonly failOn: 'error' | 'warning';
  /** diff: the AFTER files (after --against). */
  readonly against: readonly string[];
  readonly failOnChange: boolean;
  readonly focus: Focus;
  /** grouped output: auto (by size), or forced on (--grouped) or off (--pairs) */
  readonly grouped?: boolean;
  /** generate: the intent file, and whether DNS egress is kept (--no-dns) */
  readonly intent?: string;
  readonly dns: boolean;
  /** which cluster policies apply: the API's (default) or what OVN-Kubernetes programs */
  readonly backend: Backend;
  /** OVN-K's allow-icmp-network-policy is on (--allow-icmp): ICMP passes NetworkPolicy default-deny */
  readonly allowIcmp: boolean;
}

export function parseExternal(text: string): ExternalArg {
  const m = /^([^=]+)=([^@]+)@(.+)$/.exec(text);
  if (!m) throw new UsageError(`--external "${text}": expected NAME=IP@NETWORK, e.g. db=10.0.0.5@default`);
  return { name: m[1] as string, ip: m[2] as string, network: m[3] as string };
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`${flag} must be ${allowed.join(' or ')}, not "${v}"`);
  return v as T;
}

function portOf(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new UsageError(`--port must be 1-65535, not "${v}"`);
  return n;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP'] as const;

export function parseArgs(argv: readonly string[]): CliArgs {
  let command = '';
  const files: string[] = [];
  const against: string[] = [];
  const externals: ExternalArg[] = [];
  const workloads: string[] = [];
  const flags = { help: false, version: false, failOnChange: false, inAgainst: false };
  let format: FormatName | undefined;
  let failOn: 'error' | 'warning' = 'error';
  let grouped: boolean | undefined;
  let intent: string | undefined;
  let dns = true;
  let backend: Backend = 'api';
  let allowIcmp = false;
  const focus: { -readonly [K in keyof Focus]?: Focus[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const a = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') flags.help = true;
    else if (a === '-V' || a === '--version') flags.version = true;
    else if (a === '--against') flags.inAgainst = true;
    else if (a === '--fail-on-change') flags.failOnChange = true;
    else if (a === '--format' || a === '-o') format = oneOf('--format', value(), FORMATS);
    else if (a === '--fail-on') failOn = oneOf('--fail-on', value(), ['error', 'warning'] as const);
    else if (a === '--external') externals.push(parseExternal(value()));
    else if (a === '--workload') workloads.push(value());
    else if (a === '--network') focus.network = value();
    else if (a === '--namespace' || a === '-n') focus.namespace = value();
    else if (a === '--protocol') focus.protocol = oneOf('--protocol', value().toUpperCase(), PROTOCOLS);
    else if (a === '--port') focus.port = portOf(value());
    else if (a === '--allowed') focus.verdict = 'allowed';
    else if (a === '--denied') focus.verdict = 'denied';
    else if (a === '--direction')
      focus.direction = oneOf('--direction', value(), ['ingress', 'egress'] as const);
    else if (a === '--intent') intent = value();
    else if (a === '--no-dns') dns = false;
    else if (a === '--backend') backend = oneOf('--backend', value(), BACKENDS);
    else if (a === '--allow-icmp') allowIcmp = true;
    else if (a === '--grouped') grouped = true;
    else if (a === '--pairs') grouped = false;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (!command) command = a;
    else if (flags.inAgainst) against.push(a);
    else files.push(a);
  }
  if (focus.port !== undefined && focus.protocol === 'ICMP')
    throw new UsageError('--port does not apply to --protocol ICMP');
  return {
    command,
    files,
    ...(format ? { format } : {}),
    externals,
    help: flags.help,
    version: flags.version,
    failOn,
    against,
    failOnChange: flags.failOnChange,
    focus: { ...focus, workloads },
    ...(grouped !== undefined ? { grouped } : {}),
    ...(intent !== undefined ? { intent } : {}),
    dns,
    backend,
    allowIcmp,
  };
}
