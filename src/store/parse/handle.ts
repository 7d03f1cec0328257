import type { ValidateHook } from '../../io/schema/schema-types';
import type { ParseRequest, ParseResponse } from './protocol';
import { readImport } from './read-import';
import { linesOf } from '../import-lines';

const PROGRESS_MS = 100;

/** What the parse worker does with one request (the worker file only wires it to `self`). */
export function handleParse(
  req: ParseRequest,
  post: (r: ParseResponse) => void,
  validate?: ValidateHook,
  progressMs = PROGRESS_MS,
): void {
  const { id, text, base, file } = req;
  let last = 0;
  try {
    const read = readImport(
      text,
      validate,
      (done, total, documents) => {
        const now = Date.now();
        if (now - last < progressMs) return;
        last = now;
        post({ id, type: 'progress', done, total, documents });
      },
      base,
      file,
    );
    post({ id, type: 'done', read, lines: { file: file ?? 'import', at: linesOf(read.objects) } });
  } catch (e) {
    post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
