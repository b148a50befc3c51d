import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { contactPath, type Contact } from './contact-types';
import { ContactForm } from './ContactForm';
import { ContactProfile } from './ContactProfile';
import { ContactTimeline } from './ContactTimeline';
import { useFormat } from './format';
import { ProblemAlert } from './ProblemAlert';
import { useLoad } from './use-load';

/** One contact: who they are, what they agreed to, and everything journeys did with them. */
export function ContactDetail({ externalId }: { externalId: string }) {
  const { t } = useTranslation('contacts');
  const { api, can } = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const contact = useLoad((signal) => api.request<Contact>('GET', contactPath(externalId), { signal }), [api, externalId]);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const writable = can('contacts:write');

  const remove = async () => {
    setDeleting({ busy: true });
    try {
      await api.delete(contactPath(externalId));
      navigate('/');
    } catch (error) {
      setDeleting({ busy: false, error });
    }
  };

  return (
    <div className="ws-page">
      <Link href="/" className="ws-back">
        {t('detail.back')}
      </Link>
      <header className="ws-page__head">
        <div>
          <h1>{externalId}</h1>
          {contact.data && (
            <p className="ws-page__sub">
              {t('detail.since', { created: format.dateTime(contact.data.createdAt), last: format.dateTime(contact.data.lastEventAt) })}
            </p>
          )}
        </div>
        {contact.data && !editing && (
          <div className="ws-actions">
            <button type="button" className="ws-button" onClick={() => setEditing(true)} disabled={!writable} title={writable ? undefined : t('common:notAllowed')}>
              {t('detail.edit')}
            </button>
            {writable && !confirmDelete && (
              <button type="button" className="ws-button ws-button--danger" onClick={() => setConfirmDelete(true)}>
                {t('common:delete')}
              </button>
            )}
          </div>
        )}
      </header>

      {confirmDelete && (
        <div className="ws-alert ws-confirm" role="alertdialog" aria-labelledby="delete-contact-question">
          <p id="delete-contact-question">{t('detail.deleteQuestion', { id: externalId })}</p>
          {deleting.error !== undefined && <ProblemAlert error={deleting.error} />}
          <div className="ws-actions">
            <button type="button" className="ws-button ws-button--danger" onClick={() => void remove()} disabled={deleting.busy} autoFocus>
              {t('detail.deleteConfirm')}
            </button>
            <button type="button" className="ws-button" onClick={() => setConfirmDelete(false)}>
              {t('common:cancel')}
            </button>
          </div>
        </div>
      )}

      {contact.error !== undefined && <ProblemAlert error={contact.error} onRetry={contact.reload} />}
      {contact.loading && !contact.data && <p className="ws-empty">{t('common:loading')}</p>}
      {contact.data &&
        (editing ? (
          <ContactForm
            contact={contact.data}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              contact.replace(saved);
              setEditing(false);
            }}
          />
        ) : (
          <ContactProfile contact={contact.data} />
        ))}
      {contact.data && (
        <div className="ws-card">
          <ContactTimeline externalId={externalId} />
        </div>
      )}
    </div>
  );
}
