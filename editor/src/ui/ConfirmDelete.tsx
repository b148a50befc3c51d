import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from './ApiErrorAlert';
import type { Action } from './use-action';

interface ConfirmDeleteProps {
  question: string;
  /** The confirming button, naming what goes ("Delete segment"). */
  confirmLabel: string;
  /** The delete request: the button waits while it runs, and a refusal is told here. */
  deleting: Action;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before deleting a record, in place of a modal: the focus goes to the confirming button. */
export function ConfirmDelete({ question, confirmLabel, deleting, onConfirm, onCancel }: ConfirmDeleteProps) {
  const { t } = useTranslation();
  const questionId = useId();
  return (
    <div className="ws-alert ws-confirm" role="alertdialog" aria-labelledby={questionId}>
      <p id={questionId}>{question}</p>
      {deleting.error !== undefined && <ApiErrorAlert error={deleting.error} />}
      <div className="ws-actions">
        <button type="button" className="ws-button ws-button--danger" onClick={onConfirm} disabled={deleting.busy} autoFocus>
          {confirmLabel}
        </button>
        <button
          type="button"
          className="ws-button"
          onClick={() => {
            // Asked again later, the question starts afresh.
            deleting.dismiss();
            onCancel();
          }}
        >
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
