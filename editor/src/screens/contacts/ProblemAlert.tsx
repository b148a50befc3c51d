import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import './workspace.css';

interface FieldProblem {
  path?: string;
  message: string;
}

/** The field errors of a problem+json answer (`errors`: where and what), if it has any. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((item): item is FieldProblem => typeof (item as FieldProblem | null)?.message === 'string') : [];
}

export function problemMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An API refusal as the user reads it: the API's own words, then each field it names. */
export function ProblemAlert({ error, onRetry, hideFields = false }: { error: unknown; onRetry?: () => void; hideFields?: boolean }) {
  const { t } = useTranslation();
  const fields = hideFields ? [] : fieldProblems(error);
  return (
    <div className="ws-alert" role="alert">
      <p>{problemMessage(error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field, index) => (
            <li key={index}>
              {field.path && <code>{field.path}</code>} {field.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="ws-button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
