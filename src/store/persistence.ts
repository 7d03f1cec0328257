import { dumpObject, serializeDesign, type DesignObject } from '../io/design';
import { DESIGN_FORMAT_VERSION, decodeDesign, type Decoded, type SavedDesign } from './share';

/**
 * Autosave per tab session (issue 20 items 1-5). Each design lives in its own storage slot;
 * a tab works on one slot (remembered in sessionStorage, so a reload keeps it). Every write
 * carries a revision and the writer's tab id: a tab that finds the slot changed by another
 * tab since it last read or wrote it never overwrites it, it saves its design as a new slot.
 * Pure logic on two Storage-like objects, so it is tested without a browser.
 */

/** Each object's YAML while the object lives (objects are replaced, never changed, by an edit). */
const dumps = new WeakMap<object, string>();

/**
 * The design's YAML as `serializeDesign` writes it, from memoised per-object dumps: the autosave
 * after one edit or a drag costs a join, not a dump of every object (0.7 s at 5,000 workloads).
 */
export function designYaml(objects: readonly DesignObject[], title: string): string {
  return serializeDesign(objects, title, (obj) => {
    let text = dumps.get(obj);
    if (text === undefined) dumps.set(obj, (text = dumpObject(obj)));
    return text;
  });
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The first slot keeps the key of the single autosave of earlier versions. */
export const MAIN_SLOT = 'main';
const LEGACY_KEY = 'netpol-studio.design';
const INDEX_KEY = 'netpol-studio.designs';
const SESSION_KEY = 'netpol-studio.tab-design';
const MAX_RECENT = 12;

export const slotKey = (id: string): string => (id === MAIN_SLOT ? LEGACY_KEY : `${LEGACY_KEY}.${id}`);

export interface DesignEntry {
  readonly id: string;
  readonly title: string;
  readonly savedAt: number;
  readonly objects: number;
}

/** What a tab writes: the saved design plus who wrote which revision. */
interface SlotRecord extends SavedDesign {
  readonly title?: string;
  readonly rev?: number;
  readonly writer?: string;
}

export type SaveResult =
  | { readonly kind: 'saved' }
  | { readonly kind: 'forked'; readonly id: string }
  | { readonly kind: 'failed'; readonly error: unknown };

function readIndex(storage: StorageLike): DesignEntry[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(INDEX_KEY) ?? '[]');
    if (!Array.isArray(v)) return [];
    return v.filter(
      (e): e is DesignEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as DesignEntry).id === 'string' &&
        /^[a-z0-9-]{1,40}$/.test((e as DesignEntry).id) &&
        typeof (e as DesignEntry).title === 'string' &&
        typeof (e as DesignEntry).savedAt === 'number' &&
        typeof (e as DesignEntry).objects === 'number',
    );
  } catch {
    return [];
  }
}

function readRecord(storage: StorageLike, id: string): { raw: string | null; rev: number; writer?: string } {
  let raw: string | null = null;
  try {
    raw = storage.getItem(slotKey(id));
  } catch {
    raw = null;
  }
  let rev = 0;
  let writer: string | undefined;
  try {
    const v = JSON.parse(raw ?? 'null') as SlotRecord | null;
    if (v && typeof v.rev === 'number') rev = v.rev;
    if (v && typeof v.writer === 'string') writer = v.writer;
  } catch {
    // unreadable: decodeDesign says why
  }
  return writer === undefined ? { raw, rev } : { raw, rev, writer };
}

export interface Snapshot {
  readonly yaml: string;
  readonly layout: SavedDesign['layout'];
  readonly title: string;
  readonly objects: number;
}

export class TabSession {
  /** The slot this tab works on. */
  id: string;
  /** The slot's revision when this tab last read or wrote it; undefined: never. */
  private knownRev: number | undefined;
  private readonly tab: string;

  constructor(
    private readonly storage: StorageLike,
    private readonly session: StorageLike | undefined,
    newId: () => string = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  ) {
    this.newId = newId;
    this.tab = newId();
    let remembered: string | null = null;
    try {
      remembered = session?.getItem(SESSION_KEY) ?? null;
    } catch {
      remembered = null;
    }
    this.id =
      remembered && /^[a-z0-9-]{1,40}$/.test(remembered) ? remembered : (this.recent()[0]?.id ?? MAIN_SLOT);
  }

  private readonly newId: () => string;

  get tabId(): string {
    return this.tab;
  }

  /** Saved designs, newest first (the main slot of older versions included). */
  recent(): DesignEntry[] {
    const list = readIndex(this.storage);
    if (!list.some((e) => e.id === MAIN_SLOT) && readRecord(this.storage, MAIN_SLOT).raw)
      list.push({ id: MAIN_SLOT, title: 'Autosaved design', savedAt: 0, objects: -1 });
    return list.sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Read this tab's slot; remembers its revision. An unreadable slot is never written. */
  load(): Decoded | undefined {
    const r = readRecord(this.storage, this.id);
    this.remember();
    if (!r.raw) {
      this.knownRev = 0;
      return undefined;
    }
    const d = decodeDesign(r.raw);
    this.knownRev = r.rev;
    if (!d.ok) this.moveToNewSlot(); // keep the unreadable slot untouched
    return d;
  }

  /** Switch this tab to another saved design (the caller saved any change first). */
  open(id: string): Decoded | undefined {
    this.id = id;
    return this.load();
  }

  /** Start a new slot (a share link, or a design forked off a conflict). */
  moveToNewSlot(): string {
    this.id = this.newId();
    this.knownRev = undefined;
    this.remember();
    return this.id;
  }

  /** Did another tab write this slot since this tab read or wrote it? */
  changedElsewhere(): boolean {
    const r = readRecord(this.storage, this.id);
    return this.knownRev === undefined ? r.raw !== null : r.rev !== this.knownRev;
  }

  /** Write the design; never over another tab's newer write (then a new slot is used). */
  save(s: Snapshot, now = Date.now()): SaveResult {
    let forked: string | undefined;
    if (this.changedElsewhere()) forked = this.moveToNewSlot();
    const rev = (this.knownRev ?? 0) + 1;
    const record: SlotRecord = {
      v: DESIGN_FORMAT_VERSION,
      yaml: s.yaml,
      layout: s.layout,
      title: s.title,
      rev,
      writer: this.tab,
    };
    try {
      this.storage.setItem(slotKey(this.id), JSON.stringify(record));
      this.knownRev = rev;
      const entry: DesignEntry = { id: this.id, title: s.title, savedAt: now, objects: s.objects };
      const index = [entry, ...readIndex(this.storage).filter((e) => e.id !== this.id)];
      for (const old of index.slice(MAX_RECENT)) this.storage.removeItem(slotKey(old.id));
      this.storage.setItem(INDEX_KEY, JSON.stringify(index.slice(0, MAX_RECENT)));
    } catch (error) {
      return { kind: 'failed', error };
    }
    return forked ? { kind: 'forked', id: forked } : { kind: 'saved' };
  }

  /** Is a storage event about this tab's slot, written by another tab? */
  isForeignWrite(key: string | null, newValue: string | null): boolean {
    if (key !== slotKey(this.id) || newValue === null) return false;
    try {
      return (JSON.parse(newValue) as SlotRecord).writer !== this.tab;
    } catch {
      return true;
    }
  }

  private remember(): void {
    try {
      this.session?.setItem(SESSION_KEY, this.id);
    } catch {
      // private mode: the tab then starts from the most recent design after a reload
    }
  }
}
