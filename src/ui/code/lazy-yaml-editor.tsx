import { lazy, Suspense } from 'react';
import type { EditorProps } from './editor-props';

// CodeMirror is loaded on first use (its own chunk), keeping it out of the initial bundle.
const load = () => import('./yaml-editor');
const Editor = lazy(load);

/** Start fetching the editor early (when a dialog or the YAML tab is about to open). */
export function preloadYamlEditor(): void {
  void load();
}

/** The YAML editor; a plain textarea stands in while CodeMirror loads. */
export function YamlCodeEditor(props: EditorProps) {
  return (
    <Suspense
      fallback={
        <textarea
          className="yaml-fallback"
          aria-label={props.label}
          data-testid={props.testId}
          spellCheck={false}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      }
    >
      <Editor {...props} />
    </Suspense>
  );
}
