import type { Diagnostic } from '../model/diagnostic';

/** What the CLI needs from the outside world; main.ts gives the real one, tests a fake. */
export interface CliIo {
  /** Whole file as text; throws (message shown) when unreadable or over the size limit. */
  readonly readFile: (path: string) => string;
  /** `-`: standard input, bounded like files. */
  readonly readStdin?: () => string;
  /** 'dir' for directories (read recursively), else 'file'. */
  readonly kind?: (path: string) => 'dir' | 'file';
  /** Entries of a directory (names, not paths). */
  readonly readDir?: (path: string) => readonly string[];
  /** Streams stdout (large JSON is written in pieces); without it, stdout is collected. */
  readonly write?: (chunk: string) => void;
  /** DOT → SVG (Graphviz compiled to WebAssembly, loaded by main.ts only for --format svg). */
  readonly renderSvg?: (dot: string) => string;
  readonly version?: string;
}

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Buffered output: pieces go to io.write in 64 KiB blocks, or are collected for tests. */
export class Out {
  private buf: string[] = [];
  private size = 0;
  private readonly collected: string[] = [];
  readonly errors: string[] = [];
  constructor(private readonly sink?: (chunk: string) => void) {}
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }
  line(s = ''): void {
    this.write(`${s}\n`);
  }
  flush(): void {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.sink) this.sink(chunk);
    else this.collected.push(chunk);
  }
  result(code: number): CliOutput {
    this.flush();
    return {
      stdout: this.collected.join(''),
      stderr: this.errors.length ? `${this.errors.join('\n')}\n` : '',
      code,
    };
  }
}

/** Codes after which some input was not read: the run says so and exits 2. */
export const SKIPPED = new Set([
  'yaml-syntax',
  'yaml-alias-bomb',
  'input-too-large',
  'file-unreadable',
  'too-many-documents',
  'not-an-object',
  'kind-missing',
]);

export const hasSkipped = (ds: readonly Diagnostic[]): boolean => ds.some((d) => SKIPPED.has(d.code));

export class UsageError extends Error {}
