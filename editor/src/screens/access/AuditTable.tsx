import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../../ui/format';
import type { AuditEvent } from './use-audit-log';

/** Where a target can be opened in the editor; others are shown by type and id. */
const targetRoutes: Record<string, (id: string) => string> = {
  journey: (id) => `/journeys/${encodeURIComponent(id)}`,
  task: (id) => `/inbox/${encodeURIComponent(id)}`,
};

function detailValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The audit entries as a table: when, who, what, on what, and the entry's own details. */
export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  const { t, i18n } = useTranslation('audit');
  return (
    <table className="table audit-table">
      <caption className="visually-hidden">{t('table.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('table.when')}</th>
          <th scope="col">{t('table.who')}</th>
          <th scope="col">{t('table.action')}</th>
          <th scope="col">{t('table.target')}</th>
          <th scope="col">{t('table.details')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const route = targetRoutes[event.target.type];
          return (
            <tr key={event.id}>
              <td className="audit-table__when">
                <time dateTime={event.at}>{formatDateTime(event.at, i18n.language)}</time>
              </td>
              <td>
                <span className="audit-table__actor">{event.actor.name}</span>
                <span className="audit-table__kind">{t(`actorKinds.${event.actor.kind}`)}</span>
              </td>
              <td>
                <span className="audit-table__action">{t(`actions.${event.action}`, { defaultValue: event.action })}</span>
                <code className="audit-table__code">{event.action}</code>
              </td>
              <td>
                <span className="audit-table__kind">{t(`targets.${event.target.type}`, { defaultValue: event.target.type })}</span>
                {route ? (
                  <Link href={route(event.target.id)} className="audit-table__id">
                    {event.target.id}
                  </Link>
                ) : (
                  <code className="audit-table__id">{event.target.id}</code>
                )}
              </td>
              <td>
                {event.details && Object.keys(event.details).length > 0 ? (
                  <dl className="audit-table__details">
                    {Object.entries(event.details).map(([key, value]) => (
                      <div key={key}>
                        <dt>{key}</dt>
                        <dd>{detailValue(value)}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
