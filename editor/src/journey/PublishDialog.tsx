import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';

/** Saves what is left, then publishes the draft as a new version with the user's note. */
export function PublishDialog({ journeyId, flush, onClose, onPublished }: { journeyId: string; flush: () => Promise<boolean>; onClose: () => void; onPublished: (version: number) => void }) {
  const { t } = useTranslation('journey');
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!(await flush())) throw new Error(t('publishDialog.notSaved'));
      const result = await api.post<{ version: number }>(`${api.journeyPath(journeyId)}/publish`, note.trim() ? { note: note.trim() } : {});
      onPublished(result.version);
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="publish-title" onCancel={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="publish-title">{t('publishDialog.title')}</h2>
        <p className="muted">{t('publishDialog.explain')}</p>
        <label htmlFor="publish-note">{t('publishDialog.note')}</label>
        <textarea id="publish-note" value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={2000} placeholder={t('publishDialog.notePlaceholder')} />
        {error !== undefined && <ApiErrorAlert error={error} />}
        <div className="dialog__actions">
          <button type="button" onClick={onClose} disabled={busy}>
            {t('common:cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('publishDialog.publishing') : t('publishDialog.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
