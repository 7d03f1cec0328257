import type { ReactNode } from 'react';

/** One tab of a small tab list (its parent has role="tablist"); the chosen one is `active`. */
export function TabButton({
  selected,
  onSelect,
  children,
}: {
  selected: boolean;
  onSelect: () => void;
  children: ReactNode;
}) {
  return (
    <button
      role="tab"
      aria-selected={selected}
      className={selected ? 'tab active' : 'tab'}
      onClick={onSelect}
    >
      {children}
    </button>
  );
}
