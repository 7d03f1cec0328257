import { PartsWriter } from './wire-parts';

/** The writer each answer's parts are numbered by (`pack` asks; absent: a writer of its own). */
const writers = new WeakMap<object, PartsWriter>();

export function writerOf(answer: object): PartsWriter | undefined {
  return writers.get(answer);
}

/**
 * The session's numbering of the answers' parts (wire-parts.ts), kept across answers: an edit's
 * results are mostly the objects of the answer before, found by object rather than numbered
 * again (5,000 endpoints: an edit's pack 80-110 ms with a writer per answer). It ships every
 * part it holds, so it starts afresh once it holds twice what its first answer named.
 * (It used to intern the parts, one object per value, for the structured clone; numbered
 * parts cross as typed arrays, and interning cost more than it saved: 210-240 ms at 50,000.)
 */
export class Interner {
  private writer = new PartsWriter();
  /** what the writer held after its first answer (-1: not known yet) */
  private first = -1;
  private answers = 0;

  /** Parts held (the worker host starts a new interner past a bound). */
  get size(): number {
    return this.writer.size;
  }

  /** The answer as it is, its parts numbered by the session's writer when `pack` posts it. */
  answer<T extends object>(result: T): T {
    // (the first answer has been packed by now: what it named is the measure)
    if (this.answers === 1) this.first = this.writer.size;
    if (this.first >= 0 && this.writer.size > 2 * Math.max(this.first, 1000)) {
      this.writer = new PartsWriter();
      this.first = -1;
      this.answers = 0;
    }
    this.answers++;
    writers.set(result, this.writer);
    return result;
  }
}
