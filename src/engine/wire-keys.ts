/**
 * Parts found by a list of numbers (the interner's keys, wire.ts): hashed and compared as
 * numbers, never written out as text. At 10,000 endpoints an answer asks some 100,000 keys, most
 * of them already held; a key asked with `scratch` allocates nothing unless it is new.
 */
interface Entry {
  readonly key: readonly number[];
  readonly value: object;
  next: Entry | undefined;
}

export class NumberKeyed {
  private readonly buckets = new Map<number, Entry>();
  /** how many parts are held */
  size = 0;
  /** a key being written (`get(this.scratch, …)` copies it only when the part is new) */
  readonly scratch: number[] = [];

  get<T extends object>(key: readonly number[], make: () => T): T {
    let h = 0x811c9dc5 ^ key.length;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ (key[i] as number), 0x01000193);
    const first = this.buckets.get(h);
    for (let e = first; e; e = e.next) if (same(e.key, key)) return e.value as T;
    const copy = key.slice(); // (before `make`, which may write the scratch key again)
    const value = make();
    this.buckets.set(h, { key: copy, value, next: this.buckets.get(h) });
    this.size++;
    return value;
  }
}

function same(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
