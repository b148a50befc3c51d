import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../../ui/format';
import { nextPromise, slaOf } from './sla';
import { SlaStatus } from './SlaStatus';
import type { Task } from './tasks-api';

/** The inbox, oldest first: each case with its priority, queue, who has it and the promise owed next. */
export function TaskList({ tasks, selectedId, nowMs }: { tasks: readonly Task[]; selectedId: string | undefined; nowMs: number }) {
  const { t, i18n } = useTranslation('inbox');
  return (
    <ul className="task-list" aria-label={t('list.label')}>
      {tasks.map((task) => {
        const owed = nextPromise(slaOf(task, nowMs));
        const overdue = owed?.state.state === 'overdue';
        return (
          <li key={task.id}>
            <Link
              href={`/${task.id}`}
              className={['task-list__item', overdue ? 'task-list__item--overdue' : '', task.id === selectedId ? 'task-list__item--selected' : ''].join(' ')}
              aria-current={task.id === selectedId ? 'page' : undefined}
            >
              <span className="task-list__title">{task.title}</span>
              <span className="task-list__meta">
                <span className={`priority priority--${task.priority}`}>{t(`priorities.${task.priority}`, { defaultValue: task.priority })}</span>
                <span className={`status status--${task.status}`}>{t(`statuses.${task.status}`)}</span>
                <span className="task-list__queue">{t('list.queue', { queue: task.queue })}</span>
              </span>
              <span className="task-list__meta">
                {owed ? (
                  <>
                    <span className="muted">{t(`sla.${owed.which}`)}</span> <SlaStatus state={owed.state} />
                  </>
                ) : (
                  <span className="muted">{t('list.opened', { at: formatDateTime(task.createdAt, i18n.language) })}</span>
                )}
                <span className="task-list__assignee">{task.assignee ? t('list.assignee', { name: task.assignee.name }) : t('list.unassigned')}</span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
