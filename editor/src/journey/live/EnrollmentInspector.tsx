import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { formatDateTime } from '../../ui/format';
import { EnrollmentDrawer } from './EnrollmentDrawer';
import { enrollmentStatuses, type EnrollmentRow, type EnrollmentStatus, type EnrollmentsResponse } from './live-api';

const pageSize = 50;
/** The API's own cap on one listing. */
const maxRows = 500;

export interface EnrollmentInspectorProps {
  journeyId: string;
  selectedNodeId?: string | null;
  nodeLabel?: (nodeId: string) => string | undefined;
}

/** Who is where: enrolments (newest first), by status and by the node they are at now; each opens the contact's timeline. */
export function EnrollmentInspector({ journeyId, selectedNodeId, nodeLabel }: EnrollmentInspectorProps) {
  const { t, i18n } = useTranslation('live');
  const { api } = useSession();
  const [status, setStatus] = useState<EnrollmentStatus | ''>('running');
  const [atSelected, setAtSelected] = useState(true);
  const [limit, setLimit] = useState(pageSize);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ rows?: EnrollmentRow[]; error?: Error; loading: boolean }>({ loading: true });
  const [open, setOpen] = useState<EnrollmentRow | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const nodeId = atSelected && selectedNodeId ? selectedNodeId : undefined;
  const nameOf = (id: string | null) => (id === null ? t('none') : (nodeLabel?.(id) ?? id));

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    api
      .request<EnrollmentsResponse>('GET', `${api.journeyPath(journeyId)}/enrollments`, { query: { status: status || undefined, nodeId, limit }, signal: controller.signal })
      .then(
        (body) => setState({ rows: body.enrollments, loading: false }),
        (error: unknown) => {
          if (!controller.signal.aborted) setState((previous) => ({ rows: previous.rows, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
        },
      );
    return () => controller.abort();
  }, [api, journeyId, status, nodeId, limit, attempt]);

  const close = useCallback(() => {
    setOpen(null);
    opener.current?.focus();
  }, []);

  return (
    <section className="live-section" aria-labelledby="live-enrollments">
      <div className="live-section__head">
        <h3 id="live-enrollments">{t('enrollments.heading')}</h3>
        <button type="button" className="live-button" onClick={() => setAttempt((value) => value + 1)} disabled={state.loading}>
          {t('refresh')}
        </button>
      </div>
      <div className="live-filter">
        <label>
          <span>{t('enrollments.status')}</span>
          <select value={status} onChange={(event) => setStatus(event.target.value as EnrollmentStatus | '')}>
            <option value="">{t('enrollments.anyStatus')}</option>
            {enrollmentStatuses.map((value) => (
              <option key={value} value={value}>
                {t(`enrollments.statuses.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {selectedNodeId && (
          <label className="live-check">
            <input type="checkbox" checked={atSelected} onChange={(event) => setAtSelected(event.target.checked)} />
            <span>{t('enrollments.atSelected', { node: nameOf(selectedNodeId) })}</span>
          </label>
        )}
      </div>
      {state.error && (
        <p className="live-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.loading && !state.rows && <p className="live-hint">{t('loading')}</p>}
      {state.rows && state.rows.length === 0 && <p className="live-hint">{nodeId ? t('enrollments.noneAtNode', { node: nameOf(nodeId) }) : t('enrollments.none')}</p>}
      {state.rows && state.rows.length > 0 && (
        <ul className="live-enrollments" aria-busy={state.loading}>
          {state.rows.map((row) => (
            <li key={row.id}>
              <button
                type="button"
                className="live-enrollment"
                onClick={(event) => {
                  opener.current = event.currentTarget;
                  setOpen(row);
                }}
              >
                <span className="live-enrollment__who">{row.externalId ?? row.contactId}</span>
                <span className={`live-tag live-tag--${row.status}`}>{t(`enrollments.statuses.${row.status}`)}</span>
                <span className="live-enrollment__where">
                  {row.status === 'running' ? t('enrollments.at', { node: nameOf(row.currentNodeId) }) : t(`exitReasons.${row.exitReason ?? 'unknown'}`, { defaultValue: row.exitReason ?? t('none') })}
                </span>
                <time className="live-hint" dateTime={row.enrolledAt}>
                  {t('enrollments.since', { when: formatDateTime(row.enrolledAt, i18n.language) })}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
      {state.rows && state.rows.length === limit && limit < maxRows && (
        <button type="button" className="live-link" onClick={() => setLimit((value) => Math.min(maxRows, value + pageSize))}>
          {t('enrollments.more')}
        </button>
      )}
      {open && <EnrollmentDrawer enrollment={open} nodeName={nameOf(open.currentNodeId)} onClose={close} />}
    </section>
  );
}
