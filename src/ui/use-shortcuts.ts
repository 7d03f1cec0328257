import { useEffect } from 'react';
import { dumpObject } from '../store/edit';
import type { Json } from '../store/edit';
import type { AppStore } from '../store/app-store';

/** Ctrl/Cmd+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+C / Ctrl+V copy and paste objects. */
export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    let clipboard: Json[] = [];
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
      )
        return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        store.temporal.getState().undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        store.temporal.getState().redo();
      } else if (k === 'c') {
        const sel = new Set(store.getState().selection);
        clipboard = store
          .getState()
          .objects.filter((o) => sel.has(o.id))
          .map((o) => o.obj);
        if (clipboard.length)
          void navigator.clipboard
            ?.writeText(clipboard.map((o) => `---\n${dumpObject(o)}`).join(''))
            .catch(() => undefined);
      } else if (k === 'v' && clipboard.length) {
        e.preventDefault();
        store.getState().duplicateObjects(clipboard);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
