import { WorkerSlot } from '../../engine/client';
import type { DesignObject } from '../../io/design';
import type { ParseRequest, ParseResponse } from './protocol';
import type { ImportRead } from './read-import';
import { rememberLines } from '../import-lines';

export interface ParseProgress {
  readonly done: number;
  readonly total: number;
  readonly documents: number;
}

interface Pending {
  readonly id: number;
  readonly onProgress: (p: ParseProgress) => void;
  readonly resolve: (r: ImportRead | undefined) => void;
  readonly reject: (e: Error) => void;
}

/**
 * Main-thread side of the parse worker: one import at a time. `cancel` ends the worker (a parse
 * cannot be interrupted from outside) and resolves the pending import with `undefined`; the next
 * import starts a fresh worker.
 */
export class ParseClient {
  private readonly slot: WorkerSlot<ParseResponse>;
  private pending: Pending | undefined;
  private nextId = 1;

  constructor(make: () => Worker) {
    this.slot = new WorkerSlot<ParseResponse>(
      make,
      (r) => this.receive(r),
      (message) => this.fail(message),
      'the parse worker crashed',
    );
  }

  /**
   * Read `text`; with `base` (a merge) the result's model is that of the merged design; `file`
   * names the text in findings.
   */
  parse(
    text: string,
    onProgress: (p: ParseProgress) => void,
    base?: readonly DesignObject[],
    file?: string,
  ): Promise<ImportRead | undefined> {
    this.cancel();
    const w = this.slot.ensure().worker;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, onProgress, resolve, reject };
      const req: ParseRequest = { id, text, ...(base ? { base } : {}), ...(file ? { file } : {}) };
      w.postMessage(req);
    });
  }

  /** Stop the running import, if any; true when one was stopped. */
  cancel(): boolean {
    const p = this.pending;
    if (!p) return false;
    this.pending = undefined;
    this.slot.end();
    p.resolve(undefined);
    return true;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  dispose(): void {
    this.cancel();
    this.slot.end();
  }

  private fail(message: string): void {
    const p = this.pending;
    this.pending = undefined;
    this.slot.end();
    p?.reject(new Error(message));
  }

  private receive(r: ParseResponse): void {
    const p = this.pending;
    if (!p || r.id !== p.id) return; // an answer to a cancelled import
    if (r.type === 'progress') p.onProgress({ done: r.done, total: r.total, documents: r.documents });
    else if (r.type === 'error') this.fail(r.message);
    else {
      this.pending = undefined;
      // the objects arrived as copies: findings about them get their lines from these numbers
      rememberLines(r.read.objects, r.lines.at, r.lines.file);
      p.resolve(r.read);
    }
  }
}
