import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from './store-context';
import { SCENARIOS } from './gallery';
import { loadScenario } from './gallery-view';

/**
 * The Examples menu (WAI-ARIA menu button): opens with focus on the first item, arrow keys,
 * Home/End and first letters move, Enter loads, Escape or Tab closes and focus returns to the button.
 */
export function ExamplesMenu({
  onClose,
  button,
}: {
  onClose: (refocus: boolean) => void;
  button: React.RefObject<HTMLButtonElement | null>;
}) {
  const store = useAppStore();
  const ref = useRef<HTMLDivElement>(null);
  const items = (): HTMLElement[] => [
    ...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []),
  ];
  useEffect(() => {
    items()[0]?.focus();
    const away = (e: MouseEvent): void => {
      const t = e.target as Node;
      if (!ref.current?.contains(t) && !button.current?.contains(t)) onClose(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose, button]);
  const onKey = (e: KeyboardEvent): void => {
    const list = items();
    const k = list.indexOf(document.activeElement as HTMLElement);
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = (k + 1) % list.length;
    else if (e.key === 'ArrowUp') next = (k - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else if (e.key === 'Escape') {
      e.preventDefault();
      onClose(true);
      return;
    } else if (e.key === 'Tab') {
      onClose(false);
      return;
    } else if (e.key.length === 1 && /\S/.test(e.key)) {
      const c = e.key.toLowerCase();
      const order = [...list.slice(k + 1), ...list.slice(0, k + 1)];
      const hit = order.find((el) => el.textContent?.trim().toLowerCase().startsWith(c));
      if (hit) next = list.indexOf(hit);
    }
    if (next === undefined) return;
    e.preventDefault();
    list[next]?.focus();
  };
  return (
    <div
      ref={ref}
      className="dropdown"
      role="menu"
      id="examples-menu"
      aria-label="Examples"
      data-testid="gallery"
      onKeyDown={onKey}
    >
      {SCENARIOS.map((s) => (
        <button
          key={s.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="card"
          data-testid={`scenario-${s.id}`}
          onClick={() => {
            onClose(true);
            void loadScenario(store, s.id);
          }}
        >
          <strong>{s.title}</strong>
          <span className="source">{s.source}</span>
        </button>
      ))}
    </div>
  );
}
