import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import type { BackendOptions } from '../../engine/admin/backend';
import { external } from '../../io/k8s-external';
import type { CliArgs, ExternalArg, FormatName } from '../args';
import type { CliIo, Out } from '../context';
import { plain } from '../formats/escape';
import type { ReportKind } from '../formats/formatter';

/** One CLI command: its help and its run; the table in commands.ts lists them all. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** synopsis after `netpol-studio` */
  readonly usage: string;
  /** option lines for --help */
  readonly options: readonly string[];
  /** the report it prints, and so the formats it offers */
  readonly report?: ReportKind;
  /** when it is not table */
  readonly defaultFormat?: FormatName;
  /** positional arguments needed (files, or FROM TO FILE...) */
  readonly minArgs: number;
  readonly run: (args: CliArgs, io: CliIo, out: Out) => number;
}

export function withExternals(model: Model, externals: readonly ExternalArg[]): Model {
  if (externals.length === 0) return model;
  return {
    ...model,
    endpoints: [...model.endpoints, ...externals.map((e) => external(e.name, [e.ip], e.network))],
  };
}

/** Diagnostics to stderr, compiler-style, escaped; the routine "kind ignored" notes are summed up elsewhere. */
export function reportDiagnostics(out: Out, ds: readonly Diagnostic[]): void {
  for (const d of ds) if (d.code !== 'kind-ignored') out.errors.push(plain(formatDiagnostic(d)));
}

export const FOCUS_OPTIONS = [
  '--workload NAME             pairs from or to this workload (ns/name or name; repeatable)',
  '--namespace NS              pairs from or to this namespace',
  '--direction ingress|egress  with --workload/--namespace: only what reaches it / what it reaches',
  '--network NET               one network: default or a NAD ns/name',
  '--protocol P [--port N]     the verdict for TCP|UDP|SCTP|ICMP (and one port) only',
  '--allowed | --denied        only allowed / only denied pairs',
];
export const BACKEND_OPTION =
  '--backend api|ovn-kubernetes which cluster policies apply: per the API (default), or only what OVN-K programs';
export const ALLOW_ICMP_OPTION =
  '--allow-icmp                OVN-K allow-icmp-network-policy is on: ICMP passes NetworkPolicy default-deny';
/** The profile's options the flags ask for (engine/admin/backend.ts). */
export const backendOptions = (args: CliArgs): BackendOptions => (args.allowIcmp ? { allowIcmp: true } : {});
export const EXTERNAL_OPTION =
  '--external NAME=IP@NETWORK  an external host, e.g. db=192.168.200.5@default/tenantblue (repeatable)';
