import { lazy, Suspense, useCallback, useRef } from 'react';
import type { EditorProps, StandIn } from './editor-props';

// CodeMirror is loaded on first use (its own chunk), keeping it out of the initial bundle.
const load = () => import('./yaml-editor');
const Editor = lazy(load);

/** Start fetching the editor early (when a dialog or the YAML tab is about to open). */
export function preloadYamlEditor(): void {
  void load();
}

function snapshot(el: HTMLTextAreaElement): StandIn {
  const back = el.selectionDirection === 'backward';
  return {
    text: el.value,
    anchor: back ? el.selectionEnd : el.selectionStart,
    head: back ? el.selectionStart : el.selectionEnd,
    focused: el.ownerDocument.activeElement === el,
  };
}

/**
 * The YAML editor; a plain textarea stands in while CodeMirror loads. When CodeMirror takes its
 * place it starts from the stand-in's text, selection and focus as they were at the swap, so
 * nothing typed or pasted at that instant is lost and the next keys go where the caret was.
 */
export function YamlCodeEditor(props: EditorProps) {
  const standIn = useRef<StandIn | undefined>(undefined);
  // React 19 runs a ref's cleanup as the node is detached, while it still holds focus
  const track = useCallback((el: HTMLTextAreaElement | null) => {
    if (!el) return;
    return () => {
      standIn.current = snapshot(el);
    };
  }, []);
  const takeOver = useCallback((): StandIn | undefined => {
    const s = standIn.current;
    standIn.current = undefined;
    return s;
  }, []);
  return (
    <Suspense
      fallback={
        <textarea
          ref={track}
          className="yaml-fallback"
          aria-label={props.label}
          data-testid={props.testId}
          spellCheck={false}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      }
    >
      <Editor {...props} takeOver={takeOver} />
    </Suspense>
  );
}
