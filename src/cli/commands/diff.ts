import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import type { CliArgs } from '../args';
import type { CliIo } from '../context';
import { Analyzer } from '../../engine/analyze';
import { diffModels } from '../../engine/diff';
import { hasSkipped, UsageError } from '../context';
import { FORMATTERS } from '../formats';
import { loadModel } from '../input';
import { newParseCache } from '../../io/parse-cache';
import {
  ALLOW_ICMP_OPTION,
  BACKEND_OPTION,
  backendOptions,
  reportDiagnostics,
  type Command,
} from './command';

/**
 * The model without source positions (they differ between two files even where the objects do
 * not, and only diagnostics read them; diff reports the parse diagnostics, read before this), so
 * the analyzer recognises AFTER's unchanged workloads and policies and reuses their analysis.
 * `stripped` is shared by both sides: an object both loads share (ParseCache) is stripped once,
 * so AFTER holds BEFORE's very objects where nothing changed (compared by identity).
 */
function withoutOrigins(m: Model, stripped: WeakMap<object, object>): Model {
  const strip = <T extends { readonly origin?: unknown }>(xs: readonly T[]): T[] =>
    xs.map((x) => {
      if (!x.origin) return x;
      const known = stripped.get(x);
      if (known) return known as T;
      const { origin, ...rest } = x;
      void origin;
      stripped.set(x, rest);
      return rest as T;
    });
  return {
    ...m,
    namespaces: strip(m.namespaces),
    endpoints: strip(m.endpoints),
    nads: strip(m.nads),
    policies: strip(m.policies),
    subnets: strip(m.subnets),
    ...(m.udns ? { udns: strip(m.udns) } : {}),
    ...(m.clusterPolicies ? { clusterPolicies: strip(m.clusterPolicies) } : {}),
    ...(m.nodes ? { nodes: strip(m.nodes) } : {}),
  };
}

/**
 * Both sides read, and stripped of origins (see `withoutOrigins`), with the parse diagnostics.
 * In a function of its own so that the parse cache, the YAML values and the models with their
 * origins (which hold the documents) are garbage before the analysis starts: at 5,000 endpoints
 * they were a good part of what every collection during the analysis had to walk.
 */
function loadSides(args: CliArgs, io: CliIo): { before: Model; after: Model; diagnostics: Diagnostic[] } {
  // the two sides share most documents: each distinct document is parsed and read once
  const shared = newParseCache();
  const b = loadModel(args.files, io, shared);
  const a = loadModel(args.against, io, shared);
  const stripped = new WeakMap<object, object>();
  return {
    before: withoutOrigins(b.model, stripped),
    after: withoutOrigins(a.model, stripped),
    diagnostics: [...b.diagnostics, ...a.diagnostics].filter((d) => d.code !== 'kind-ignored'),
  };
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'connections gained and lost between two sets of manifests',
  usage: 'diff BEFORE... --against AFTER... [--format table|json|md|csv] [--fail-on-change]',
  options: [
    '--fail-on-change            exit 1 when any connection was gained or lost',
    BACKEND_OPTION,
    ALLOW_ICMP_OPTION,
  ],
  report: 'changes',
  minArgs: 1,
  run(args, io, out) {
    if (args.against.length === 0) throw new UsageError('diff needs --against AFTER...');
    const { before, after, diagnostics } = loadSides(args, io);
    const skipped = hasSkipped(diagnostics);
    // one analyzer: AFTER is analysed incrementally from BEFORE (what an edit cannot change is
    // reused); only pairs whose direction rows differ are compared, so memory and time grow with
    // the rows and the changes, not N x N
    const analyzer = new Analyzer(args.backend, backendOptions(args));
    const changes = diffModels(before, after, { before: analyzer, after: analyzer });
    FORMATTERS[args.format ?? 'table'].changes?.({ changes, diagnostics, skipped }, out);
    reportDiagnostics(out, diagnostics);
    if (skipped) return 2;
    return args.failOnChange && changes.length ? 1 : 0;
  },
};
