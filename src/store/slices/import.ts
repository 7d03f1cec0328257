import type { Diagnostic } from '../../model/diagnostic';
import { ParseClient, type ParseProgress } from '../parse/client';
import { loadSchemas } from '../schemas';
import type { Slice } from './types';

/** Texts from this size on are read in the parse worker; smaller ones stay synchronous (snappy). */
export const WORKER_IMPORT_BYTES = 256 * 1024;

export interface ImportStatus extends ParseProgress {
  /** The file name, or "pasted text". */
  readonly name: string;
}

/** Big imports off the main thread: progress, cancel, and a design left as it was on failure. */
export interface ImportSlice {
  /** The import being read in the worker, with its progress; undefined when none runs. */
  readonly importing: ImportStatus | undefined;
  /** Start the parse worker (the ui passes its constructor); returns the disconnect. */
  connectParser: (make: () => Worker) => () => void;
  /**
   * Import text (replace or merge): big texts in the worker, others at once. Resolves with the
   * import's diagnostics, or undefined when it was cancelled or failed (the design is unchanged).
   */
  importText: (
    text: string,
    mode: 'replace' | 'merge',
    opts?: { title?: string; name?: string },
  ) => Promise<readonly Diagnostic[] | undefined>;
  /** Stop a running import; the design stays as it was. */
  cancelImport: () => void;
}

export const createImportSlice: Slice<ImportSlice> = (set, get) => {
  let client: ParseClient | undefined;
  return {
    importing: undefined,
    connectParser: (make) => {
      const mine = new ParseClient(make);
      client = mine;
      return () => {
        mine.dispose();
        if (client === mine) client = undefined;
      };
    },
    importText: async (text, mode, opts = {}) => {
      if (!client || text.length < WORKER_IMPORT_BYTES) {
        // strict field validation needs the schemas (a lazy chunk): wait for them, or go without
        await loadSchemas().catch(() => undefined);
        return get().importYaml(text, mode, opts.title);
      }
      const name = opts.name ?? 'pasted text';
      set({ importing: { name, done: 0, total: text.length, documents: 0 } });
      try {
        // a merge sends the design along: the worker derives the merged model, not this thread
        const base = mode === 'merge' ? get().objects : undefined;
        const read = await client.parse(text, (p) => set({ importing: { name, ...p } }), base);
        if (!read) return undefined;
        get().applyImport(read, mode, opts.title, base);
        return read.diagnostics;
      } catch (e) {
        set({
          notice: {
            kind: 'error',
            text: `Import of ${name} failed (${e instanceof Error ? e.message : String(e)}); the design is unchanged.`,
          },
        });
        return undefined;
      } finally {
        set({ importing: undefined });
      }
    },
    cancelImport: () => {
      if (!client?.cancel()) return;
      set({
        importing: undefined,
        notice: { kind: 'info', text: 'Import cancelled; the design is unchanged.' },
      });
    },
  };
};
