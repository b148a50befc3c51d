import { useTranslation } from 'react-i18next';
import type { SaveStatus } from './use-autosave';

/** Saved / saving / unsaved / error, announced politely to screen readers; an error offers a retry. */
export function SaveIndicator({ status, error, onRetry }: { status: SaveStatus; error?: string; onRetry: () => void }) {
  const { t } = useTranslation('journey');
  return (
    <span className={`save-status save-status--${status}`} role="status" aria-live="polite" data-testid="save-status" data-status={status}>
      {t(`save.${status}`)}
      {status === 'error' && (
        <>
          <span className="save-status__error" title={error}>
            {error}
          </span>
          <button type="button" className="link" onClick={onRetry}>
            {t('common:retry')}
          </button>
        </>
      )}
    </span>
  );
}
