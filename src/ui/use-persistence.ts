import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';
import {
  designYaml,
  TabSession,
  type DesignEntry,
  type SaveResult,
  type StorageLike,
} from '../store/persistence';
import { designYamlInSlices } from '../store/design-yaml';
import {
  DESIGN_FORMAT_VERSION,
  decodeShare,
  encodeShare,
  type Decoded,
  type SavedDesign,
} from '../store/share';
import { designTitleOf } from '../store/design-title';
import { checkFieldsWhenLoaded, readSaved } from '../store/restore';
import { indexedDbBodies } from './idb-bodies';

export { slotKey, MAIN_SLOT } from '../store/persistence';

function storageOf(name: 'localStorage' | 'sessionStorage'): StorageLike | undefined {
  try {
    return window[name];
  } catch {
    return undefined; // storage blocked (privacy settings): saving fails and says so
  }
}

const NO_STORAGE: StorageLike = {
  getItem: () => null,
  setItem: () => {
    throw new DOMException('storage is blocked', 'SecurityError');
  },
  removeItem: () => undefined,
};

/**
 * This page's autosave session; whether the design changed since it was last written, and a
 * count of changes (an asynchronous save clears `dirty` only if none came meanwhile); `restoring`
 * while a big saved design is read back (nothing is saved over it meanwhile).
 */
const tab = {
  session: undefined as TabSession | undefined,
  dirty: false,
  applying: false,
  restoring: false,
  changes: 0,
};

function session(): TabSession {
  tab.session ??= new TabSession(
    storageOf('localStorage') ?? NO_STORAGE,
    storageOf('sessionStorage'),
    undefined,
    indexedDbBodies(),
  );
  return tab.session;
}

type Put = Partial<ReturnType<AppStore['getState']>>;

/** Put a saved design into the store: not an undo step, not a change to save again. */
function put(store: AppStore, state: Put): void {
  tab.applying = true;
  try {
    store.setState(state);
  } finally {
    tab.applying = false;
  }
  store.temporal.getState().clear();
  tab.dirty = false;
}

function apply(store: AppStore, design: SavedDesign, file: string, title?: string): number {
  const parsed = readSaved(design.yaml, file);
  put(store, {
    objects: parsed.objects,
    layout: design.layout,
    importDiagnostics: parsed.diagnostics,
    ...(title ? { title } : {}),
  });
  checkFieldsWhenLoaded(store, parsed, file);
  return parsed.objects.length;
}

const savedTitle = (id: string): string | undefined =>
  session()
    .recent()
    .find((e) => e.id === id)?.title;

/**
 * Open a saved design that comes from the body store (a big one): read in the parse worker,
 * with progress, while nothing is saved over it. If the user started something else meanwhile
 * (or cancelled), the saved design is left as it is and this tab saves elsewhere.
 */
function openLater(store: AppStore, loading: Promise<SavedDesign | string>, then: (n: number) => void): void {
  tab.restoring = true;
  const slot = session().id;
  const before = store.getState().objects;
  const keep = (why: string): void => {
    if (session().id === slot) session().moveToNewSlot();
    store.getState().setNotice({
      kind: 'error',
      text: `${why}; the saved design is left as it was (see Recent designs), this tab saves its design separately.`,
    });
  };
  // shown at once (the body store's read comes first): not an empty canvas while it loads
  const opening = { name: 'the saved design', done: 0, total: 0, documents: 0 };
  store.setState({ importing: opening });
  const cleared = (): void => {
    if (store.getState().importing === opening) store.setState({ importing: undefined });
  };
  void (async () => {
    const design = await loading;
    cleared();
    if (typeof design === 'string') return keep(`The saved design could not be read: ${design}`);
    const read = await store.getState().readText(design.yaml, 'the saved design', 'autosave');
    if (!read) return keep('Opening the saved design was cancelled');
    if (store.getState().objects !== before || session().id !== slot)
      return keep('A design was opened meanwhile');
    put(store, {
      objects: read.objects,
      model: read.model,
      modelDiagnostics: read.modelDiagnostics,
      derivedFrom: read.objects,
      rev: store.getState().rev + 1, // derived already (in the worker): the revision is bumped here
      layout: design.layout,
      importDiagnostics: read.diagnostics,
      title: savedTitle(slot) ?? designTitleOf(design.yaml) ?? 'Autosaved design',
    });
    // changes kept in the journal (the page went before their save finished): saved on the next write
    if (session().journaled) tab.dirty = true;
    then(read.objects.length);
  })()
    .catch((e: unknown) =>
      keep(`The saved design could not be read (${e instanceof Error ? e.message : String(e)})`),
    )
    .finally(() => {
      cleared();
      tab.restoring = false;
    });
}

const designOf = (d: Promise<Decoded>): Promise<SavedDesign | string> =>
  d.then((x) => (x.ok ? x.design : x.message));

function reportSave(store: AppStore, r: SaveResult, changes: number): boolean {
  if (r.kind === 'failed') {
    const e = r.error;
    store.getState().setNotice({
      kind: 'error',
      text: `Autosave failed (${e instanceof Error ? e.name : 'storage error'}): the browser's storage is full or blocked. Export your design to keep it.`,
    });
    return false;
  }
  if (tab.changes === changes) tab.dirty = false;
  if (r.kind === 'forked')
    store.getState().setNotice({
      kind: 'error',
      text: 'This design was changed in another tab since this tab opened it. Nothing was overwritten: this tab’s version is saved as a separate design (see Recent designs).',
    });
  return true;
}

