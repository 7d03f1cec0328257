import type { Connection } from '../engine/analyze';
import type { ConnectionChange } from '../engine/diff';
import type { ExpectationResult } from '../engine/expect';
import type { Diagnostic } from '../model/diagnostic';
import type { Focus } from './args';
import type { GroupRow, Networks } from './group';
import type { InputSummary } from './input';

/** What `analyze` found: every focused pair, or the pairs collapsed by class. */
export interface AnalysisReport {
  readonly inputs: InputSummary;
  readonly diagnostics: readonly Diagnostic[];
  readonly networks: Networks['list'];
  readonly focus: Focus;
  readonly connections?: readonly Connection[];
  readonly groups?: readonly GroupRow[];
}

export type FindingsReport = Readonly<{ findings: readonly Diagnostic[] }>;

/** `skipped`: some input was not read, so "no change" would be a claim about documents never seen. */
export type ChangesReport = Readonly<{
  changes: readonly ConnectionChange[];
  diagnostics: readonly Diagnostic[];
  skipped: boolean;
}>;

export interface TestFileReport {
  readonly file: string;
  readonly name: string | null;
  readonly results: readonly ExpectationResult[];
}

export interface TestReport {
  readonly files: readonly TestFileReport[];
  readonly diagnostics: readonly Diagnostic[];
  readonly passed: number;
  readonly failed: number;
}

/** `probe FROM TO`: one question, answered per shared network with the engine's explanation. */
export interface ProbeReport {
  readonly question: string;
  readonly answers: readonly {
    readonly connection: Connection;
    readonly allowed: boolean;
    readonly why: readonly string[];
  }[];
}
