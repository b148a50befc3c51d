import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from 'wouter';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { nextPromise, slaOf } from './inbox/sla';
import { TaskDetail } from './inbox/TaskDetail';
import { TaskFiltersBar } from './inbox/TaskFiltersBar';
import { TaskList } from './inbox/TaskList';
import { defaultFilters, listLimit } from './inbox/tasks-api';
import { useNow } from './inbox/use-now';
import { useTaskList } from './inbox/use-task-list';
import './inbox/inbox.css';

/**
 * The hand-off inbox (`#/inbox`, `#/inbox/<task id>`): cases journeys handed to people, listed on
 * the left, the chosen one on the right. Reading needs `tasks:read`; working a case `tasks:write`.
 */
export function InboxScreen() {
  const { t } = useTranslation('inbox');
  const { can } = useSession();
  if (!can('tasks:read')) {
    return (
      <main className="inbox">
        <h1>{t('title')}</h1>
        <p role="alert">{t('common:notAllowed')}</p>
      </main>
    );
  }
  return <Inbox />;
}

function Inbox() {
  const { t } = useTranslation('inbox');
  const { api } = useSession();
  const [filters, setFilters] = useState(defaultFilters);
  const list = useTaskList(api, filters);
  const [, params] = useRoute<{ id: string }>('/:id');
  const nowMs = useNow();
  const queues = useMemo(() => [...new Set(list.tasks.map((task) => task.queue))].sort(), [list.tasks]);
  const overdue = list.tasks.filter((task) => nextPromise(slaOf(task, nowMs))?.state.state === 'overdue').length;

  return (
    <main className="inbox">
      <header className="inbox__header">
        <h1>{t('title')}</h1>
        <p className="muted" role="status">
          {list.loading ? t('common:loading') : t('list.count', { count: list.tasks.length, overdue })}
        </p>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          {t('refresh')}
        </button>
      </header>
      <TaskFiltersBar filters={filters} queues={queues} onChange={setFilters} />
      <div className="inbox__panes">
        <div className="inbox__list">
          {list.error !== null && <ApiErrorAlert error={list.error} />}
          {!list.loading && list.error === null && list.tasks.length === 0 && <p className="muted inbox__empty">{t('list.empty')}</p>}
          <TaskList tasks={list.tasks} selectedId={params?.id} nowMs={nowMs} />
          {list.truncated && <p className="muted">{t('list.truncated', { limit: listLimit })}</p>}
        </div>
        <div className="inbox__detail">
          {params?.id ? <TaskDetail key={params.id} taskId={params.id} nowMs={nowMs} onChanged={list.replace} /> : <p className="muted inbox__placeholder">{t('detail.choose')}</p>}
        </div>
      </div>
    </main>
  );
}
