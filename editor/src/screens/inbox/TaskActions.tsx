import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { tasksApi, type Task } from './tasks-api';
import { useTaskAction } from './use-task-action';

interface ActionProps {
  task: Task;
  /** False without `tasks:write`: every control is disabled, and the API would refuse anyway. */
  allowed: boolean;
  /** Points at the explanation of why the controls are disabled. */
  describedBy?: string;
  onChanged: (task: Task) => void;
  onStale: () => void;
}

/** Claim, reply, note and resolve; a resolved case takes no more changes. */
export function TaskActions(props: Omit<ActionProps, 'describedBy'>) {
  const { t } = useTranslation('inbox');
  const hintId = useId();
  if (props.task.status === 'resolved') return null;
  const shared = { ...props, describedBy: props.allowed ? undefined : hintId };
  return (
    <section className="task-actions" aria-label={t('actions.label')}>
      {!props.allowed && (
        <p id={hintId} className="task-actions__denied">
          {t('actions.readOnly')}
        </p>
      )}
      <ClaimControl {...shared} />
      <MessageForm {...shared} />
      <ResolveForm {...shared} />
    </section>
  );
}

function ClaimControl({ task, allowed, describedBy, onChanged, onStale }: ActionProps) {
  const { t } = useTranslation('inbox');
  const { api, access } = useSession();
  const action = useTaskAction(onChanged, onStale);
  const mine = task.assignee?.id === access.actor.id;
  return (
    <div className="task-actions__claim">
      {task.assignee ? (
        <span className="task-actions__assignee">{mine ? t('actions.claimedByYou') : t('actions.claimedBy', { name: task.assignee.name })}</span>
      ) : (
        <button type="button" className="primary" disabled={!allowed || action.busy} aria-describedby={describedBy} onClick={() => void action.run(() => tasksApi.claim(api, task.id))}>
          {t('actions.claim')}
        </button>
      )}
      {action.error !== null && <ApiErrorAlert error={action.error} overrides={{ 409: t('actions.conflict') }} onDismiss={action.dismiss} />}
    </div>
  );
}

/** One text for either a reply to the contact (keeps the first-response promise) or a note for colleagues. */
function MessageForm({ task, allowed, describedBy, onChanged, onStale }: ActionProps) {
  const { t } = useTranslation('inbox');
  const { api } = useSession();
  const action = useTaskAction(onChanged, onStale);
  const [text, setText] = useState('');
  const textId = useId();
  const hintId = useId();

  async function send(kind: 'respond' | 'note') {
    const trimmed = text.trim();
    if (await action.run(() => (kind === 'respond' ? tasksApi.respond(api, task.id, trimmed) : tasksApi.note(api, task.id, trimmed)))) setText('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send('respond');
  }

  const disabled = !allowed || action.busy;
  return (
    <form className="task-actions__form" onSubmit={submit}>
      <label htmlFor={textId} className="field__label">
        {t('actions.message')}
      </label>
      <textarea id={textId} rows={3} maxLength={4000} value={text} onChange={(event) => setText(event.target.value)} disabled={!allowed} aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')} />
      <p id={hintId} className="field__hint">
        {t('actions.messageHint')}
      </p>
      {action.error !== null && <ApiErrorAlert error={action.error} overrides={{ 409: t('actions.conflict') }} onDismiss={action.dismiss} />}
      <div className="task-actions__buttons">
        <button type="submit" className="primary" disabled={disabled || !text.trim()}>
          {t('actions.respond')}
        </button>
        <button type="button" disabled={disabled || !text.trim()} onClick={() => void send('note')}>
          {t('actions.note')}
        </button>
      </div>
    </form>
  );
}

function ResolveForm({ task, allowed, describedBy, onChanged, onStale }: ActionProps) {
  const { t } = useTranslation('inbox');
  const { api } = useSession();
  const action = useTaskAction(onChanged, onStale);
  const [resolution, setResolution] = useState('');
  const [note, setNote] = useState('');
  const resolutionId = useId();
  const noteId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(() => tasksApi.resolve(api, task.id, resolution.trim(), note.trim() || undefined));
  }

  return (
    <form className="task-actions__form task-actions__resolve" onSubmit={(event) => void submit(event)}>
      <h3 className="task-actions__heading">{t('actions.resolveTitle')}</h3>
      <label htmlFor={resolutionId} className="field__label">
        {t('actions.resolution')}
      </label>
      <input id={resolutionId} required maxLength={200} value={resolution} onChange={(event) => setResolution(event.target.value)} placeholder={t('actions.resolutionPlaceholder')} disabled={!allowed} aria-describedby={describedBy} />
      <label htmlFor={noteId} className="field__label">
        {t('actions.closingNote')}
      </label>
      <textarea id={noteId} rows={2} maxLength={4000} value={note} onChange={(event) => setNote(event.target.value)} disabled={!allowed} aria-describedby={describedBy} />
      {action.error !== null && <ApiErrorAlert error={action.error} overrides={{ 409: t('actions.conflict') }} onDismiss={action.dismiss} />}
      <div className="task-actions__buttons">
        <button type="submit" className="primary" disabled={!allowed || action.busy || !resolution.trim()}>
          {t('actions.resolve')}
        </button>
      </div>
    </form>
  );
}
