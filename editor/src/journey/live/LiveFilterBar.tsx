import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import type { JourneyVersionsResponse, LiveFilter } from './live-api';

/** Which counts the panel shows: every version or one, and a range of UTC days. */
export function LiveFilterBar({ journeyId, filter, onChange }: { journeyId: string; filter: LiveFilter; onChange: (filter: LiveFilter) => void }) {
  const { t } = useTranslation('live');
  const { api } = useSession();
  const [versions, setVersions] = useState<number[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .request<JourneyVersionsResponse>('GET', `${api.journeyPath(journeyId)}/versions`, { signal: controller.signal })
      .then((body) => setVersions(body.versions.map((entry) => entry.version)))
      // Without the list the picker offers "all versions" only; the stats still load.
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, journeyId]);

  const set = (change: Partial<LiveFilter>) => onChange({ ...filter, ...change });
  return (
    <fieldset className="live-filter">
      <legend className="live-sr-only">{t('filter.legend')}</legend>
      <label>
        <span>{t('filter.version')}</span>
        <select value={filter.version ?? ''} onChange={(event) => set({ version: event.target.value ? Number(event.target.value) : undefined })}>
          <option value="">{t('filter.allVersions')}</option>
          {versions.map((version) => (
            <option key={version} value={version}>
              {t('filter.versionN', { version })}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.from')}</span>
        <input type="date" value={filter.from ?? ''} max={filter.to} onChange={(event) => set({ from: event.target.value || undefined })} />
      </label>
      <label>
        <span>{t('filter.to')}</span>
        <input type="date" value={filter.to ?? ''} min={filter.from} onChange={(event) => set({ to: event.target.value || undefined })} />
      </label>
      {(filter.version !== undefined || filter.from || filter.to) && (
        <button type="button" className="live-link" onClick={() => onChange({})}>
          {t('filter.clear')}
        </button>
      )}
      <p className="live-hint">{t('filter.utc')}</p>
    </fieldset>
  );
}
