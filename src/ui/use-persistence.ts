import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';
import { designYaml, TabSession, type DesignEntry, type StorageLike } from '../store/persistence';
import { DESIGN_FORMAT_VERSION, decodeShare, encodeShare, type SavedDesign } from '../store/share';
import { designTitleOf } from '../store/design-title';
import { checkFieldsWhenLoaded, readSaved } from '../store/restore';

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

/** This page's autosave session and whether the design changed since it was last written. */
const tab = { session: undefined as TabSession | undefined, dirty: false, applying: false };

function session(): TabSession {
  tab.session ??= new TabSession(storageOf('localStorage') ?? NO_STORAGE, storageOf('sessionStorage'));
  return tab.session;
}

function apply(store: AppStore, design: SavedDesign, file: string, title?: string): number {
  const parsed = readSaved(design.yaml, file);
  tab.applying = true;
  try {
    store.setState({
      objects: parsed.objects,
      layout: design.layout,
      importDiagnostics: parsed.diagnostics,
      ...(title ? { title } : {}),
    });
  } finally {
    tab.applying = false;
  }
  store.temporal.getState().clear();
  tab.dirty = false;
  checkFieldsWhenLoaded(store, parsed, file);
  return parsed.objects.length;
}

/** Write the design now; a write another tab made meanwhile is never overwritten. */
function saveNow(store: AppStore): boolean {
  const s = store.getState();
  const r = session().save({
    yaml: designYaml(s.objects, s.title),
    layout: s.layout,
    title: s.title,
    objects: s.objects.length,
  });
  if (r.kind === 'failed') {
    const e = r.error;
    store.getState().setNotice({
      kind: 'error',
      text: `Autosave failed (${e instanceof Error ? e.name : 'storage error'}): the browser's storage is full or blocked. Export your design to keep it.`,
    });
    return false;
  }
  tab.dirty = false;
  if (r.kind === 'forked')
    store.getState().setNotice({
      kind: 'error',
      text: 'This design was changed in another tab since this tab opened it. Nothing was overwritten: this tab’s version is saved as a separate design (see Recent designs).',
    });
  return true;
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
  if (d?.ok)
    apply(
      store,
      d.design,
      'autosave',
      session()
        .recent()
        .find((e) => e.id === session().id)?.title ?? designTitleOf(d.design.yaml),
    );
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
  if (d?.ok) {
    const title = session()
      .recent()
      .find((e) => e.id === id)?.title;
    const n = apply(store, d.design, 'autosave', title);
    store.getState().setNotice({ kind: 'info', text: `Opened ${title ?? 'a saved design'} (${n} objects).` });
  } else if (d)
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
    const save = (): void => {
      const ok = saveNow(store);
      if (ok && failed) store.getState().setNotice({ kind: 'info', text: 'Autosave works again.' });
      failed = !ok;
    };
    const unsub = store.subscribe((s, prev) => {
      if (tab.applying) return;
      if (s.objects === prev.objects && s.layout === prev.layout && s.title === prev.title) return;
      tab.dirty = true;
      clearTimeout(timer);
      timer = setTimeout(save, 250);
    });
    const flush = (): void => {
      clearTimeout(timer);
      if (tab.dirty) save();
    };
    const onStorage = (e: StorageEvent): void => {
      if (!session().isForeignWrite(e.key, e.newValue)) return;
      store.getState().setNotice({
        kind: 'error',
        text: 'This design was just saved by another tab. Changes made here will not overwrite it: they are saved as a separate design (see Recent designs).',
      });
    };
    window.addEventListener('beforeunload', flush);
    window.addEventListener('storage', onStorage);
    const onHash = (): void => void openShareFromHash(store);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('storage', onStorage);
      unsub();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', flush);
    };
  }, [store]);
}
