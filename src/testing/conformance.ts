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

/** ../shared/conformance-pending: cases of features being built (its README). */
export const PENDING_DIR = resolve(CONFORMANCE_DIR, '../conformance-pending');

/**
 * The pending folders this project supports: each runs like ../conformance. One folder a line
 * (merges stay easy); a folder that has moved into ../conformance is skipped here.
 */
export const PENDING_FOLDERS: readonly string[] = [
  'udn', // SEMANTICS §10 (issue 16)
  'admin-tiers', // SEMANTICS §9 (issue 15)
];

/** The pending folders that exist (a folder that has moved into ../conformance is not here). */
export function pendingDirs(): string[] {
  return PENDING_FOLDERS.map((f) => join(PENDING_DIR, f)).filter((d) => existsSync(d));
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
