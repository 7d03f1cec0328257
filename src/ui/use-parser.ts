import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';
import { loadSchemas } from '../store/schemas';

/**
 * Connects the store to the parse worker (big imports, off the main thread) while the app is
 * mounted, and loads the published schemas once the page is idle (small imports and export use
 * them on this thread; they stay out of the initial bundle).
 */
export function useParser(store: AppStore): void {
  useEffect(() => {
    const disconnect = store
      .getState()
      .connectParser(
        () => new Worker(new URL('../store/parse/worker.ts', import.meta.url), { type: 'module' }),
      );
    const idle = setTimeout(() => void loadSchemas(), 1500);
    return () => {
      clearTimeout(idle);
      disconnect();
    };
  }, [store]);
}
