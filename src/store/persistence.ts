import { applyJournal, journalOf } from './journal';
import { DESIGN_FORMAT_VERSION, decodeDesign, validLayout, type Decoded, type SavedDesign } from './share';

/**
 * Autosave per tab session (issue 20 items 1-5). Each design lives in its own storage slot;
 * a tab works on one slot (remembered in sessionStorage, so a reload keeps it). Every write
 * carries a revision and the writer's tab id: a tab that finds the slot changed by another
 * tab since it last read or wrote it never overwrites it, it saves its design as a new slot.
 * A design too big for localStorage's quota keeps its text in a body store (IndexedDB in the
 * browser) and only a small record in the slot, so the revision checks work as for small ones.
 * Pure logic on Storage-like objects, so it is tested without a browser.
 */

export { designYaml } from './design-yaml';

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
/** Where the last changes to a big design wait while its body is written (see `saveJournal`). */
export const journalKey = (id: string): string => `${slotKey(id)}.journal`;

/** A big design's text and layout, kept outside localStorage under its slot's key. */
export interface SavedBody {
  readonly rev: number;
  readonly yaml: string;
  readonly layout: SavedDesign['layout'];
}

/** Where big designs go (IndexedDB in the browser). */
export interface BodyStore {
  put(key: string, body: SavedBody): Promise<void>;
  get(key: string): Promise<SavedBody | undefined>;
  delete(key: string): Promise<void>;
}

/**
 * Slot records from this size on (characters) go to the body store. localStorage holds about five
 * million characters per site, shared by every saved design; below half of that a design stays
 * there (written synchronously, so the save on leaving the page completes), and a record refused
 * by the quota goes to the body store too.
 */
export const LOCAL_MAX_CHARS = 2_500_000;

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
  /** 'store': the text and layout are in the body store (`yaml` is empty here). */
  readonly body?: 'store';
}

/** What `load` gives: nothing saved, the design (or why not), or the body store's answer to come. */
export type Loaded = Decoded | undefined | Promise<Decoded>;

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

interface RecordInfo {
  readonly raw: string | null;
  readonly rev: number;
  readonly writer?: string;
  readonly inStore?: boolean;
}

