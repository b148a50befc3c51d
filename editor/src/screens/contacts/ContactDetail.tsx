import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { PageHead } from '../../ui/PageHead';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { contactPath, type Contact } from './contact-types';
import { ContactForm } from './ContactForm';
import { ContactProfile } from './ContactProfile';
import { ContactTimeline } from './ContactTimeline';

/** One contact: who they are, what they agreed to, and everything journeys did with them. */
export function ContactDetail({ externalId }: { externalId: string }) {
  const { t } = useTranslation('contacts');
  const { api, can } = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const contact = useLoad((signal) => api.request<Contact>('GET', contactPath(externalId), { signal }), [api, externalId]);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleting = useAction();
  const writable = can('contacts:write');

  return (
    <div className="ws-page">
      <PageHead
        title={externalId}
        sub={contact.data && t('detail.since', { created: format.dateTime(contact.data.createdAt), last: format.dateTime(contact.data.lastEventAt) })}
        back={{ href: '/', label: t('detail.back') }}
      >
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
      </PageHead>

      {confirmDelete && (
        <ConfirmDelete
          question={t('detail.deleteQuestion', { id: externalId })}
          confirmLabel={t('detail.deleteConfirm')}
          deleting={deleting}
          onConfirm={() => void deleting.run(() => api.delete(contactPath(externalId)), () => navigate('/'))}
          onCancel={() => setConfirmDelete(false)}
        />
      )}

      <LoadState of={contact} />
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
