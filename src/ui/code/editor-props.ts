export interface LineProblem {
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

export interface EditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  readonly testId?: string;
  readonly problems?: readonly LineProblem[];
  readonly onFocus?: () => void;
  readonly onBlur?: () => void;
}
