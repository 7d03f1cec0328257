import type { SourcePos } from './diagnostic';

/** `any` = every protocol, port and ICMP. */
export type IntentProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'any';

/** One `allow` entry of an intent file: a connection that should exist. */
export interface IntentLine {
  /** Position in the `allow` list (0-based). */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** `default` or a NAD `namespace/name`; undefined: the one covered network the pair shares. */
  readonly network?: string;
  readonly protocol: IntentProtocol;
  readonly port?: number;
  readonly endPort?: number;
  readonly file?: string;
  /** 1-based line of the entry in its file (0 for lines made by the tool, e.g. DNS). */
  readonly line: number;
  /** Field (`from`, `to`, `network`, ...) → position, for diagnostics. */
  readonly at: Readonly<Record<string, SourcePos>>;
}

/** Connections a person wants; every other connection on the covered networks is denied. */
export interface Intent {
  readonly file?: string;
  /** Networks the intent covers (`default` or NAD keys); undefined: every network of the manifests. */
  readonly networks?: readonly string[];
  readonly networksAt: Readonly<Record<number, SourcePos>>;
  readonly allow: readonly IntentLine[];
}

/** "default/vm1 -> default/vm2 on default/flatl2net TCP 8000-8080" */
export function describeIntentLine(l: IntentLine): string {
  const ports =
    l.port === undefined ? '' : l.endPort !== undefined ? ` ${l.port}-${l.endPort}` : ` ${l.port}`;
  return `${l.from} -> ${l.to}${l.network ? ` on ${l.network}` : ''} ${l.protocol}${ports}`;
}
