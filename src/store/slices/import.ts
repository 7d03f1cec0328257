import type { Diagnostic } from '../../model/diagnostic';
import type { DesignObject } from '../../io/design';
import { ParseClient, type ParseProgress } from '../parse/client';
import { loadSchemas, schemasNow } from '../schemas';
import { readImport, type ImportRead } from '../parse/read-import';
import { emptyReplace } from '../import-preview';
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
  /**
   * Read a text as an import does without putting it into the design (a restored autosave): in
   * the worker when it is big, with progress and Cancel; `file` names it in findings. Undefined
   * when cancelled; throws when the read fails.
   */
  readText: (text: string, name: string, file: string) => Promise<ImportRead | undefined>;
  /** Stop a running import; the design stays as it was. */
  cancelImport: () => void;
}

export const createImportSlice: Slice<ImportSlice> = (set, get) => {
  let client: ParseClient | undefined;
  /** A read in the parse worker, its progress shown (`importing`) while it runs. */
  const inWorker = async (
    c: ParseClient,
    text: string,
    name: string,
    base?: readonly DesignObject[],
    file?: string,
  ): Promise<ImportRead | undefined> => {
    set({ importing: { name, done: 0, total: text.length, documents: 0 } });
    try {
      return await c.parse(text, (p) => set({ importing: { name, ...p } }), base, file);
    } finally {
      set({ importing: undefined });
    }
  };
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
      const name = opts.name ?? 'pasted text';
      // a replace that read no object would leave an empty design: refused, the design kept
      const refuse = (read: ImportRead): boolean => {
        if (!emptyReplace(read, mode)) return false;
        const n = read.diagnostics.length;
        set({
          notice: {
            kind: 'error',
            text: `Nothing was imported: no object could be read from ${name}${n ? ` (${n === 1 ? '1 problem' : `${n} problems`}, listed in the import dialog)` : ''}; the design is unchanged.`,
          },
        });
        return true;
      };
      if (!client || text.length < WORKER_IMPORT_BYTES) {
        // strict field validation needs the schemas (a lazy chunk): wait for them, or go without
        await loadSchemas().catch(() => undefined);
        const read = readImport(text, schemasNow()?.validateStrict);
        if (refuse(read)) return undefined;
        get().applyImport(read, mode, opts.title);
        return read.diagnostics;
      }
      try {
        // a merge sends the design along: the worker derives the merged model, not this thread
        const base = mode === 'merge' ? get().objects : undefined;
        const read = await inWorker(client, text, name, base);
        if (!read || refuse(read)) return undefined;
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
      }
    },
    readText: async (text, name, file) => {
      if (client && text.length >= WORKER_IMPORT_BYTES) return inWorker(client, text, name, undefined, file);
      await loadSchemas().catch(() => undefined);
      return readImport(text, schemasNow()?.validateStrict, undefined, undefined, file);
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
