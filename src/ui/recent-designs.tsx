import { useState } from 'react';
import type { DesignEntry } from '../store/persistence';
import { useAppStore } from './store-context';
import { currentDesignId, openRecent, recentDesigns } from './use-persistence';

/** The designs saved in this browser, to go back to one (a share link opens as a new one). */
export function RecentDesigns() {
  const store = useAppStore();
  const [list, setList] = useState<DesignEntry[]>([]);
  return (
    <details
      className="recent-designs"
      data-testid="recent-designs"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setList(recentDesigns());
      }}
    >
      <summary>Recent designs</summary>
      <ul>
        {list.length === 0 && <li>No saved design yet</li>}
        {list.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              disabled={d.id === currentDesignId()}
              data-testid={`recent-${d.id}`}
              onClick={(e) => {
                openRecent(store, d.id);
                e.currentTarget.closest('details')?.removeAttribute('open');
              }}
            >
              {d.title}
              {d.objects >= 0 ? ` · ${d.objects} objects` : ''}
              {d.savedAt > 0 ? ` · ${new Date(d.savedAt).toLocaleString()}` : ''}
              {d.id === currentDesignId() ? ' (open here)' : ''}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
