import { useEffect } from 'react';
import { parseDesignYaml, serializeDesign } from '../io/design';
import type { AppStore } from '../store/app-store';
import { DESIGN_FORMAT_VERSION, decodeDesign, decodeShare, encodeShare } from '../store/share';
import { designTitleOf } from '../store/design-title';

export const AUTOSAVE_KEY = 'netpol-studio.design';

/** Open a share link from the URL fragment; true when the fragment held one. */
export function openShareFromHash(store: AppStore): boolean {
  const hash = window.location.hash;
  if (!hash.startsWith('#d=')) return false;
  const d = decodeShare(hash.slice(3));
  history.replaceState(null, '', window.location.pathname + window.location.search);
  if (d.ok) {
    const parsed = parseDesignYaml(d.design.yaml, 'shared link');
    const had = store.getState().objects.length > 0;
    store.setState({
      objects: parsed.objects,
      layout: d.design.layout,
      importDiagnostics: parsed.diagnostics,
      title: designTitleOf(d.design.yaml) ?? 'Shared design',
    });
    if (!had) store.temporal.getState().clear();
    store.getState().setNotice({
      kind: 'info',
      text: `Opened a shared design (${parsed.objects.length} objects).${had ? ' Undo (Ctrl+Z) brings back your previous design.' : ''}`,
    });
  } else {
    store.getState().setNotice({
      kind: 'error',
      text: `This share link could not be opened: ${d.message}. Your current design was kept.`,
    });
  }
  return true;
}

/** Initial design: the autosave, then a share link in the URL on top (undoable), else empty. */
export function restoreDesign(store: AppStore): void {
  restoreAutosave(store);
  openShareFromHash(store);
}

function restoreAutosave(store: AppStore): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(AUTOSAVE_KEY);
  } catch {
    saved = null;
  }
  if (!saved) return;
  const d = decodeDesign(saved);
  if (d.ok) {
    const parsed = parseDesignYaml(d.design.yaml, 'autosave');
    const title = designTitleOf(d.design.yaml);
    store.setState({ objects: parsed.objects, layout: d.design.layout, ...(title ? { title } : {}) });
    store.temporal.getState().clear();
  } else {
    store.getState().setNotice({
      kind: 'error',
      text: `The autosaved design could not be read: ${d.message}. It is left in the browser's storage untouched until you change the design.`,
    });
  }
}

export function shareUrl(store: AppStore): string {
  const s = store.getState();
  const frag = encodeShare({
    v: DESIGN_FORMAT_VERSION,
    yaml: serializeDesign(s.objects, s.title),
    layout: s.layout,
  });
  return `${window.location.origin}${window.location.pathname}#d=${frag}`;
}

/** Autosave the design (debounced); quota and privacy-mode errors are reported. */
export function useAutosave(store: AppStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failed = false;
    const save = (): void => {
      const s = store.getState();
      try {
        localStorage.setItem(
          AUTOSAVE_KEY,
          JSON.stringify({
            v: DESIGN_FORMAT_VERSION,
            yaml: serializeDesign(s.objects, s.title),
            layout: s.layout,
          }),
        );
        if (failed) store.getState().setNotice({ kind: 'info', text: 'Autosave works again.' });
        failed = false;
      } catch (e) {
        if (!failed)
          store.getState().setNotice({
            kind: 'error',
            text: `Autosave failed (${e instanceof Error ? e.name : 'storage error'}): the browser's storage is full or blocked. Export your design to keep it.`,
          });
        failed = true;
      }
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.objects === prev.objects && s.layout === prev.layout && s.title === prev.title) return;
      clearTimeout(timer);
      timer = setTimeout(save, 250);
    });
    const flush = (): void => {
      clearTimeout(timer);
      save();
    };
    window.addEventListener('beforeunload', flush);
    const onHash = (): void => void openShareFromHash(store);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      unsub();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', flush);
    };
  }, [store]);
}
