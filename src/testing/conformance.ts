import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import type { Expectation } from '../engine/expect';

export type { Expectation };

export interface ConformanceCase {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly externals: readonly { name: string; ip: string; network: string }[];
  readonly manifests: string;
  readonly expect: readonly Expectation[];
}

/** ../shared/conformance from the project root (read at test time, never copied). */
export const CONFORMANCE_DIR = resolve(process.cwd(), process.env.CONFORMANCE_DIR ?? '../shared/conformance');

/** ../shared/conformance-pending (features being built; its README says how folders join). */
export const PENDING_DIR = resolve(
  process.cwd(),
  process.env.CONFORMANCE_PENDING_DIR ?? join(CONFORMANCE_DIR, '..', 'conformance-pending'),
);

/**
 * Pending folders whose feature the project supports: run like the main suite, every case must
 * pass. A folder that has moved into ../conformance (and is run from there) no longer exists
 * here and is skipped.
 */
export const PENDING_JOINED: readonly string[] = ['admin-tiers'];

export function pendingDirs(): string[] {
  return PENDING_JOINED.map((f) => join(PENDING_DIR, f)).filter((d) => existsSync(d));
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.yaml') ? [p] : [];
    });
}

export function loadCases(dir = CONFORMANCE_DIR): ConformanceCase[] {
  if (!existsSync(dir)) return [];
  return walk(dir).map((file) => {
    const doc = load(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return {
      file: relative(dir, file),
      name: String(doc.name),
      description: String(doc.description ?? ''),
      externals: (doc.externals as ConformanceCase['externals'] | undefined) ?? [],
      manifests: String(doc.manifests ?? ''),
      expect: (doc.expect as Expectation[] | undefined) ?? [],
    };
  });
}