/** Write `yaml` (the design `s` as text); a big design is written to IndexedDB (a promise). */
function write(
  store: AppStore,
  s: ReturnType<AppStore['getState']>,
  yaml: string,
): boolean | Promise<boolean> {
  const changes = tab.changes;
  const r = session().save({ yaml, layout: s.layout, title: s.title, objects: s.objects.length });
  return r instanceof Promise ? r.then((x) => reportSave(store, x, changes)) : reportSave(store, r, changes);
}

/** Write the design now; a write another tab made meanwhile is never overwritten. */
function saveNow(store: AppStore): boolean {
  const s = store.getState();
  const r = write(store, s, designYaml(s.objects, s.title));
  return r instanceof Promise ? true : r; // a big write reports its failure when it ends
}

/** Open a share link from the URL fragment as a new design; true when the fragment held one. */
export function openShareFromHash(store: AppStore): boolean {
  const hash = window.location.hash;
  if (!hash.startsWith('#d=')) return false;
  const d = decodeShare(hash.slice(3));
  // the link is read once: a reload must not bring the snapshot back over newer edits
  history.replaceState(null, '', window.location.pathname + window.location.search);
  if (d.ok) {
    if (tab.dirty) saveNow(store);
    const had = store.getState().objects.length > 0;
    session().moveToNewSlot();
    const n = apply(store, d.design, 'shared link', designTitleOf(d.design.yaml) ?? 'Shared design');
    saveNow(store);
    store.getState().setNotice({
      kind: 'info',
      text: `Opened a shared design (${n} objects) as a new design.${had ? ' Your previous design is under Recent designs.' : ''}`,
    });
  } else {
    store.getState().setNotice({
      kind: 'error',
      text: `This share link could not be opened: ${d.message}. Your current design was kept.`,
    });
  }
  return true;
}

/** Initial design: this tab's autosave (kept across reloads), then a share link as a new design. */
export function restoreDesign(store: AppStore): void {
  const d = session().load();
  if (d instanceof Promise) openLater(store, designOf(d), () => undefined);
  else if (d?.ok)
    apply(store, d.design, 'autosave', savedTitle(session().id) ?? designTitleOf(d.design.yaml));
  else if (d)
    store.getState().setNotice({
      kind: 'error',
      text: `The autosaved design could not be read: ${d.message}. It is left in the browser's storage untouched; this tab saves its design separately.`,
    });
  openShareFromHash(store);
}

export function recentDesigns(): DesignEntry[] {
  return session().recent();
}

export function currentDesignId(): string {
  return session().id;
}

/** Switch this tab to a saved design (the current one is saved first if it changed). */
export function openRecent(store: AppStore, id: string): void {
  if (tab.dirty && !saveNow(store)) return;
  const d = session().open(id);
  const title = savedTitle(id);
  const told = (n: number): void =>
    store.getState().setNotice({ kind: 'info', text: `Opened ${title ?? 'a saved design'} (${n} objects).` });
  if (d instanceof Promise) openLater(store, designOf(d), told);
  else if (d?.ok) told(apply(store, d.design, 'autosave', title));
  else if (d)
    store.getState().setNotice({ kind: 'error', text: `That design could not be read: ${d.message}` });
}

export function shareUrl(store: AppStore): string {
  const s = store.getState();
  const frag = encodeShare({
    v: DESIGN_FORMAT_VERSION,
    yaml: designYaml(s.objects, s.title),
    layout: s.layout,
  });
  return `${window.location.origin}${window.location.pathname}#d=${frag}`;
}

/** Autosave changes (debounced); on leaving only when something changed; other tabs' writes are told. */
export function useAutosave(store: AppStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failed = false;
    let running = false;
    let flushed = -1;
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void save(), 250);
    };
    // the text is made a few milliseconds at a time (the first save after a big import dumps
    // every object), so edits and input are never held up by a save
    const save = async (): Promise<void> => {
      if (tab.restoring || running) return later();
      running = true;
      try {
        const changes = tab.changes;
        const s = store.getState();
        const slot = session().id;
        // stale once anything changed: an edit (its save follows) or another design opened here
        const stale = (): boolean => {
          const now = store.getState();
          return (
            tab.changes !== changes ||
            session().id !== slot ||
            now.objects !== s.objects ||
            now.layout !== s.layout ||
            now.title !== s.title
          );
        };
        const yaml = await designYamlInSlices(s.objects, s.title, stale);
        if (yaml === undefined || stale()) return;
        const ok = await write(store, s, yaml);
        if (ok && failed) store.getState().setNotice({ kind: 'info', text: 'Autosave works again.' });
        failed = !ok;
      } finally {
        running = false;
      }
    };
    const unsub = store.subscribe((s, prev) => {
      if (tab.applying) return;
      if (s.objects === prev.objects && s.layout === prev.layout && s.title === prev.title) return;
      tab.dirty = true;
      tab.changes++;
      later();
    });
    // the page is hidden or left: write now. A big design's body goes to IndexedDB, which may not
    // finish before the page is gone, so its changes go to localStorage first, synchronously
    const flush = (): void => {
      clearTimeout(timer);
      if (!tab.dirty || tab.restoring) return;
      const s = store.getState();
      const yaml = designYaml(s.objects, s.title);
      session().saveJournal({ yaml, layout: s.layout });
      // hidden, then left: one write of the same changes
      if (flushed === tab.changes) return;
      flushed = tab.changes;
      void write(store, s, yaml);
    };
    const onHidden = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    const onStorage = (e: StorageEvent): void => {
      if (!session().isForeignWrite(e.key, e.newValue)) return;
      store.getState().setNotice({
        kind: 'error',
        text: 'This design was just saved by another tab. Changes made here will not overwrite it: they are saved as a separate design (see Recent designs).',
      });
    };
    window.addEventListener('beforeunload', flush);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('storage', onStorage);
    const onHash = (): void => void openShareFromHash(store);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('storage', onStorage);
      unsub();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', flush);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [store]);
}
