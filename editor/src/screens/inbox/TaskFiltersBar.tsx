import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { priorities, statusFilters, type StatusFilter, type TaskFilters } from './tasks-api';

/** Status, priority, queue and "only mine"; the queue is sent when the field is left, not on each key. */
export function TaskFiltersBar({ filters, queues, onChange }: { filters: TaskFilters; queues: readonly string[]; onChange: (filters: TaskFilters) => void }) {
  const { t } = useTranslation('inbox');
  const ids = { status: useId(), priority: useId(), queue: useId(), queues: useId(), mine: useId() };
  return (
    <form
      className="inbox-filters"
      aria-label={t('filters.label')}
      onSubmit={(event) => {
        event.preventDefault();
        const queue = new FormData(event.currentTarget).get('queue');
        onChange({ ...filters, queue: typeof queue === 'string' ? queue.trim() : '' });
      }}
    >
      <div className="inbox-filters__field">
        <label htmlFor={ids.status}>{t('filters.status')}</label>
        <select id={ids.status} value={filters.status} onChange={(event) => onChange({ ...filters, status: event.target.value as StatusFilter })}>
          {statusFilters.map((status) => (
            <option key={status} value={status}>
              {t(`filters.statuses.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="inbox-filters__field">
        <label htmlFor={ids.priority}>{t('filters.priority')}</label>
        <select id={ids.priority} value={filters.priority} onChange={(event) => onChange({ ...filters, priority: event.target.value })}>
          <option value="">{t('filters.anyPriority')}</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priorities.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="inbox-filters__field">
        <label htmlFor={ids.queue}>{t('filters.queue')}</label>
        <input
          id={ids.queue}
          name="queue"
          list={ids.queues}
          defaultValue={filters.queue}
          placeholder={t('filters.anyQueue')}
          onBlur={(event) => event.target.value.trim() !== filters.queue && onChange({ ...filters, queue: event.target.value.trim() })}
        />
        <datalist id={ids.queues}>
          {queues.map((queue) => (
            <option key={queue} value={queue} />
          ))}
        </datalist>
      </div>
      <div className="inbox-filters__check">
        <input id={ids.mine} type="checkbox" checked={filters.mine} onChange={(event) => onChange({ ...filters, mine: event.target.checked })} />
        <label htmlFor={ids.mine}>{t('filters.mine')}</label>
      </div>
    </form>
  );
}
