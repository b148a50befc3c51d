import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from './ApiErrorAlert';
import type { Loaded } from './use-load';

interface LoadStateProps {
  /** A record, a list or a list's first page, as `useLoad` gives it. */
  of: Pick<Loaded<unknown>, 'data' | 'error' | 'loading' | 'reload'>;
  /** How many rows there are once loaded (with pages loaded later); with `empty`, says when to show it. */
  count?: number;
  /** What to say when the list loaded with nothing in it. */
  empty?: string;
}

/**
 * What a page or a list shows instead of what it loads: why loading failed (with a retry), that
 * it is loading, or that a list is empty. Nothing once there is something, which the caller shows.
 */
export function LoadState({ of: loaded, count, empty }: LoadStateProps) {
  const { t } = useTranslation();
  if (loaded.error !== undefined) return <ApiErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.loading && loaded.data === undefined) return <p className="ws-empty">{t('loading')}</p>;
  if (empty && loaded.data !== undefined && count === 0) return <p className="ws-empty">{empty}</p>;
  return null;
}
