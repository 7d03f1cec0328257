export interface LineProblem {
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

/** The stand-in textarea's state when CodeMirror replaced it (text, selection, focus). */
export interface StandIn {
  readonly text: string;
  readonly anchor: number;
  readonly head: number;
  readonly focused: boolean;
}

export interface EditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  readonly testId?: string;
  readonly problems?: readonly LineProblem[];
  readonly onFocus?: () => void;
  readonly onBlur?: () => void;
  /** What the stand-in held when it was swapped out (once; set by lazy-yaml-editor). */
  readonly takeOver?: () => StandIn | undefined;
}
