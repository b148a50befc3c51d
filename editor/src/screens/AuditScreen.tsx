import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { AuditTable } from './access/AuditTable';
import { useAuditLog, type AuditEvent } from './access/use-audit-log';
import './access/access.css';

const everyone = '';

/** Distinct values in first-seen order, for the filter menus. */
function distinct<T>(events: readonly AuditEvent[], pick: (event: AuditEvent) => [string, T]): [string, T][] {
  return [...new Map(events.map(pick)).entries()];
}

/** Who published, paused, archived or changed access, and when (admins: `audit:read`). */
export function AuditScreen() {
  const { t } = useTranslation('audit');
  const { can } = useSession();
  if (!can('audit:read')) {
    return (
      <main className="access-page">
        <h1>{t('title')}</h1>
        <p role="alert">{t('common:notAllowed')}</p>
      </main>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const { t } = useTranslation('audit');
  const { api } = useSession();
  const log = useAuditLog(api);
  const [action, setAction] = useState(everyone);
  const [actor, setActor] = useState(everyone);
  const actionId = useId();
  const actorId = useId();

  const actions = useMemo(() => distinct(log.events, (event) => [event.action, event.action]), [log.events]);
  const actors = useMemo(() => distinct(log.events, (event) => [event.actor.id, event.actor.name]), [log.events]);
  const shown = log.events.filter((event) => (action === everyone || event.action === action) && (actor === everyone || event.actor.id === actor));

  return (
    <main className="access-page">
      <header className="access-page__header">
        <h1>{t('title')}</h1>
        <p className="muted">{t('subtitle')}</p>
      </header>
      <div className="audit-filters" role="group" aria-label={t('filters.label')}>
        <label htmlFor={actionId}>{t('filters.action')}</label>
        <select id={actionId} value={action} onChange={(event) => setAction(event.target.value)}>
          <option value={everyone}>{t('filters.anyAction')}</option>
          {actions.map(([value]) => (
            <option key={value} value={value}>
              {t(`actions.${value}`, { defaultValue: value })}
            </option>
          ))}
        </select>
        <label htmlFor={actorId}>{t('filters.actor')}</label>
        <select id={actorId} value={actor} onChange={(event) => setActor(event.target.value)}>
          <option value={everyone}>{t('filters.anyActor')}</option>
          {actors.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <span className="muted audit-filters__scope" role="status">
          {t('filters.scope', { shown: shown.length, loaded: log.events.length })}
        </span>
      </div>
      {log.error !== null && <ApiErrorAlert error={log.error} onRetry={log.events.length ? log.loadOlder : log.reload} />}
      {log.events.length > 0 && <AuditTable events={shown} />}
      {!log.loading && log.error === null && log.events.length === 0 && <p className="muted">{t('empty')}</p>}
      {log.loading && (
        <p className="muted" role="status">
          {t('common:loading')}
        </p>
      )}
      {log.hasOlder && !log.loading && log.error === null && (
        <button type="button" onClick={log.loadOlder}>
          {t('loadOlder')}
        </button>
      )}
    </main>
  );
}
