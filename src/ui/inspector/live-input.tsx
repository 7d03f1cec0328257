import { useEffect, useId, useLayoutEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useAppStore } from '../store-context';
import { useDraftStatus } from './draft-status';

/** Typing settles for this long before the design changes (and the worker re-analyses). */
export const LIVE_DELAY_MS = 150;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'defaultValue'> & {
  readonly value: string;
  /** The message for text that cannot be applied yet (undefined: valid). */
  readonly validate?: (text: string) => string | undefined;
  readonly onCommit: (text: string) => void;
  /** Also commit invalid text when the field is left (ACL match: kept as written, ignored). */
  readonly commitInvalidOnBlur?: boolean;
  /** Message suffix shown after the validation message. */
  readonly invalidNote?: string;
};

/**
 * A text field that applies while you type: valid text is committed after LIVE_DELAY_MS, so the
 * canvas, matrix, probe and findings follow without blur or Enter. Invalid text is shown with its
 * message and not committed (the last valid analysis stays, marked stale). All commits made while
 * the field has focus are one undo step: the first is recorded, the rest replace it in place.
 */
export function LiveInput({
  value,
  validate,
  onCommit,
  commitInvalidOnBlur,
  invalidNote,
  onBlur,
  onFocus,
  onKeyDown,
  ...rest
}: Props) {
  const store = useAppStore();
  const key = useId();
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  const committedInSession = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ draft, validate, onCommit, value });
  useLayoutEffect(() => {
    latest.current = { draft, validate, onCommit, value };
  });
  const mark = useDraftStatus((s) => s.mark);
  // The store's value wins unless the person is typing here (a late echo must not undo keystrokes).
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  const error = validate?.(draft);
  const label = String(rest['aria-label'] ?? 'field');
  useEffect(() => {
    mark(key, label, draft !== value ? error : undefined);
  }, [mark, key, label, draft, value, error]);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      useDraftStatus.getState().mark(key, label, undefined);
    },
    [key, label],
  );

  const apply = (force: boolean): void => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const l = latest.current;
    if (l.draft === l.value) return;
    if (!force && l.validate?.(l.draft)) return;
    const t = store.temporal.getState();
    // one field's typing is one undo step: later commits of this focus session are not recorded
    const group = committedInSession.current;
    if (group) t.pause();
    try {
      l.onCommit(l.draft);
    } finally {
      if (group) t.resume();
    }
    committedInSession.current = true;
  };

  return (
    <>
      <input
        {...rest}
        value={draft}
        aria-invalid={error ? true : undefined}
        onFocus={(e) => {
          focused.current = true;
          committedInSession.current = false;
          onFocus?.(e);
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => apply(false), LIVE_DELAY_MS);
        }}
        onBlur={(e) => {
          apply(!!commitInvalidOnBlur);
          focused.current = false;
          committedInSession.current = false;
          onBlur?.(e);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(false);
          onKeyDown?.(e);
        }}
      />
      {error && (
        <p className="diag error small" role="alert">
          {error}
          {invalidNote ? ` ${invalidNote}` : ''}
        </p>
      )}
    </>
  );
}
