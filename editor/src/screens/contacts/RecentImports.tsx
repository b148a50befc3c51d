import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { useFormat } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import type { ContactImport } from './import-types';

const shown = 5;

/** The latest imports, so one started earlier (or by someone else) can be followed or reviewed. */
export function RecentImports({ onOpen }: { onOpen: (job: ContactImport) => void }) {
  const { t } = useTranslation('contacts');
  const { api } = useSession();
  const format = useFormat();
  const imports = useLoad(async (signal) => (await api.request<{ imports: ContactImport[] }>('GET', '/v1/contact-imports', { signal })).imports.filter((job) => job.status !== 'awaiting_file'), [api]);

  if (imports.error !== undefined) return <ApiErrorAlert error={imports.error} onRetry={imports.reload} />;
  if (!imports.data?.length) return null;
  return (
    <section className="ws-import__recent" aria-labelledby="recent-imports">
      <h3 id="recent-imports" className="ws-import__heading">
        {t('import.recent')}
      </h3>
      <table className="ws-table">
        <thead>
          <tr>
            <th scope="col">{t('import.fileName')}</th>
            <th scope="col">{t('import.startedAt')}</th>
            <th scope="col">{t('import.status')}</th>
            <th scope="col">{t('import.rowsColumn')}</th>
            <th scope="col">
              <span className="ws-sr-only">{t('import.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {imports.data.slice(0, shown).map((job) => (
            <tr key={job.id}>
              <td>{job.fileName ?? '—'}</td>
              <td>{format.dateTime(job.createdAt)}</td>
              <td>{t(`import.statuses.${job.status}`)}</td>
              <td>{t('import.rows', { done: format.number(job.rowsDone), total: format.number(job.rowsTotal ?? 0) })}</td>
              <td>
                <button type="button" className="ws-button ws-button--small" onClick={() => onOpen(job)} aria-label={t('import.showLabel', { name: job.fileName ?? job.id })}>
                  {t('import.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
