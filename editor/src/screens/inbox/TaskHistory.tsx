import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import type { Task } from './tasks-api';

interface Entry {
  at: string;
  key: string;
  text: string;
  body?: string;
}

/** Everything that happened to the case, in time order: opened, claimed, replies and notes, escalations, resolved. */
export function TaskHistory({ task }: { task: Task }) {
  const { t, i18n } = useTranslation('inbox');
  const entries: Entry[] = [
    { at: task.createdAt, key: 'opened', text: t('history.opened') },
    ...(task.claimedAt ? [{ at: task.claimedAt, key: 'claimed', text: t('history.claimed', { name: task.assignee?.name ?? '' }) }] : []),
    ...task.notes.map((note, index) => ({ at: note.at, key: `note-${index}`, text: t(note.kind === 'response' ? 'history.response' : 'history.note', { name: note.by }), body: note.text })),
    ...task.escalations.map((escalation) => ({
      at: escalation.at,
      key: `escalation-${escalation.kind}`,
      text: t(`history.escalated.${escalation.kind}`, { priority: t(`priorities.${escalation.priority}`, { defaultValue: escalation.priority }) }),
    })),
    ...(task.resolvedAt ? [{ at: task.resolvedAt, key: 'resolved', text: t('history.resolved', { resolution: task.resolution ?? '' }) }] : []),
  ];
  // Stable, so entries at the same instant keep the order above.
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="task-history">
      {entries.map((entry) => (
        <li key={entry.key} className={`task-history__entry task-history__entry--${entry.key.split('-')[0]}`}>
          <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
          <span className="task-history__text">{entry.text}</span>
          {entry.body && <p className="task-history__body">{entry.body}</p>}
        </li>
      ))}
    </ol>
  );
}