function readRecord(storage: StorageLike, id: string): RecordInfo {
  let raw: string | null = null;
  try {
    raw = storage.getItem(slotKey(id));
  } catch {
    raw = null;
  }
  let rev = 0;
  let writer: string | undefined;
  let inStore = false;
  try {
    const v = JSON.parse(raw ?? 'null') as SlotRecord | null;
    if (v && typeof v.rev === 'number') rev = v.rev;
    if (v && typeof v.writer === 'string') writer = v.writer;
    inStore = v?.body === 'store';
  } catch {
    // unreadable: decodeDesign says why
  }
  return { raw, rev, ...(writer === undefined ? {} : { writer }), ...(inStore ? { inStore } : {}) };
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
  /** The body this tab last read or wrote for its slot (what a journal is relative to). */
  private lastBody: { readonly rev: number; readonly yaml: string } | undefined;
  /** The last load applied a journal: the design is newer than its body (save it again). */
  journaled = false;

  constructor(
    private readonly storage: StorageLike,
    private readonly session: StorageLike | undefined,
    newId: () => string = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    private readonly bodies?: BodyStore,
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

  /**
   * Read this tab's slot; remembers its revision. An unreadable slot is never written. A big
   * design comes from the body store (a promise).
   */
  load(): Loaded {
    this.journaled = false;
    const r = readRecord(this.storage, this.id);
    this.remember();
    if (!r.raw) {
      this.knownRev = 0;
      return undefined;
    }
    const d = decodeDesign(r.raw);
    this.knownRev = r.rev;
    if (d.ok && r.inStore) return this.loadBody(this.id, d.design.v);
    if (!d.ok) this.moveToNewSlot(); // keep the unreadable slot untouched
    return d;
  }

  private async loadBody(id: string, v: number): Promise<Decoded> {
    let body: SavedBody | undefined;
    let why = "its text is missing from the browser's database (IndexedDB)";
    try {
      body = await this.bodies?.get(slotKey(id));
    } catch (e) {
      why = `the browser's database (IndexedDB) could not be read (${e instanceof Error ? e.name : 'error'})`;
    }
    if (body && typeof body.yaml === 'string') {
      if (this.id === id) this.lastBody = { rev: body.rev, yaml: body.yaml };
      const j = this.journal(id, body);
      if (j) return { ok: true, design: { v, ...j } };
      return { ok: true, design: { v, yaml: body.yaml, layout: validLayout(body.layout) } };
    }
    if (this.id === id) this.moveToNewSlot(); // keep that slot untouched
    return { ok: false, message: why };
  }

  /** Switch this tab to another saved design (the caller saved any change first). */
  open(id: string): Loaded {
    this.id = id;
    this.lastBody = undefined;
    return this.load();
  }

  /** Start a new slot (a share link, or a design forked off a conflict). */
  moveToNewSlot(): string {
    this.id = this.newId();
    this.knownRev = undefined;
    this.lastBody = undefined;
    this.remember();
    return this.id;
  }

  /** Did another tab write this slot since this tab read or wrote it? */
  changedElsewhere(): boolean {
    const r = readRecord(this.storage, this.id);
    return this.knownRev === undefined ? r.raw !== null : r.rev !== this.knownRev;
  }

  /**
   * Write the design; never over another tab's newer write (then a new slot is used). A design
   * too big for localStorage (or refused by its quota) goes to the body store: a promise.
   */
  save(s: Snapshot, now = Date.now()): SaveResult | Promise<SaveResult> {
    let forked: string | undefined;
    if (this.changedElsewhere()) forked = this.moveToNewSlot();
    const id = this.id;
    const rev = (this.knownRev ?? 0) + 1;
    const record: SlotRecord = {
      v: DESIGN_FORMAT_VERSION,
      yaml: s.yaml,
      layout: s.layout,
      title: s.title,
      rev,
      writer: this.tab,
    };
    const done = (): SaveResult => {
      if (this.id === id) this.knownRev = rev;
      this.writeIndex({ id, title: s.title, savedAt: now, objects: s.objects });
      return forked ? { kind: 'forked', id: forked } : { kind: 'saved' };
    };
    // a big text is not even serialised here: it goes to the body store as it is
    const json = s.yaml.length < LOCAL_MAX_CHARS || !this.bodies ? JSON.stringify(record) : undefined;
    let error: unknown;
    if (json !== undefined && (json.length < LOCAL_MAX_CHARS || !this.bodies)) {
      try {
        this.storage.setItem(slotKey(id), json);
        this.lastBody = undefined;
        this.dropJournal(id);
        const r = done();
        void this.bodies?.delete(slotKey(id)).catch(() => undefined); // a body left from when it was big
        return r;
      } catch (e) {
        if (!this.bodies) return { kind: 'failed', error: e };
        error = e;
      }
    }
    return this.saveBody(id, record, done, error);
  }

  private async saveBody(
    id: string,
    record: SlotRecord,
    done: () => SaveResult,
    localError: unknown,
  ): Promise<SaveResult> {
    const rev = record.rev ?? 0;
    try {
      // the body first: a record never points at an older or missing body
      await this.bodies?.put(slotKey(id), { rev, yaml: record.yaml, layout: record.layout });
      this.storage.setItem(slotKey(id), JSON.stringify({ ...record, yaml: '', layout: {}, body: 'store' }));
      if (this.id === id) this.lastBody = { rev, yaml: record.yaml };
      this.dropJournal(id);
      return done();
    } catch (error) {
      return { kind: 'failed', error: localError ?? error };
    }
  }

  /**
   * Keep the design's latest text safe synchronously (the page is being hidden or left): a big
   * design's body is written to IndexedDB asynchronously, and a page that goes meanwhile may
   * never finish it. Written to localStorage as the changes since the body this tab last read or
   * wrote; false when there is no such body (a small design is saved synchronously anyway), the
   * slot was written elsewhere, or localStorage refuses it.
   */
  saveJournal(s: Pick<Snapshot, 'yaml' | 'layout'>): boolean {
    const base = this.lastBody;
    if (!base || this.changedElsewhere()) return false;
    try {
      this.storage.setItem(journalKey(this.id), JSON.stringify(journalOf(base, s.yaml, s.layout)));
      return true;
    } catch {
      return false;
    }
  }

  /** The body with the slot's journal applied, when there is one written against this body. */
  private journal(id: string, body: SavedBody): Omit<SavedDesign, 'v'> | undefined {
    let raw: string | null = null;
    try {
      raw = this.storage.getItem(journalKey(id));
    } catch {
      raw = null;
    }
    const j = raw === null ? undefined : applyJournal(raw, body);
    if (j) this.journaled = true;
    return j;
  }

  private dropJournal(id: string): void {
    try {
      this.storage.removeItem(journalKey(id));
    } catch {
      // nothing to drop
    }
  }

  private writeIndex(entry: DesignEntry): void {
    const index = [entry, ...readIndex(this.storage).filter((e) => e.id !== entry.id)];
    for (const old of index.slice(MAX_RECENT)) {
      this.storage.removeItem(slotKey(old.id));
      this.dropJournal(old.id);
      void this.bodies?.delete(slotKey(old.id)).catch(() => undefined);
    }
    this.storage.setItem(INDEX_KEY, JSON.stringify(index.slice(0, MAX_RECENT)));
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
