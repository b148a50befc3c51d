import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from './ApiErrorAlert';
import type { Action } from './use-action';

interface FormFooterProps {
  /** The save: a refusal is told above the buttons, and the submit button waits while it runs. */
  save: Action;
  /** How the last submit went when nothing failed ("Saved as version 2."). */
  notice?: string;
  submitLabel: string;
  busyLabel: string;
  /** The submit button is off for more than a running save (a bad key, a role that may not write). */
  disabled?: boolean;
  /** Why it is off, as its tooltip. */
  title?: string;
  onCancel?: () => void;
}

/** The end of an edit form: what the save came to, then submit and cancel. */
export function FormFooter({ save, notice, submitLabel, busyLabel, disabled = false, title, onCancel }: FormFooterProps) {
  const { t } = useTranslation();
  return (
    <>
      {save.error !== undefined && <ApiErrorAlert error={save.error} />}
      {notice && (
        <p className="ws-notice" role="status">
          {notice}
        </p>
      )}
      <div className="ws-actions">
        <button type="submit" className="ws-button ws-button--primary" disabled={save.busy || disabled} title={title}>
          {save.busy ? busyLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="ws-button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </>
  );
}
