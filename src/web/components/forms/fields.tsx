import type { ReactNode } from 'react';
import './forms.css';
import { fieldErrorCount, type FormErrors } from './problems.js';

/**
 * The form-field kit of the configuration pages: every control has its label, an optional hint
 * and an error slot wired with aria-describedby / aria-invalid, so a server problem about a field
 * is read out with it. Values are strings (or booleans): pages convert when they build a body.
 */

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  errors?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

function describedBy(id: string, hint: unknown, errors: readonly string[] | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors && errors.length > 0 ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ id, hint }: { id: string; hint?: string | undefined }) {
  return hint ? (
    <p id={`${id}-hint`} className="field-hint">
      {hint}
    </p>
  ) : null;
}

function ErrorSlot({ id, errors }: { id: string; errors?: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      <span className="field-error-mark" aria-hidden="true">
        ⚠{' '}
      </span>
      {errors.join('; ')}
    </p>
  );
}

function control(props: FieldProps) {
  const invalid = Boolean(props.errors && props.errors.length > 0);
  return {
    id: props.id,
    name: props.id,
    disabled: props.disabled,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy(props.id, props.hint, props.errors),
  };
}

export function TextField(
  props: FieldProps & { value: string; onChange: (value: string) => void; type?: 'text' | 'email' | 'url' | 'date' | 'password'; required?: boolean; autoComplete?: string },
) {
  return (
    <div className={`form-field${props.errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <input {...control(props)} type={props.type ?? 'text'} required={props.required} autoComplete={props.autoComplete} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      <ErrorSlot id={props.id} errors={props.errors} />
    </div>
  );
}

/** A number typed as text: what is not a number still reaches the server, which names the field. */
export function NumberField(props: FieldProps & { value: string; onChange: (value: string) => void; min?: number; step?: number | 'any' }) {
  return (
    <div className={`form-field${props.errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <input {...control(props)} type="text" inputMode="decimal" className="number-input" value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      <ErrorSlot id={props.id} errors={props.errors} />
    </div>
  );
}

export function TextAreaField(props: FieldProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  return (
    <div className={`form-field${props.errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <textarea {...control(props)} rows={props.rows ?? 3} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      <ErrorSlot id={props.id} errors={props.errors} />
    </div>
  );
}

export function CheckboxField(props: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className={`form-field checkbox-field${props.errors?.length ? ' has-error' : ''}`}>
      <input {...control(props)} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <ErrorSlot id={props.id} errors={props.errors} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value: string; onChange: (value: string) => void; options: readonly Option[] }) {
  return (
    <div className={`form-field${props.errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <select {...control(props)} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorSlot id={props.id} errors={props.errors} />
    </div>
  );
}

/** A group of checkboxes for a set of values (roles, steps, fields). */
export function CheckboxGroup(props: { id: string; legend: string; hint?: string; options: readonly Option[]; value: readonly string[]; onChange: (value: string[]) => void; errors?: readonly string[] | undefined }) {
  return (
    <fieldset className={`form-group${props.errors?.length ? ' has-error' : ''}`} aria-describedby={describedBy(props.id, props.hint, props.errors)}>
      <legend>{props.legend}</legend>
      <Hint id={props.id} hint={props.hint} />
      {props.options.map((option) => (
        <div key={option.value} className="form-field checkbox-field">
          <input
            id={`${props.id}-${option.value}`}
            type="checkbox"
            checked={props.value.includes(option.value)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, option.value] : props.value.filter((v) => v !== option.value))}
          />
          <label htmlFor={`${props.id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      <ErrorSlot id={props.id} errors={props.errors} />
    </fieldset>
  );
}

/** Rows of the same fields (contacts, conditions): add, remove, each row its own group. */
export function RepeatableRows<T>(props: {
  legend: string;
  /** What one row is called: "Contact" → "Contact 1", "Add contact", "Remove contact 1". */
  itemLabel: string;
  rows: readonly T[];
  onChange: (rows: T[]) => void;
  newRow: () => T;
  render: (row: T, index: number, update: (row: T) => void) => ReactNode;
  errors?: readonly string[] | undefined;
}) {
  const { rows, onChange } = props;
  return (
    <fieldset className="form-group repeatable">
      <legend>{props.legend}</legend>
      {rows.length === 0 && <p className="field-hint">None yet.</p>}
      {rows.map((row, index) => (
        <fieldset key={index} className="repeatable-row">
          <legend>
            {props.itemLabel} {index + 1}
          </legend>
          {props.render(row, index, (changed) => onChange(rows.map((r, i) => (i === index ? changed : r))))}
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove {props.itemLabel.toLowerCase()} {index + 1}
          </button>
        </fieldset>
      ))}
      <ErrorSlot id={`${props.itemLabel.toLowerCase().replace(/\W+/g, '-')}-rows`} errors={props.errors} />
      <button type="button" className="secondary" onClick={() => onChange([...rows, props.newRow()])}>
        Add {props.itemLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

/** Above the form: what failed that belongs to no field, and how many fields need attention; or that it was saved. */
export function FormStatus({ errors, saved }: { errors: FormErrors | null; saved?: string | null | undefined }) {
  const count = errors ? fieldErrorCount(errors) : 0;
  return (
    <>
      <div role="alert" className="form-alert">
        {errors && (errors.general.length > 0 || count > 0) && (
          <div className="error-summary">
            {errors.general.map((message) => (
              <p key={message} className="error">
                {message}
              </p>
            ))}
            {count > 0 && <p className="error">Not saved: {count === 1 ? 'one field needs' : `${count} fields need`} attention (marked below).</p>}
          </div>
        )}
      </div>
      <div role="status" className="form-saved">
        {saved && <p className="success">{saved}</p>}
      </div>
    </>
  );
}
