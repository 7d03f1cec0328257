import { useEffect, useLayoutEffect, useRef } from 'react';
import {
  Annotation,
  EditorSelection,
  EditorState,
  RangeSetBuilder,
  StateEffect,
  StateField,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  type DecorationSet,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import type { EditorProps, LineProblem } from './editor-props';

const setProblems = StateEffect.define<readonly LineProblem[]>();
/** Marks a change pushed in from the value prop (not typed: no onChange, no undo step). */
const external = Annotation.define<boolean>();

/** Lines with a problem get a tinted background and the message as a tooltip. */
const problemLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setProblems)) continue;
      const b = new RangeSetBuilder<Decoration>();
      const byLine = new Map<number, LineProblem>();
      for (const p of e.value) {
        const n = Math.min(Math.max(1, p.line), tr.state.doc.lines);
        const had = byLine.get(n);
        if (!had || (had.severity !== 'error' && p.severity === 'error')) byLine.set(n, p);
      }
      for (const [n, p] of [...byLine].sort((a, c) => a[0] - c[0])) {
        const line = tr.state.doc.line(n);
        b.add(
          line.from,
          line.from,
          Decoration.line({
            class: `cm-problem cm-problem-${p.severity}`,
            attributes: { title: p.message, 'data-problem-line': String(n) },
          }),
        );
      }
      next = b.finish();
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// Colours from the design note (text ≥ 4.5:1 on the editor background).
const theme = EditorView.theme({
  '&': { fontSize: '12px', border: '1px solid #d9e0e8', borderRadius: '5px', background: '#fff' },
  '&.cm-focused': { outline: '2px solid #1f6feb', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { background: '#f6f7f9', color: '#566373', borderRight: '1px solid #d9e0e8' },
  '.cm-activeLineGutter': { background: '#e6ebf1', color: '#1b2430' },
  '.cm-activeLine': { background: '#f3f6fa' },
  '.cm-problem-error': { background: '#fdeceb', boxShadow: 'inset 3px 0 0 #c2341f' },
  '.cm-problem-warning': { background: '#fff3d6', boxShadow: 'inset 3px 0 0 #7d4a00' },
  '.cm-problem-info': { background: '#eaf1fe', boxShadow: 'inset 3px 0 0 #1f6feb' },
});

/** A CodeMirror 6 YAML editor (loaded on demand: see lazy-yaml-editor). */
export default function YamlEditor({
  value,
  onChange,
  label,
  testId,
  problems,
  onFocus,
  onBlur,
  takeOver,
}: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onFocus, onBlur });
  useEffect(() => {
    latest.current = { onChange, onFocus, onBlur };
  });
  // created in the commit that replaces the stand-in (layout effect): no frame without an editor
  useLayoutEffect(() => {
    if (!host.current) return;
    const was = takeOver?.();
    const doc = was?.text ?? value;
    const at = (n: number): number => Math.min(Math.max(0, n), doc.length);
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc,
        ...(was ? { selection: EditorSelection.single(at(was.anchor), at(was.head)) } : {}),
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap]), // Tab is left to move focus (no trap)
          problemLines,
          theme,
          EditorView.contentAttributes.of({
            'aria-label': label,
            ...(testId ? { 'data-testid': testId } : {}),
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !u.transactions.some((t) => t.annotation(external)))
              latest.current.onChange(u.state.doc.toString());
            if (u.focusChanged) (u.view.hasFocus ? latest.current.onFocus : latest.current.onBlur)?.();
          }),
        ],
      }),
    });
    view.current = v;
    if (was?.focused) v.focus();
    if (doc !== value) latest.current.onChange(doc); // typed into the stand-in after its last render
    return () => {
      v.destroy();
      view.current = null;
    };
    // the editor is created once; value and problems are pushed in by the effects below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({
        changes: { from: 0, to: v.state.doc.length, insert: value },
        annotations: external.of(true),
      });
  }, [value]);
  useEffect(() => {
    view.current?.dispatch({ effects: setProblems.of(problems ?? []) });
  }, [problems, value]);
  return <div ref={host} className="yaml-editor" data-editor="codemirror" />;
}
