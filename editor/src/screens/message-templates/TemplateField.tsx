import { useId } from 'react';
import { errorsAt, type FieldErrors } from './field-errors';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Where the API reports this field's problems, e.g. "bodies.sms.text". */
  path: string;
  errors: FieldErrors;
  rows?: number;
  code?: boolean;
  hint?: string;
  required?: boolean;
}

/** A template text field (most are Liquid) with the API's problems for it shown under it. */
export function TemplateField({ label, value, onChange, path, errors, rows, code, hint, required }: Props) {
  const id = useId();
  const problems = errorsAt(errors, path);
  const described = [hint ? `${id}-hint` : '', problems.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    value,
    required,
    className: code ? 'ws-code' : undefined,
    'aria-invalid': problems.length ? true : undefined,
    'aria-describedby': described,
    'data-path': path,
    spellCheck: code ? false : undefined,
  };
  return (
    <div className="ws-field">
      <label htmlFor={id} className="ws-field__label">
        {label}
      </label>
      {rows ? <textarea {...shared} rows={rows} onChange={(event) => onChange(event.target.value)} /> : <input {...shared} onChange={(event) => onChange(event.target.value)} />}
      {hint && (
        <span id={`${id}-hint`} className="ws-hint">
          {hint}
        </span>
      )}
      {problems.length > 0 && (
        <span id={`${id}-error`} className="ws-field-error">
          {problems.join(' · ')}
        </span>
      )}
    </div>
  );
}
