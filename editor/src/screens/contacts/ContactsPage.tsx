import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { PageHead } from '../../ui/PageHead';
import { contactHref } from './contact-types';
import { ContactForm } from './ContactForm';
import { ContactImport } from './ContactImport';
import { ContactList } from './ContactList';

type Panel = 'create' | 'import' | undefined;

/** The contacts list, with adding one by hand and importing a CSV above it for those who may write. */
export function ContactsPage() {
  const { t } = useTranslation('contacts');
  const { can } = useSession();
  const [, navigate] = useLocation();
  const [panel, setPanel] = useState<Panel>();
  const [refreshKey, setRefreshKey] = useState(0);
  const writable = can('contacts:write');

  return (
    <div className="ws-page">
      <PageHead title={t('title')} sub={t('subtitle')}>
        {writable && (
          <div className="ws-actions">
            <button type="button" className="ws-button" onClick={() => setPanel('import')} aria-expanded={panel === 'import'} aria-controls="contacts-panel">
              {t('import.button')}
            </button>
            <button type="button" className="ws-button ws-button--primary" onClick={() => setPanel('create')} aria-expanded={panel === 'create'} aria-controls="contacts-panel">
              {t('form.newButton')}
            </button>
          </div>
        )}
      </PageHead>
      <div id="contacts-panel">
        {panel === 'create' && (
          <ContactForm
            onCancel={() => setPanel(undefined)}
            onSaved={(contact) => {
              const href = contactHref(contact);
              if (href) navigate(href);
              else setPanel(undefined);
            }}
          />
        )}
        {panel === 'import' && <ContactImport onClose={() => setPanel(undefined)} onImported={() => setRefreshKey((key) => key + 1)} />}
      </div>
      <ContactList refreshKey={refreshKey} />
    </div>
  );
}
