import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { useFormat } from '../../ui/format';
import { parseCsv } from './csv';
import { importFinished, type ContactImport, type ImportRowError } from './import-types';

const pollMs = 1000;
const shownErrors = 200;

function importPath(id: string): string {
  return `/v1/contact-imports/${encodeURIComponent(id)}`;
}

/** The rows the import left out, from its CSV report (line, column, message). */
async function rowErrors(get: (path: string) => Promise<string>, id: string): Promise<{ rows: ImportRowError[]; csv: string }> {
  const csv = await get(`${importPath(id)}/errors`);
  const rows = parseCsv(csv)
    .slice(1)
    .map(([line = '', column = '', message = '']) => ({ line: Number(line), column, message }));
  return { rows, csv };
}

/**
 * An import under way, polled until it ends: a progress bar of rows done of rows in the file,
 * then what happened (created, updated, unchanged, failed) and each row left out with why.
 */
export function ImportProgress({ initial, onFinished }: { initial: ContactImport; onFinished: (job: ContactImport) => void }) {
  const { t } = useTranslation('contacts');
  const { api } = useSession();
  const format = useFormat();
  const [job, setJob] = useState(initial);
  const [pollError, setPollError] = useState<unknown>();
  const [errors, setErrors] = useState<{ rows: ImportRowError[]; csv: string } | { error: unknown }>();
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    if (importFinished(job)) return;
    const timer = setTimeout(() => {
      api
        .get<ContactImport>(importPath(job.id))
        .then((next) => {
          setPollError(undefined);
          setJob(next);
        })
        // A failed poll is shown and tried again: the import goes on on the server either way.
        .catch((error: unknown) => {
          setPollError(error);
          setJob((current) => ({ ...current }));
        });
    }, pollMs);
    return () => clearTimeout(timer);
  }, [api, job]);

  const done = importFinished(job);
  useEffect(() => {
    if (!done) return;
    finishedRef.current(job);
    if (job.failed > 0)
      rowErrors((path) => api.get<string>(path), job.id).then(setErrors, (error: unknown) => setErrors({ error }));
    // Once, when the import ends.
  }, [done]);

  const downloadUrl = useMemo(() => (errors && 'csv' in errors ? URL.createObjectURL(new Blob([errors.csv], { type: 'text/csv' })) : undefined), [errors]);
  useEffect(
    () => () => {
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    },
    [downloadUrl],
  );

  const total = job.rowsTotal ?? 0;
  const statusClass = job.status === 'completed' ? 'ws-status--good' : job.status === 'failed' ? 'ws-status--bad' : 'ws-status--busy';

  return (
    <div className="ws-import__progress">
      <p className="ws-import__status" aria-live="polite">
        {job.fileName && <strong>{job.fileName}</strong>} <span className={`ws-status ${statusClass}`}>{t(`import.statuses.${job.status}`)}</span>
      </p>
      <div className="ws-import__bar">
        <progress max={total || 1} value={done && total === 0 ? 1 : job.rowsDone} aria-label={t('import.progressLabel')} aria-describedby={`import-count-${job.id}`} />
        <span id={`import-count-${job.id}`} className="ws-import__count">
          {t('import.rows', { done: format.number(job.rowsDone), total: format.number(total) })}
        </span>
      </div>
      {pollError !== undefined && <ApiErrorAlert error={pollError} />}
      {job.status === 'failed' && job.error && (
        <p className="ws-alert" role="alert">
          {t('import.failedWhole', { error: job.error })}
        </p>
      )}
      {done && (
        <section aria-labelledby={`import-summary-${job.id}`}>
          <h3 id={`import-summary-${job.id}`} className="ws-import__heading">
            {t('import.summary')}
          </h3>
          <dl className="ws-import__counts">
            {(['created', 'updated', 'unchanged', 'failed'] as const).map((key) => (
              <div key={key} className={`ws-import__count-box ws-import__count-box--${key}`}>
                <dt>{t(`import.counts.${key}`)}</dt>
                <dd>{format.number(job[key])}</dd>
              </div>
            ))}
          </dl>
          {job.sameFileAs && <p className="ws-hint">{t('import.sameFile')}</p>}
        </section>
      )}
      {errors && 'error' in errors && <ApiErrorAlert error={errors.error} />}
      {errors && 'rows' in errors && errors.rows.length > 0 && (
        <section aria-labelledby={`import-errors-${job.id}`}>
          <div className="ws-card__head">
            <h3 id={`import-errors-${job.id}`} className="ws-import__heading">
              {t('import.badRows', { count: errors.rows.length })}
            </h3>
            {downloadUrl && (
              <a href={downloadUrl} download={`import-${job.id}-errors.csv`}>
                {t('import.downloadErrors')}
              </a>
            )}
          </div>
          <table className="ws-table">
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.rows.slice(0, shownErrors).map((row, index) => (
                <tr key={`${row.line}-${row.column}-${index}`}>
                  <td>{format.number(row.line)}</td>
                  <td>{row.column || '—'}</td>
                  <td>{row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors.rows.length > shownErrors && <p className="ws-hint">{t('import.moreErrors', { count: errors.rows.length - shownErrors })}</p>}
        </section>
      )}
    </div>
  );
}
