import { useTranslation } from 'react-i18next';
import { problemMessage, type StatusOverrides } from './api-problem';

interface ApiErrorAlertProps {
  error: unknown;
  overrides?: StatusOverrides;
  /** Offers to send the failed request again (a list that did not load). */
  onRetry?: () => void;
  /** Lets the reader put the alert away (an action that failed while the page stays usable). */
  onDismiss?: () => void;
}

/** A failed request, said plainly: what kind of failure, the API's reason, and any field errors. */
export function ApiErrorAlert({ error, overrides, onRetry, onDismiss }: ApiErrorAlertProps) {
  const { t } = useTranslation();
  const message = problemMessage(error, t, overrides);
  return (
    <div className="api-alert" role="alert">
      <p className="api-alert__summary">{message.summary}</p>
      {message.detail && message.detail !== message.summary && <p className="api-alert__detail">{message.detail}</p>}
      {message.fields.length > 0 && (
        <ul className="api-alert__fields">
          {message.fields.map((field, index) => (
            <li key={index}>
              {field.path && <code>{field.path}</code>} {field.message}
            </li>
          ))}
        </ul>
      )}
      {(onRetry || onDismiss) && (
        <div className="api-alert__actions">
          {onRetry && (
            <button type="button" className="ws-button ws-button--small" onClick={onRetry}>
              {t('retry')}
            </button>
          )}
          {onDismiss && (
            <button type="button" className="api-alert__dismiss" onClick={onDismiss}>
              {t('close')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
