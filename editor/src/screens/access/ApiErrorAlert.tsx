import { useTranslation } from 'react-i18next';
import { problemMessage } from './api-problem';
import './access.css';

/** A failed request, said plainly: what kind of failure, the API's reason, and any field errors. */
export function ApiErrorAlert({ error, overrides, onDismiss }: { error: unknown; overrides?: Partial<Record<number, string>>; onDismiss?: () => void }) {
  const { t } = useTranslation('access');
  const message = problemMessage(error, t, overrides);
  return (
    <div className="api-alert" role="alert">
      <p className="api-alert__summary">{message.summary}</p>
      {message.detail && message.detail !== message.summary && <p className="api-alert__detail">{message.detail}</p>}
      {message.fields.length > 0 && (
        <ul className="api-alert__fields">
          {message.fields.map((field, index) => (
            <li key={index}>{field.path ? `${field.path}: ${field.message}` : field.message}</li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="api-alert__dismiss" onClick={onDismiss}>
          {t('common:close')}
        </button>
      )}
    </div>
  );
}
