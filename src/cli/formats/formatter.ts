import type { FormatName } from '../args';
import type { CliIo, Out } from '../context';
import type { PoliciesReport } from './policies';
import type { AnalysisReport, ChangesReport, FindingsReport, ProbeReport, TestReport } from '../report';

/** One output format; a command offers the formats that implement its report. */
export interface Formatter {
  readonly name: FormatName;
  readonly analysis?: (r: AnalysisReport, out: Out, io: CliIo) => void;
  readonly findings?: (r: FindingsReport, out: Out) => void;
  readonly changes?: (r: ChangesReport, out: Out) => void;
  readonly tests?: (r: TestReport, out: Out) => void;
  readonly probe?: (r: ProbeReport, out: Out) => void;
  readonly policies?: (r: PoliciesReport, out: Out) => void;
}

export type ReportKind = 'analysis' | 'findings' | 'changes' | 'tests' | 'probe' | 'policies';
