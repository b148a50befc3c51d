import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { JourneySummary } from '../api/client';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { useFormat } from '../ui/format';
import { TemplatesGallery } from './journeys/TemplatesGallery';
import './journeys.css';

type Lifecycle = 'pause' | 'resume' | 'archive';

/** What a journey in this status can be moved to. */
const lifecycleActions: Record<JourneySummary['status'], Lifecycle[]> = {
  draft: ['archive'],
  active: ['pause', 'archive'],
  paused: ['resume', 'archive'],
  archived: [],
};

export function JourneysScreen() {
  const { t } = useTranslation('journeys');
  const { api, can } = useSession();
  const [, navigate] = useLocation();
  const [journeys, setJourneys] = useState<JourneySummary[]>();
  const [error, setError] = useState<unknown>();
  const format = useFormat();
  const [name, setName] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [gallery, setGallery] = useState(false);

  const load = useCallback(() => {
    api.listJourneys().then(setJourneys, setError);
  }, [api]);
  useEffect(load, [load]);

  const fail = (reason: unknown) => setError(reason);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      const created = await api.post<{ id: string }>('/v1/journeys', { name: name.trim(), nodes: [], edges: [] });
      navigate(`/journeys/${created.id}`);
    } catch (reason) {
      fail(reason);
    }
  };

  const change = async (journey: JourneySummary, action: Lifecycle) => {
    if (action === 'archive' && !window.confirm(t('confirmArchive', { name: journey.name }))) return;
    try {
      await api.post(`${api.journeyPath(journey.id)}/${action}`);
      load();
    } catch (reason) {
      fail(reason);
    }
  };

  const shown = (journeys ?? []).filter((journey) => showArchived || journey.status !== 'archived');
  return (
    <div className="page journeys">
      <header className="page__header">
        <h1>{t('title')}</h1>
        {can('journeys:write') && (
          <div className="journeys__create">
            <form onSubmit={(event) => void create(event)}>
              <label htmlFor="new-journey-name" className="visually-hidden">
                {t('newName')}
              </label>
              <input id="new-journey-name" placeholder={t('newName')} value={name} onChange={(event) => setName(event.target.value)} />
              <button type="submit" className="primary" disabled={!name.trim()}>
                {t('create')}
              </button>
            </form>
            <button type="button" onClick={() => setGallery(true)}>
              {t('fromTemplate')}
            </button>
          </div>
        )}
      </header>
      {error !== undefined && <ApiErrorAlert error={error} onDismiss={() => setError(undefined)} />}
      <label className="journeys__filter">
        <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} /> {t('showArchived')}
      </label>
      {!journeys ? (
        <p className="muted">{t('common:loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <table className="table" aria-label={t('title')}>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((journey) => (
              <tr key={journey.id}>
                <td>
                  <Link href={`/journeys/${journey.id}`}>{journey.name}</Link>
                </td>
                <td>
                  <span className={`badge badge--${journey.status}`}>{t(`journey:status.${journey.status}`)}</span>
                </td>
                <td>{journey.publishedVersion === null ? '—' : `v${journey.publishedVersion}`}</td>
                <td>{format.dateTime(journey.updatedAt)}</td>
                <td className="table__actions">
                  {can('journeys:publish') &&
                    lifecycleActions[journey.status]
                      .filter((action) => action !== 'pause' || journey.publishedVersion !== null)
                      .map((action) => (
                        <button key={action} type="button" onClick={() => void change(journey, action)} aria-label={t(`${action}Named`, { name: journey.name })}>
                          {t(action)}
                        </button>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {gallery && <TemplatesGallery onClose={() => setGallery(false)} onCreated={(id) => navigate(`/journeys/${id}`)} />}
    </div>
  );
}
