import type { ReactNode } from 'react';

/**
 * The dialogs' two field shapes: a visible label, then the control, whose accessible name
 * (`name`) tests and screen readers know it by.
 */
export function TextField({
  label,
  name,
  value,
  onChange,
  size,
  disabled,
  placeholder,
  numeric,
  after,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  size: number;
  disabled?: boolean | undefined;
  placeholder?: string | undefined;
  numeric?: boolean;
  /** shown after the input, inside the label (a unit or a hint) */
  after?: ReactNode;
}) {
  return (
    <label>
      {label}{' '}
      <input
        aria-label={name}
        size={size}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        {...(numeric ? { inputMode: 'numeric' as const } : {})}
        onChange={(e) => onChange(e.target.value)}
      />
      {after}
    </label>
  );
}

export interface Option {
  readonly value: string;
  readonly text: string;
}

/** A labelled select; `pick` is the empty first choice shown while nothing is chosen. */
export function SelectField({
  label,
  name,
  value,
  options,
  onChange,
  pick,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly Option[];
  onChange: (v: string) => void;
  pick?: string;
}) {
  return (
    <label>
      {label}{' '}
      <select aria-label={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {pick !== undefined && !value && <option value="">{pick}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Options whose text is their value. */
export const plainOptions = (values: readonly string[]): Option[] =>
  values.map((v) => ({ value: v, text: v }));
