import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { LIMITS } from '../io/yaml-documents';
import type { CliIo } from './context';

const CHUNK = 1 << 20;

/**
 * Reads a descriptor up to the size limit and stops there: an endless input (/dev/zero, a stuck
 * pipe that keeps writing) ends with a clear error instead of exhausting memory.
 */
export function readBounded(fd: number, what: string, limit: number = LIMITS.maxBytes): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK, null);
    } catch (e) {
      // a non-blocking stdin: wait a little and try again
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit)
      throw new Error(
        `${what} is larger than the size limit of ${limit / 1048576} MiB; reading stopped there`,
      );
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function readFileBounded(path: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw new Error('is a directory');
    return readBounded(fd, path);
  } finally {
    closeSync(fd);
  }
}

/** The real file system and standard streams. */
export function nodeIo(version: string, renderSvg?: (dot: string) => string): CliIo {
  return {
    readFile: readFileBounded,
    readStdin: () => readBounded(0, 'standard input'),
    kind: (p) => {
      try {
        return statSync(p).isDirectory() ? 'dir' : 'file';
      } catch {
        return 'file'; // reading it reports the error
      }
    },
    readDir: (p) => readdirSync(p),
    write: (chunk) => process.stdout.write(chunk),
    ...(renderSvg ? { renderSvg } : {}),
    version,
  };
}
