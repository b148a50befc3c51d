import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { formatDateTime } from '../../ui/format';
import { slaOf } from './sla';
import { SlaStatus } from './SlaStatus';
import { TaskActions } from './TaskActions';
import { TaskHistory } from './TaskHistory';
import { tasksApi, type Task } from './tasks-api';
import { useJourneyName } from './use-journey-name';

/** One case: who and what it is about, its promises, what can be done with it, and its history. */
export function TaskDetail({ taskId, nowMs, onChanged }: { taskId: string; nowMs: number; onChanged: (task: Task) => void }) {
  const { t } = useTranslation('inbox');
  const { api } = useSession();
  const [task, setTask] = useState<Task>();
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    return tasksApi.get(api, taskId).then(setTask, setError);
  }, [api, taskId]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = useCallback(
    (updated: Task) => {
      setTask(updated);
      onChanged(updated);
    },
    [onChanged],
  );

  if (error !== null && !task) {
    return (
      <section className="task-detail">
        <ApiErrorAlert error={error} onRetry={() => void load()} />
      </section>
    );
  }
  if (!task) {
    return (
      <section className="task-detail">
        <p className="muted" role="status">
          {t('common:loading')}
        </p>
      </section>
    );
  }
  return (
    <>
      {error !== null && <ApiErrorAlert error={error} onDismiss={() => setError(null)} />}
      <TaskView task={task} nowMs={nowMs} onChanged={changed} onStale={() => void load()} />
    </>
  );
}

function TaskView({ task, nowMs, onChanged, onStale }: { task: Task; nowMs: number; onChanged: (task: Task) => void; onStale: () => void }) {
  const { t, i18n } = useTranslation('inbox');
  const { api, can } = useSession();
  const journeyName = useJourneyName(api, task.journeyId, can('journeys:read'));
  const sla = slaOf(task, nowMs);
  const titleId = useId();
  return (
    <article className="task-detail" aria-labelledby={titleId}>
      <header className="task-detail__header">
        <h2 id={titleId}>{task.title}</h2>
        <span className={`priority priority--${task.priority}`}>{t(`priorities.${task.priority}`, { defaultValue: task.priority })}</span>
        <span className={`status status--${task.status}`}>{t(`statuses.${task.status}`)}</span>
      </header>
      <dl className="task-detail__facts">
        <dt>{t('detail.contact')}</dt>
        <dd>
          {task.externalId && can('contacts:read') ? (
            <Link href={`~/contacts/${encodeURIComponent(task.externalId)}`}>{task.externalId}</Link>
          ) : (
            <code>{task.externalId ?? task.contactId}</code>
          )}
        </dd>
        <dt>{t('detail.journey')}</dt>
        <dd>
          {task.journeyId ? (
            <Link href={`~/journeys/${encodeURIComponent(task.journeyId)}`}>{journeyName ?? task.journeyId}</Link>
          ) : (
            <span className="muted">{t('detail.noJourney')}</span>
          )}
          {task.nodeId && <span className="muted"> · {t('detail.node', { node: task.nodeId })}</span>}
        </dd>
        <dt>{t('detail.queue')}</dt>
        <dd>{task.queue}</dd>
        <dt>{t('detail.opened')}</dt>
        <dd>
          <time dateTime={task.createdAt}>{formatDateTime(task.createdAt, i18n.language)}</time>
        </dd>
        <dt>{t('detail.assignee')}</dt>
        <dd>{task.assignee?.name ?? <span className="muted">{t('list.unassigned')}</span>}</dd>
        <dt>{t('sla.firstResponse')}</dt>
        <dd>
          <SlaStatus state={sla.firstResponse} /> <span className="muted">{t('sla.by', { at: formatDateTime(task.due.firstResponseBy, i18n.language) })}</span>
        </dd>
        <dt>{t('sla.resolution')}</dt>
        <dd>
          <SlaStatus state={sla.resolution} /> <span className="muted">{t('sla.by', { at: formatDateTime(task.due.resolveBy, i18n.language) })}</span>
        </dd>
        {task.resolution && (
          <>
            <dt>{t('detail.resolution')}</dt>
            <dd>{task.resolution}</dd>
          </>
        )}
      </dl>
      <section className="task-detail__reason">
        <h3>{t('detail.reason')}</h3>
        <p>{task.note ?? <span className="muted">{t('detail.noReason')}</span>}</p>
      </section>
      <section className="task-detail__history">
        <h3>{t('detail.history')}</h3>
        <TaskHistory task={task} />
      </section>
      <TaskActions task={task} allowed={can('tasks:write')} onChanged={onChanged} onStale={onStale} />
    </article>
  );
}
