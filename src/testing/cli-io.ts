import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CliIo } from '../cli/run';

/** The real files, by paths relative to the repository root (where the suites run). */
export const disk: CliIo = { readFile: (p) => readFileSync(p, 'utf8') };

/**
 * Files held in memory for `runCli`: a path not among them is read from `fallback`, or is
 * missing (ENOENT) as a path not on disk would be.
 */
export function memoryIo(files: Readonly<Record<string, string>>, fallback?: CliIo): CliIo {
  return {
    readFile: (p) => {
      const t = files[p];
      if (t !== undefined) return t;
      if (fallback) return fallback.readFile(p);
      throw new Error('ENOENT: no such file');
    },
  };
}

/** Asserts that `text` (a command's stdout or stderr) contains each of `parts`. */
export function expectToContain(text: string, parts: readonly string[]): void {
  for (const p of parts) expect(text).toContain(p);
}
