import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { focusables } from './focus';

/**
 * A modal dialog (WAI-ARIA dialog pattern): rendered over an inert page, focus moves in
 * (to `initialFocus` or the first control), Tab stays inside, Escape closes, and focus
 * returns to the element that opened it.
 */
export function Dialog({
  label,
  onClose,
  wide,
  children,
  initialFocus,
  testId,
  onDrop,
}: {
  label: string;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
  initialFocus?: string;
  testId?: string;
  onDrop?: (f: File) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    const el = ref.current;
    const first =
      (initialFocus && el?.querySelector<HTMLElement>(initialFocus)) ||
      (el && focusables(el).find((x) => !x.classList.contains('focus-guard')));
    first?.focus();
    return () => {
      root?.removeAttribute('inert');
      if (opener && document.contains(opener)) opener.focus();
    };
  }, [initialFocus]);
  const wrap = (to: 'first' | 'last'): void => {
    const list = ref.current
      ? focusables(ref.current).filter((el) => !el.classList.contains('focus-guard'))
      : [];
    (to === 'first' ? list[0] : list[list.length - 1])?.focus();
  };
  return createPortal(
    <div
      className="dialog-backdrop"
      role="presentation"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={ref}
        className={wide ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close.current();
            return;
          }
        }}
        onDragOver={onDrop ? (e) => e.preventDefault() : undefined}
        onDrop={
          onDrop
            ? (e) => {
                e.preventDefault();
                const f = e.dataTransfer.files[0];
                if (f) onDrop(f);
              }
            : undefined
        }
      >
        {/* focus guards: Tab past either end wraps around (whatever the browser makes focusable) */}
        <span tabIndex={0} className="focus-guard" onFocus={() => wrap('last')} />
        {children}
        <span tabIndex={0} className="focus-guard" onFocus={() => wrap('first')} />
      </div>
    </div>,
    document.body,
  );
}
