import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/use-load';
import { useFormat } from '../../ui/format';
import { DiffView } from './DiffView';

interface VersionSummary {
  version: number;
  hash: string;
  note: string | null;
  publishedAt: string;
}

interface VersionDetail extends VersionSummary {
  definition: JourneyDefinition;
}

export interface VersionsPanelProps {
  journeyId: string;
  draft: JourneyDefinition;
  catalogue: readonly NodeDescriptor[];
  canRollBack: boolean;
  /** Saves the draft first, so a roll-back never overwrites an edit the API has not seen. */
  beforeRollBack: () => Promise<boolean>;
  onRolledBack: (version: number, definition: JourneyDefinition) => void;
}

/** Published versions, newest first: compare one with the draft, or roll back by republishing it. */
export function VersionsPanel({ journeyId, draft, catalogue, canRollBack, beforeRollBack, onRolledBack }: VersionsPanelProps) {
  const { t } = useTranslation('journey');
  const { api } = useSession();
  const versions = useLoad((signal) => api.request<{ versions: VersionSummary[] }>('GET', `${api.journeyPath(journeyId)}/versions`, { signal }).then((body) => body.versions), [api, journeyId]);
  const [comparing, setComparing] = useState<VersionDetail>();
  const [error, setError] = useState<unknown>();
  const format = useFormat();
  const [busy, setBusy] = useState(false);

  const detail = (version: number) => api.get<VersionDetail>(`${api.journeyPath(journeyId)}/versions/${version}`);

  const compare = async (version: number) => {
    setError(undefined);
    try {
      setComparing(await detail(version));
    } catch (reason) {
      setError(reason);
    }
  };

  const rollBack = async (version: number) => {
    if (!window.confirm(t('versions.confirmRollBack', { version }))) return;
    setBusy(true);
    setError(undefined);
    try {
      if (!(await beforeRollBack())) throw new Error(t('publishDialog.notSaved'));
      const { definition } = await detail(version);
      await api.put(api.journeyPath(journeyId), definition);
      const published = await api.post<{ version: number }>(`${api.journeyPath(journeyId)}/publish`, { note: t('versions.rollBackNote', { version }) });
      onRolledBack(published.version, definition);
      versions.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  if (!versions.data) return <LoadState of={versions} />;
  return (
    <div className="versions">
      {error !== undefined && <ApiErrorAlert error={error} onDismiss={() => setError(undefined)} />}
      {versions.data.length === 0 && <p className="muted">{t('versions.none')}</p>}
      <ol className="versions__list" aria-label={t('versions.label')}>
        {versions.data.map((version) => (
          <li key={version.version} data-testid="version">
            <div>
              <strong>v{version.version}</strong> <time className="muted" dateTime={version.publishedAt}>{format.dateTime(version.publishedAt)}</time>
            </div>
            {version.note && <p className="versions__note">{version.note}</p>}
            <div className="versions__actions">
              <button type="button" onClick={() => void compare(version.version)}>
                {t('versions.compare')}
              </button>
              {canRollBack && (
                <button type="button" onClick={() => void rollBack(version.version)} disabled={busy}>
                  {t('versions.rollBack')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {comparing && <DiffView version={comparing.version} before={comparing.definition} after={draft} catalogue={catalogue} onClose={() => setComparing(undefined)} />}
    </div>
  );
}
