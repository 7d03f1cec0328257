import type { DesignObject } from '../../io/design';
import type { ImportRead } from './read-import';

/** Main thread → parse worker: read this text. (Cancel: the client ends the worker.) */
export interface ParseRequest {
  readonly id: number;
  readonly text: string;
  /** A merge: the design's objects, so the worker derives the merged model. */
  readonly base?: readonly DesignObject[];
  /** The name findings give the text (default "import"; "autosave" for a restored design). */
  readonly file?: string;
}

/** Parse worker → main thread: progress while reading, then the result or the failure. */
export type ParseResponse =
  | {
      readonly id: number;
      readonly type: 'progress';
      readonly done: number;
      readonly total: number;
      readonly documents: number;
    }
  | {
      readonly id: number;
      readonly type: 'done';
      readonly read: ImportRead;
      /** Each object's line in `file` (import-lines.ts: the source maps stay in the worker). */
      readonly lines: { readonly file: string; readonly at: Int32Array };
    }
  | { readonly id: number; readonly type: 'error'; readonly message: string };
